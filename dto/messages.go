package dto

import (
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// message returns the client message for a failed rule, in django-petra's form
// "The email must be a valid email address". A form's Messages override it by
// "field.rule" key (indices left out: "items.sku.required"). parent is the
// struct type holding the field, for rules that name another field; nil finds it
// from fe.
func (p *plan) message(key string, fe validator.FieldError, parent reflect.Type) string {
	// Keys without list indices: a set bounded by the form's fields and rules,
	// worded once. Such a key names one field of one struct, so the parent a
	// caller passes is the one wordMessage would find.
	cacheable := strings.IndexByte(key, '[') < 0
	mk := messageKey{key: key, tag: fe.Tag(), param: fe.Param(), kind: fe.Kind()}
	if cacheable {
		if msg, ok := p.worded.load(mk); ok {
			return msg
		}
	}
	msg := p.wordMessage(key, fe, parent)
	if cacheable {
		p.worded.store(mk, msg)
	}
	return msg
}

// wordMessage words the message of a failed rule, as message describes.
func (p *plan) wordMessage(key string, fe validator.FieldError, parent reflect.Type) string {
	if msg, ok := p.messages[indexFree(key)+"."+fe.Tag()]; ok {
		return msg
	}
	param := fe.Param()
	if names := fieldRules[fe.Tag()]; names != 0 {
		param = p.otherFieldName(fe, parent, names)
	}
	return ruleMessage(displayName(key), fe.Tag(), param, fe.Kind())
}

// messageKey identifies a worded message: the field, the rule, its parameter
// and the kind of value it judged.
type messageKey struct {
	key, tag, param string
	kind            reflect.Kind
}

// messageCache holds worded messages. It is safe for concurrent use; its zero
// value is empty and ready.
type messageCache struct {
	mu   sync.RWMutex
	byID map[messageKey]string
}

func (c *messageCache) load(k messageKey) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	msg, ok := c.byID[k]
	return msg, ok
}

func (c *messageCache) store(k messageKey, msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = make(map[messageKey]string)
	}
	c.byID[k] = msg
}

// requiredMessage is the message of a required field that was not sent, or
// sent blank: the form's own for "<key>.required", else "The name field is
// required".
func (p *plan) requiredMessage(key string) string {
	if msg, ok := p.messages[indexFree(key)+".required"]; ok {
		return msg
	}
	return ruleMessage(displayName(key), "required", "", reflect.String)
}

// fieldRules are the rules whose parameter names another field: by its Go name
// in the same struct (sibling), or by its Go path from the form (fromRoot).
var fieldRules = map[string]fieldRef{
	"eqfield": sibling, "nefield": sibling, "gtfield": sibling, "gtefield": sibling, "ltfield": sibling, "ltefield": sibling,
	"eqcsfield": fromRoot, "necsfield": fromRoot, "gtcsfield": fromRoot, "gtecsfield": fromRoot,
	"ltcsfield": fromRoot, "ltecsfield": fromRoot,
}

type fieldRef int

const (
	sibling fieldRef = iota + 1
	fromRoot
)

// otherFieldName turns the Go name a field rule names ("Password") into the
// name the client knows ("password"), or lower-cases its first letter when it
// cannot be found.
func (p *plan) otherFieldName(fe validator.FieldError, parent reflect.Type, ref fieldRef) string {
	t := p.typ
	path := fe.Param()
	if ref == sibling {
		if parent == nil {
			parent = structAt(p.typ, trimRoot(fe.StructNamespace()))
		}
		t = parent
	}
	for part := range strings.SplitSeq(path, ".") {
		if t == nil || elemType(t).Kind() != reflect.Struct {
			t = nil
			break
		}
		sf, ok := elemType(t).FieldByName(part)
		if !ok {
			t = nil
			break
		}
		t = sf.Type
		path = wireName(sf)
	}
	if t == nil {
		return lowerFirst(fe.Param())
	}
	return path
}

// structAt returns the struct type that holds the field at goPath
// ("Items[0].Price") in t, or nil.
func structAt(t reflect.Type, goPath string) reflect.Type {
	parts := strings.Split(goPath, ".")
	for _, part := range parts[:len(parts)-1] {
		sf, ok := fieldNamed(t, part)
		if !ok {
			return nil
		}
		t = sf.Type
	}
	if t = elemType(t); t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

// fieldNamed returns the field that part of a Go path ("Items[0]") names in
// t, which may be a struct or a pointer, slice, array or map of structs.
func fieldNamed(t reflect.Type, part string) (reflect.StructField, bool) {
	t = elemType(t)
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	name, _, _ := strings.Cut(part, "[")
	return t.FieldByName(name)
}

var indexPattern = regexp.MustCompile(`\[[^\]]*\]`)

// indexFree drops list indices and map keys: "items[0].sku" → "items.sku".
func indexFree(key string) string {
	if !strings.Contains(key, "[") {
		return key
	}
	return indexPattern.ReplaceAllString(key, "")
}

// displayName is the name a message speaks of: the last part of the key, without
// indices: "items[0].sku" → "sku", "tags[2]" → "tags".
func displayName(key string) string {
	key = indexFree(key)
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

// ruleMessage words a failed rule. Size rules speak of characters for text, of
// items for lists and maps, and of the value for numbers.
func ruleMessage(name, tag, param string, kind reflect.Kind) string {
	the := "The " + name
	if msg, ok := sizeMessage(tag, param, kind); ok {
		return the + " " + msg
	}
	switch tag {
	case "required", "required_if", "required_unless", "required_with", "required_with_all",
		"required_without", "required_without_all":
		return the + " field is required"
	case "excluded_with", "excluded_with_all", "excluded_without", "excluded_without_all",
		"excluded_if", "excluded_unless":
		return the + " field must not be present"
	case "isdefault":
		return the + " field must be empty"
	case "email":
		return the + " must be a valid email address"
	case "url", "http_url", "uri":
		return the + " must be a valid URL"
	case "uuid", "uuid3", "uuid4", "uuid5", "uuid7", "uuid_rfc4122", "uuid3_rfc4122", "uuid4_rfc4122", "uuid5_rfc4122":
		return the + " must be a valid UUID"
	case "ulid":
		return the + " must be a valid ULID"
	case "eq", "eq_ignore_case":
		return the + " must be " + param
	case "ne", "ne_ignore_case":
		return the + " must not be " + param
	case "oneof", "oneofci":
		return the + " must be one of: " + strings.Join(strings.Fields(param), ", ")
	case "eqfield", "eqcsfield":
		return the + " must match the " + param
	case "nefield", "necsfield":
		return the + " must differ from the " + param
	case "gtfield", "gtcsfield":
		return the + " must be greater than the " + param
	case "gtefield", "gtecsfield":
		return the + " must not be less than the " + param
	case "ltfield", "ltcsfield":
		return the + " must be less than the " + param
	case "ltefield", "ltecsfield":
		return the + " must not be greater than the " + param
	case "alpha", "alphaunicode":
		return the + " may only contain letters"
	case "alphanum", "alphanumunicode":
		return the + " may only contain letters and numbers"
	case "alphaspace":
		return the + " may only contain letters and spaces"
	case "numeric":
		return the + " may only contain digits"
	case "number":
		return the + " must be a number"
	case "hexadecimal":
		return the + " must be a hexadecimal number"
	case "boolean":
		return the + " must be true or false"
	case "lowercase":
		return the + " must be lower case"
	case "uppercase":
		return the + " must be upper case"
	case "contains":
		return the + " must contain " + param
	case "containsany":
		return the + " must contain one of the characters " + param
	case "excludes":
		return the + " must not contain " + param
	case "excludesall":
		return the + " must not contain any of the characters " + param
	case "startswith":
		return the + " must start with " + param
	case "startsnotwith":
		return the + " must not start with " + param
	case "endswith":
		return the + " must end with " + param
	case "endsnotwith":
		return the + " must not end with " + param
	case "ip", "ip_addr":
		return the + " must be a valid IP address"
	case "ipv4", "ip4_addr":
		return the + " must be a valid IPv4 address"
	case "ipv6", "ip6_addr":
		return the + " must be a valid IPv6 address"
	case "cidr", "cidrv4", "cidrv6":
		return the + " must be a valid CIDR notation"
	case "hostname", "hostname_rfc1123", "fqdn":
		return the + " must be a valid host name"
	case "e164":
		return the + " must be a valid phone number in E.164 format"
	case "datetime":
		return the + " must be a date in the format " + param
	case "timezone":
		return the + " must be a valid time zone"
	case "json":
		return the + " must be valid JSON"
	case "jwt":
		return the + " must be a valid JWT"
	case "hexcolor", "rgb", "rgba", "hsl", "hsla", "iscolor":
		return the + " must be a valid colour"
	case "base64", "base64url", "base64rawurl":
		return the + " must be valid base64"
	case "ascii", "printascii":
		return the + " may only contain ASCII characters"
	case "unique":
		return the + " must not contain duplicates"
	case "iso3166_1_alpha2", "iso3166_1_alpha3", "country_code":
		return the + " must be a valid country code"
	case "iso4217":
		return the + " must be a valid currency code"
	case "bcp47_language_tag":
		return the + " must be a valid language tag"
	case "semver":
		return the + " must be a valid semantic version"
	case "latitude":
		return the + " must be a valid latitude"
	case "longitude":
		return the + " must be a valid longitude"
	case "mac":
		return the + " must be a valid MAC address"
	case "isbn", "isbn10", "isbn13":
		return the + " must be a valid ISBN"
	case "credit_card", "luhn_checksum":
		return the + " must be a valid card number"
	}
	return the + " is invalid"
}

// sizeMessage words the rules that compare a size or a value: characters of
// text, items of a list or map, the value of a number; with no parameter, the
// time rules compare with now.
func sizeMessage(tag, param string, kind reflect.Kind) (string, bool) {
	var atLeast, atMost, over, under, exactly, notExactly string
	switch kind {
	case reflect.String:
		unit := units(param, " character", " characters")
		atLeast, atMost = "must be at least "+param+unit, "must not be greater than "+param+unit
		over, under = "must be greater than "+param+unit, "must be less than "+param+unit
		exactly = "must be exactly " + param + unit
	case reflect.Slice, reflect.Array, reflect.Map:
		unit := units(param, " item", " items")
		atLeast, atMost = "must have at least "+param+unit, "must not have more than "+param+unit
		over, under = "must have more than "+param+unit, "must have fewer than "+param+unit
		exactly, notExactly = "must have exactly "+param+unit, "must not have exactly "+param+unit
	case reflect.Struct:
		if param != "" {
			return "", false
		}
		// time.Time: gt, gte, lt and lte without a parameter compare with now.
		switch tag {
		case "gt":
			return "must be in the future", true
		case "gte":
			return "must not be in the past", true
		case "lt":
			return "must be in the past", true
		case "lte":
			return "must not be in the future", true
		}
		return "", false
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		atLeast, atMost = "must be at least "+param, "must not be greater than "+param
		over, under = "must be greater than "+param, "must be less than "+param
		exactly = "must be exactly " + param
	default:
		return "", false
	}
	switch tag {
	case "min", "gte":
		return atLeast, true
	case "max", "lte":
		return atMost, true
	case "gt":
		return over, true
	case "lt":
		return under, true
	case "len":
		return exactly, true
	}
	if kind == reflect.Slice || kind == reflect.Array || kind == reflect.Map { // eq and ne compare their size
		switch tag {
		case "eq":
			return exactly, true
		case "ne":
			return notExactly, true
		}
	}
	return "", false
}

func units(param, one, many string) string {
	if param == "1" {
		return one
	}
	return many
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
