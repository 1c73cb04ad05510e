package openapi

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// splitRules splits a `validate` tag into the field's own rules and the rules
// of its items, after "dive".
func splitRules(tag string) (own, items []string) {
	if tag == "" {
		return nil, nil
	}
	rules := strings.Split(tag, ",")
	for i, r := range rules {
		if r == "dive" {
			return rules[:i], rules[i+1:]
		}
	}
	return rules, nil
}

// fieldRules splits the validate tag of sf, a form field, as splitRules does.
// For a field dto trims (dto:"trim"), whose rules dto checks once the
// surrounding whitespace is removed, it keeps only the rules the text holds
// as sent, its lower bounds: a value sent with spaces around it may be longer
// than max, or not be an email as sent, and still be taken. note then says
// so, naming the rules left out, for the field's description.
func fieldRules(sf reflect.StructField) (own, items []string, note string) {
	own, items = splitRules(sf.Tag.Get("validate"))
	if !slices.Contains(strings.Split(sf.Tag.Get("dto"), ","), "trim") {
		return own, items, ""
	}
	t := sf.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var left []string
	if t.Kind() == reflect.String {
		own, left = rulesAsSent(own)
	} else {
		items, left = rulesAsSent(items) // a list's own rules count its items
	}
	note = "Surrounding whitespace is removed before it is checked"
	if len(left) > 0 {
		note += " against " + strings.Join(left, ", ")
	}
	return own, items, note + "."
}

// rulesAsSent splits the rules of a text dto trims into those its text holds
// as sent, presence and lower bounds of its length, and the others.
func rulesAsSent(rules []string) (kept, left []string) {
	for _, r := range rules {
		name, _, _ := strings.Cut(r, "=")
		switch name {
		case "required", "omitempty", "min", "gte", "gt":
			kept = append(kept, r)
		default:
			left = append(left, r)
		}
	}
	return kept, left
}

func hasRule(rules []string, name string) bool {
	for _, r := range rules {
		if r == name {
			return true
		}
	}
	return false
}

// formats are the validator rules that are JSON Schema formats. The email rule
// takes internationalized addresses (josé@exemple.fr: its pattern allows
// letters beyond ASCII in the local part and the domain), which the format
// email (RFC 5321) does not and idn-email (RFC 6531) does. It is the nearest
// format, not an exact one: the rule also takes a ~ in a domain label and a
// local part longer than 64 octets, and refuses a domain of one label and an
// address literal (x@[192.0.2.1]), both of which RFC 6531 allows.
var formats = map[string]string{
	"email": "idn-email", "url": "uri", "http_url": "uri", "uri": "uri-reference",
	"uuid": "uuid", "uuid4": "uuid", "uuid_rfc4122": "uuid", "uuid4_rfc4122": "uuid",
	"ipv4": "ipv4", "ip4_addr": "ipv4", "ipv6": "ipv6", "ip6_addr": "ipv6",
	"hostname": "hostname", "hostname_rfc1123": "hostname", "fqdn": "hostname",
	"datetime": "", // its layout is a Go layout, which JSON Schema cannot say
}

// patterns are the validator rules that are regular expressions, anchored
// as the validator anchors them.
var patterns = map[string]string{
	"alpha":       `^[a-zA-Z]+$`,
	"alphanum":    `^[a-zA-Z0-9]+$`,
	"numeric":     `^[-+]?[0-9]+(?:\.[0-9]+)?$`,
	"number":      `^[0-9]+$`,
	"hexadecimal": `^(0[xX])?[0-9a-fA-F]+$`,
	"lowercase":   `^[^A-Z]*$`,
	"uppercase":   `^[^a-z]*$`,
	"ascii":       `^[\x00-\x7F]*$`,
	"e164":        `^\+[1-9]?[0-9]{7,14}$`,
}

// applyRules narrows s, the schema of a field of type t, by the field's own
// rules, and its items' schema by items. Rules JSON Schema cannot say (eqfield,
// custom rules) are left to the server.
func applyRules(s *Schema, t reflect.Type, own, items []string) *Schema {
	target := s
	if len(s.AnyOf) > 0 || s.Ref != "" { // a nullable or shared struct: rules on it are about presence
		return s
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	kind := kindOf(t)
	for _, rule := range own {
		name, arg, _ := strings.Cut(rule, "=")
		switch name {
		case "required":
			if kind == "string" {
				target.MinLength = maxInt(target.MinLength, 1)
				if target.Pattern == "" {
					target.Pattern = `\S` // blank is not a value, as in Django
				}
			}
		case "min", "gte":
			bound(target, kind, arg, 0, true)
		case "gt":
			if kind == "number" {
				target.ExclusiveMinimum = parseFloat(arg)
			} else {
				bound(target, kind, arg, 1, true)
			}
		case "max", "lte":
			bound(target, kind, arg, 0, false)
		case "lt":
			if kind == "number" {
				target.ExclusiveMaximum = parseFloat(arg)
			} else {
				bound(target, kind, arg, -1, false)
			}
		case "len":
			bound(target, kind, arg, 0, true)
			bound(target, kind, arg, 0, false)
		case "oneof":
			for _, v := range strings.Fields(arg) {
				if kind == "number" {
					if f := parseFloat(v); f != nil {
						target.Enum = append(target.Enum, *f)
					}
					continue
				}
				target.Enum = append(target.Enum, v)
			}
		case "eq":
			if kind == "string" {
				target.Const = arg
			}
		case "unique":
			if kind == "array" {
				target.UniqueItems = true
			}
		case "contains":
			setPattern(target, regexp.QuoteMeta(arg))
		case "startswith":
			setPattern(target, "^"+regexp.QuoteMeta(arg))
		case "endswith":
			setPattern(target, regexp.QuoteMeta(arg)+"$")
		default:
			if f, ok := formats[name]; ok && f != "" {
				target.Format = f
			} else if p, ok := patterns[name]; ok {
				setPattern(target, p)
			}
		}
	}
	if len(items) > 0 && s.Items != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		own, deeper := splitRules(strings.Join(items, ","))
		s.Items = applyRules(s.Items, t.Elem(), own, deeper)
	}
	return s
}

// kindOf names how the validator measures a value of t: by length ("string",
// "array", "object") or by value ("number").
func kindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map:
		return "object"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	}
	return ""
}

// bound sets a lower (lower=true) or upper bound arg+shift on s by kind.
func bound(s *Schema, kind, arg string, shift int, lower bool) {
	if kind == "number" {
		if f := parseFloat(arg); f != nil {
			if lower {
				s.Minimum = f
			} else {
				s.Maximum = f
			}
		}
		return
	}
	n, err := strconv.Atoi(arg)
	if err != nil {
		return
	}
	n += shift
	switch {
	case kind == "string" && lower:
		s.MinLength = maxInt(s.MinLength, n)
	case kind == "string":
		s.MaxLength = &n
	case kind == "array" && lower:
		s.MinItems = &n
	case kind == "array":
		s.MaxItems = &n
	}
}

// setPattern sets s's pattern; a second one replaces a blank check, and
// otherwise the first stays (JSON Schema has one pattern per schema).
func setPattern(s *Schema, p string) {
	if s.Pattern == "" || s.Pattern == `\S` {
		s.Pattern = p
	}
}

func parseFloat(s string) *float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &f
}

func maxInt(cur *int, n int) *int {
	if cur != nil && *cur > n {
		return cur
	}
	return &n
}
