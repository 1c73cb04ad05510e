package dto

import (
	"bytes"
	"encoding/json"
)

// scanPresence sets the bit of each tracked number or boolean that body, a JSON
// object already checked by encoding/json, carries with a non-null value. It
// matches keys as encoding/json does (exactly, else without regard to case; the
// last of duplicate keys wins) and allocates only for keys written with escapes.
// It never fails: on input that is not valid JSON it stops early.
func scanPresence(body []byte, node *presenceNode) uint64 {
	s := scanner{b: body}
	s.space()
	if s.peek() != '{' {
		return 0
	}
	var bits uint64
	s.object(node, &bits)
	return bits
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// object reads an object at s.i, recording the keys node knows.
func (s *scanner) object(node *presenceNode, bits *uint64) {
	s.i++ // '{'
	for s.i < len(s.b) {
		s.space()
		switch s.peek() {
		case '}':
			s.i++
			return
		case ',':
			s.i++
			continue
		case '"':
		default:
			return // cannot happen in valid JSON
		}
		key := s.str()
		s.space()
		s.i++ // ':'
		s.space()
		k := node.lookup(key)
		switch {
		case k == nil:
			s.skip()
		case k.child != nil && s.peek() == '{':
			s.object(k.child, bits)
		case k.bit >= 0 && s.peek() == 'n': // null: not sent, as encoding/json leaves the field
			*bits &^= 1 << k.bit
			s.skip()
		case k.bit >= 0:
			*bits |= 1 << k.bit
			s.skip()
		default:
			s.skip()
		}
	}
}

// str reads a string at s.i and returns its raw contents, unescaped when it has
// escapes.
func (s *scanner) str() []byte {
	start := s.i
	s.i++
	escaped := false
	for s.i < len(s.b) {
		c := s.b[s.i]
		s.i++
		if c == '\\' {
			escaped = true
			s.i++
			continue
		}
		if c == '"' {
			break
		}
	}
	raw := s.b[start:min(s.i, len(s.b))]
	if len(raw) < 2 || raw[len(raw)-1] != '"' {
		return nil // unterminated: not valid JSON
	}
	if !escaped {
		return raw[1 : len(raw)-1]
	}
	var out string
	if json.Unmarshal(raw, &out) != nil {
		return nil
	}
	return []byte(out)
}

// skip moves past the value at s.i.
func (s *scanner) skip() {
	switch s.peek() {
	case '"':
		s.str()
	case '{', '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				s.str()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return
			}
		}
	default: // number, true, false, null
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return
			}
			s.i++
		}
	}
}

// lookup finds key among the node's keys as encoding/json would.
func (n *presenceNode) lookup(key []byte) *presenceKey {
	for i := range n.keys {
		if string(key) == n.keys[i].name {
			return &n.keys[i]
		}
	}
	for i := range n.keys {
		if bytes.EqualFold(key, []byte(n.keys[i].name)) {
			return &n.keys[i]
		}
	}
	return nil
}
