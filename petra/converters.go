package petra

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// A converter checks one path segment, as Django's path converters do. A value
// that does not fit is a 404 before the view runs.
type converter struct {
	name  string
	match func(string) bool
}

var converters = map[string]converter{
	"str":  {"str", func(s string) bool { return s != "" }},
	"int":  {"int", isDigits},
	"slug": {"slug", isSlug},
	"uuid": {"uuid", isUUID},
	// "path" matches the rest of the path, slashes included; chi's "*" does it.
	"path": {"path", func(s string) bool { return s != "" }},
}

// param is one path parameter whose value a converter checks.
type param struct {
	name string
	conv converter
}

// pattern is a path translated for chi.
type pattern struct {
	chi      string            // "users/{user_id}"
	shape    string            // chi with the parameter names erased, "users/{}": the paths it matches
	keys     []string          // every parameter's name, converters' and chi's, in path order
	params   []param           // converter checks, in path order
	wildcard string            // the name of a <path:...> parameter, matched by chi's "*"
	regexps  map[string]string // the regexps of chi parameters ("{id:[0-9]+}"), by name
}

// parsePattern translates a Django-style path ("users/<uuid:user_id>/") into a
// chi pattern, keeping the checks the converters make. chi-style parameters
// ("{id}", "{id:[0-9]+}") and "*" pass through. Mistakes panic, naming the path:
// they are programming errors found when the app is built, and every pattern it
// returns is one chi accepts.
func parsePattern(path string) pattern {
	var p pattern
	var b, shape strings.Builder
	seen := map[string]bool{}
	addKey := func(name string) {
		if !isIdentifier(name) {
			panic(fmt.Sprintf("petra: route %q has the parameter name %q: use letters, digits and underscores", path, name))
		}
		if seen[name] {
			panic(fmt.Sprintf("petra: route %q names the parameter %q twice", path, name))
		}
		seen[name] = true
		p.keys = append(p.keys, name)
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '>':
			panic(fmt.Sprintf("petra: route %q has a '>' without its '<'", path))
		case '}':
			panic(fmt.Sprintf("petra: route %q has a '}' without its '{'", path))
		case '{': // chi's {name} or {name:regexp}, whose regexp may hold braces
			end := closingBrace(path[i:])
			if end < 0 {
				panic(fmt.Sprintf("petra: route %q has an unclosed '{'", path))
			}
			name, rexp, hasRexp := strings.Cut(path[i+1:i+end], ":")
			addKey(name)
			if hasRexp {
				if p.regexps == nil {
					p.regexps = map[string]string{}
				}
				p.regexps[name] = rexp
			}
			b.WriteString(path[i : i+end+1])
			shape.WriteString("{")
			if hasRexp {
				shape.WriteString(":" + rexp)
			}
			shape.WriteString("}")
			i += end
		case '<':
			end := strings.IndexByte(path[i:], '>')
			if end < 0 {
				panic(fmt.Sprintf("petra: route %q has an unclosed converter", path))
			}
			spec := path[i+1 : i+end]
			i += end
			convName, name, ok := strings.Cut(spec, ":")
			if !ok { // "<id>" is Django's "<str:id>"
				convName, name = "str", spec
			}
			conv, known := converters[convName]
			if !known {
				panic(fmt.Sprintf("petra: route %q uses the unknown converter %q (use str, int, slug, uuid or path)", path, convName))
			}
			addKey(name)
			if conv.name == "path" {
				if i != len(path)-1 {
					panic(fmt.Sprintf("petra: route %q: a <path:...> parameter must end the route", path))
				}
				p.wildcard = name
				b.WriteByte('*')
				shape.WriteByte('*')
				continue
			}
			b.WriteString("{" + name + "}")
			shape.WriteString("{}")
			p.params = append(p.params, param{name: name, conv: conv})
		default:
			b.WriteByte(c)
			shape.WriteByte(c)
		}
	}
	p.chi, p.shape = b.String(), shape.String()
	checkChiPattern(path, p.chi)
	return p
}

// closingBrace returns the index in s, which starts with '{', of the brace that
// closes it, counting nested braces as chi does, or -1.
func closingBrace(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// checkChiPattern lets chi parse pat, the translation of path, so that what chi
// refuses (a malformed regexp, a "*" before the end) panics while the app is
// built, naming the route, rather than on its first request.
func checkChiPattern(path, pat string) {
	defer func() {
		if v := recover(); v != nil {
			panic(fmt.Sprintf("petra: route %q is not a pattern chi accepts: %v", path, v))
		}
	}()
	chi.NewMux().Handle("/"+strings.TrimPrefix(pat, "/"), http.NotFoundHandler())
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isSlug(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// isUUID accepts the canonical, lower-case form Django's uuid converter accepts:
// 8-4-4-4-12 hexadecimal digits. The 32 digits are checked eight at a time,
// as the bytes of four words (see notHex).
func isUUID(s string) bool {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	return notHex(word(s[0:8]))|
		notHex(half(s[9:13])|half(s[14:18])<<32)|
		notHex(half(s[19:23])|half(s[24:28])<<32)|
		notHex(word(s[28:36])) == 0
}

// word returns the first 8 bytes of s as a little-endian word.
func word(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// half returns the first 4 bytes of s as a little-endian word.
func half(s string) uint64 {
	_ = s[3]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

// notHex returns 0 when each of the 8 bytes of w is 0-9 or a-f, and
// something else when one is not.
func notHex(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	// For a byte b below 0x80, b + 0x80 - lo has its high bit set exactly
	// when b >= lo, and carries nothing into the next byte; a byte from
	// 0x80 up is not hex whatever its neighbours' results.
	atLeast := func(lo uint64) uint64 { return (w + ones*(0x80-lo)) & highs }
	hex := atLeast('0')&^atLeast('9'+1) | atLeast('a')&^atLeast('f'+1)
	return w&highs | highs&^hex
}
