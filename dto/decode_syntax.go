package dto

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The syntax of JSON, as the one-pass decode reads it: every value it moves
// past is checked, and text is refused unless it is UTF-8 without \u0000.

// skip moves past the value at s.i, checking it.
func (s *decodeState) skip() bool {
	switch c := s.peek(); {
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || ('0' <= c && c <= '9'):
		_, ok := s.number()
		return ok
	case c == '[':
		return s.container('[', ']', s.skip)
	case c == '{':
		return s.container('{', '}', func() bool {
			_, _, ok := s.str()
			return ok && s.colon() && s.skip()
		})
	}
	return false
}

func (s *decodeState) literal(word string) bool {
	if len(s.data)-s.i < len(word) || string(s.data[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// number moves past the number at s.i and returns it.
func (s *decodeState) number() ([]byte, bool) {
	start := s.i
	if s.peek() == '-' {
		s.i++
	}
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return nil, false
	}
	if s.peek() == '.' {
		s.i++
		if s.digits() == 0 {
			return nil, false
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if s.digits() == 0 {
			return nil, false
		}
	}
	return s.data[start:s.i], true
}

func (s *decodeState) digits() int {
	start := s.i
	for s.i < len(s.data) && '0' <= s.data[s.i] && s.data[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}

// str moves past the string at s.i and returns its contents as they are
// written, and whether they hold escapes. It refuses invalid UTF-8, control
// characters and \u0000.
func (s *decodeState) str() (raw []byte, escaped, ok bool) {
	if s.peek() != '"' {
		return nil, false, false
	}
	s.i++
	start := s.i
	for s.i < len(s.data) {
		switch c := s.data[s.i]; {
		case c == '"':
			s.i++
			return s.data[start : s.i-1], escaped, true
		case c == '\\':
			escaped = true
			if s.i+1 >= len(s.data) {
				return nil, false, false
			}
			switch s.data[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				r := hex4(s.data[s.i+2:])
				if r <= 0 {
					return nil, false, false // not four hex digits, or \u0000
				}
				s.i += 6
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		case c < utf8.RuneSelf:
			s.i++
		default:
			r, n := utf8.DecodeRune(s.data[s.i:])
			if r == utf8.RuneError && n == 1 {
				return nil, false, false
			}
			s.i += n
		}
	}
	return nil, false, false
}

// key reads the key at s.i, unescaped.
func (s *decodeState) key() ([]byte, bool) {
	raw, escaped, ok := s.str()
	if !ok || !escaped {
		return raw, ok
	}
	return unescape(s.scratch[:0], raw), true
}

// text reads the string at s.i as a Go string.
func (s *decodeState) text() (string, bool) {
	raw, escaped, ok := s.str()
	if !ok || !escaped {
		return string(raw), ok
	}
	return string(unescape(s.scratch[:0], raw)), true
}

// hex4 returns the value of the four hex digits b starts with, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// unescape appends raw, the checked contents of a string with escapes, to out
// as encoding/json unquotes them: a surrogate that is not half of a pair is
// U+FFFD.
func unescape(out, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		switch raw[i+1] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(raw[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				var low rune = -1
				if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					low = hex4(raw[i+2:])
				}
				if pair := utf16.DecodeRune(r, low); pair != unicode.ReplacementChar {
					r = pair
					i += 6
				} else {
					r = unicode.ReplacementChar
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, raw[i+1])
		}
		i += 2
	}
	return out
}
