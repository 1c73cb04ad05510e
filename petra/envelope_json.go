package petra

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends the JSON of b to dst: the bytes encoding/json writes for
// it without HTML escaping (keys of errors sorted, a nil list as null), with
// no reflection and, for up to 16 fields, no allocation besides dst's growth.
func (b *envelope) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"success":`...)
	dst = strconv.AppendBool(dst, b.Success)
	dst = append(dst, `,"message":`...)
	dst = appendJSONString(dst, b.Message)
	if len(b.Errors) == 0 {
		return append(dst, '}')
	}
	var room [16]string
	dst = append(dst, `,"errors":{`...)
	for i, field := range sortedKeys(b.Errors, room[:0]) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(appendJSONString(dst, field), ':')
		msgs := b.Errors[field]
		if msgs == nil {
			dst = append(dst, "null"...)
			continue
		}
		dst = append(dst, '[')
		for j, msg := range msgs {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, msg)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}', '}')
}

// appendStringMap appends the JSON of m to dst, the bytes encoding/json
// writes for it without HTML escaping: keys sorted, a nil map as null.
func appendStringMap(dst []byte, m map[string]string) []byte {
	if m == nil {
		return append(dst, "null"...)
	}
	var room [16]string
	dst = append(dst, '{')
	for i, k := range sortedKeys(m, room[:0]) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(append(appendJSONString(dst, k), ':'), m[k])
	}
	return append(dst, '}')
}

// sortedKeys appends the keys of m to keys and sorts them.
func sortedKeys[V any](m map[string]V, keys []string) []string {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendJSONString appends s to dst as a JSON string, escaped as
// encoding/json escapes it without HTML escaping: quotes, backslashes and
// control characters, U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start, i := 0, skipPlainWords(s, 0)
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start, i = i, skipPlainWords(s, i)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start, i = i, skipPlainWords(s, i)
	}
	return append(append(dst, s[start:]...), '"')
}

// skipPlainWords returns the index past the words of eight plain bytes (see
// plainWord) that s holds from i on.
func skipPlainWords(s string, i int) int {
	for i+8 <= len(s) && plainWord(s[i:i+8]) {
		i += 8
	}
	return i
}

// Byte lanes of a 64-bit word, for plainWord.
const (
	lanesOf01 = 0x0101010101010101
	lanesOf80 = 0x8080808080808080
)

// plainWord reports whether the eight bytes of s (len(s) == 8) are all ASCII
// that a JSON string holds as is: no control character, quote or backslash.
// It tests them at once, as one word: a byte below 0x20 borrows in w-0x20, and
// a byte equal to the quote or backslash is zero in w XOR that byte repeated
// and so borrows in its own subtraction; each borrow, and any byte of 0x80 or
// above, sets the lane's top bit.
func plainWord(s string) bool {
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	quote := w ^ ('"' * lanesOf01)
	backslash := w ^ ('\\' * lanesOf01)
	below := (w - 0x20*lanesOf01) & ^w
	quoted := (quote - lanesOf01) & ^quote
	escaped := (backslash - lanesOf01) & ^backslash
	return (below|quoted|escaped|w)&lanesOf80 == 0
}
