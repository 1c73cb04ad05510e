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
	start := 0
	for i := 0; i < len(s); {
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
			start = i
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
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}
