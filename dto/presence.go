package dto

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// sentKey reports whether the request sent a non-null, non-blank value for the
// number or boolean at key ("age", "items[0].qty"), which the validator takes
// for missing when it is 0 or false. It looks in the sources the form was bound
// from; the JSON body is scanned once, on the first call.
func (b *binding) sentKey(key []byte) bool {
	if b.json != nil && b.jsonSent(key) {
		return true
	}
	if b.nested[string(key)] {
		return true
	}
	f := b.p.topField(key)
	if f == nil {
		return false
	}
	if f.form != "" && b.values != nil && sentText(b.values[f.form]) {
		return true
	}
	if f.query != "" && sentText(b.r.QueryValues()[f.query]) {
		return true
	}
	return f.path != "" && b.r.PathParam(f.path) != ""
}

// jsonSent reports whether the JSON body sent a non-null value for the number
// or boolean at key: for a top-level key, from what the one-pass decode
// recorded; else from a scan of the body, on the first call.
func (b *binding) jsonSent(key []byte) bool {
	if b.topKnown && !bytes.ContainsAny(key, ".[") {
		sent := false
		for i, f := range b.p.decoder.fields {
			if f.scalar && f.wire == string(key) {
				sent = sent || b.sentTop&(1<<i) != 0
			}
		}
		return sent
	}
	if b.sent == nil {
		b.sent = sentKeys(b.json, b.p.root)
	}
	return b.sent[string(key)]
}

// sentText reports whether a form's values for a number hold one: a blank
// value is not sent, as an HTML form sends an empty number input.
func sentText(vals []string) bool {
	return len(vals) > 0 && strings.TrimSpace(vals[0]) != ""
}

// topField returns the top-level field keyed key, or nil.
func (p *plan) topField(key []byte) *field {
	for i := range p.fields {
		if p.fields[i].name == string(key) {
			return &p.fields[i]
		}
	}
	return nil
}

// sentKeys returns the keys of the numbers and booleans that body, a JSON object
// already checked by encoding/json, carries with a non-null value, at any depth
// (address.zip, items[0].qty). It matches keys as encoding/json does (exactly,
// else without regard to case; the last of duplicate keys wins). It never fails:
// on input that is not valid JSON it stops early.
func sentKeys(body []byte, root *node) map[string]bool {
	keys := map[string]bool{}
	s := scanner{b: body, keys: keys}
	s.space()
	if s.peek() == '{' {
		var buf [128]byte
		s.object(root, buf[:0])
	}
	return keys
}

type scanner struct {
	b    []byte
	i    int
	keys map[string]bool // what sentKeys found
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

// object reads an object at s.i, recording the keys node knows under prefix.
func (s *scanner) object(n *node, prefix []byte) {
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
		name := s.str()
		s.space()
		s.i++ // ':'
		s.space()
		k := n.lookup(name)
		if k == nil {
			s.skip()
			continue
		}
		key := append(prefix, k.wire...)
		switch c := s.peek(); {
		case c == 'n': // null: not sent, as encoding/json leaves the field
			delete(s.keys, string(key))
			s.skip()
		case k.list && c == '[':
			s.array(k, key)
		case k.child != nil && !k.list && c == '{':
			s.object(k.child, append(key, '.'))
		case k.scalar && !k.list:
			s.keys[string(key)] = true
			s.skip()
		default:
			s.skip()
		}
	}
}

// array reads the list at s.i that k describes, recording its items under
// key[i].
func (s *scanner) array(k *jsonKey, key []byte) {
	s.i++ // '['
	for i := 0; s.i < len(s.b); {
		s.space()
		switch s.peek() {
		case ']':
			s.i++
			return
		case ',':
			s.i++
			continue
		}
		item := append(strconv.AppendInt(append(key, '['), int64(i), 10), ']')
		switch c := s.peek(); {
		case c == 'n':
			s.skip()
		case k.child != nil && c == '{':
			s.object(k.child, append(item, '.'))
		case k.scalar:
			s.keys[string(item)] = true
			s.skip()
		default:
			s.skip()
		}
		i++
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
func (n *node) lookup(key []byte) *jsonKey {
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
