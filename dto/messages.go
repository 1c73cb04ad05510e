package dto

import (
	"reflect"
	"regexp"
	"strings"

	"github.com/go-playground/validator/v10"
)

// message returns the client message for a failed rule, in django-petra's form
// "The email must be a valid email address". A form's Messages override it by
// "field.rule" key (indices left out: "items.sku.required").
func (p *plan) message(key string, fe validator.FieldError) string {
	if p.messages != nil {
		if msg, ok := p.messages[indexFree(key)+"."+fe.Tag()]; ok {
			return msg
		}
	}
	return ruleMessage(displayName(key), fe.Tag(), fe.Param(), fe.Kind())
}

func requiredMessage(name string) string { return "The " + displayName(name) + " field is required" }

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

// ruleMessage words a failed rule. Size rules speak of characters, items or
// value by the kind of the field.
func ruleMessage(name, tag, param string, kind reflect.Kind) string {
	the := "The " + name
	switch tag {
	case "required", "required_if", "required_unless", "required_with", "required_with_all",
		"required_without", "required_without_all":
		return the + " field is required"
	case "email":
		return the + " must be a valid email address"
	case "url", "http_url", "uri":
		return the + " must be a valid URL"
	case "uuid", "uuid4", "uuid7", "uuid_rfc4122", "uuid4_rfc4122":
		return the + " must be a valid UUID"
	case "min", "gte":
		return the + " must be at least " + param + sizeUnit(kind, param)
	case "max", "lte":
		return the + " must not be greater than " + param + sizeUnit(kind, param)
	case "gt":
		return the + " must be greater than " + param + sizeUnit(kind, param)
	case "lt":
		return the + " must be less than " + param + sizeUnit(kind, param)
	case "len":
		return the + " must be exactly " + param + sizeUnit(kind, param)
	case "eq":
		return the + " must be equal to " + param
	case "ne":
		return the + " must not be equal to " + param
	case "oneof":
		return the + " must be one of: " + strings.Join(strings.Fields(param), ", ")
	case "eqfield":
		return the + " must match the " + lowerFirst(param)
	case "nefield":
		return the + " must differ from the " + lowerFirst(param)
	case "alpha":
		return the + " may only contain letters"
	case "alphanum":
		return the + " may only contain letters and numbers"
	case "alphaunicode":
		return the + " may only contain letters"
	case "alphanumunicode":
		return the + " may only contain letters and numbers"
	case "numeric", "number":
		return the + " must be a number"
	case "boolean":
		return the + " must be true or false"
	case "lowercase":
		return the + " must be lower case"
	case "uppercase":
		return the + " must be upper case"
	case "contains":
		return the + " must contain " + param
	case "excludes":
		return the + " must not contain " + param
	case "startswith":
		return the + " must start with " + param
	case "endswith":
		return the + " must end with " + param
	case "ip", "ipv4", "ipv6":
		return the + " must be a valid IP address"
	case "cidr":
		return the + " must be a valid CIDR notation"
	case "hostname", "hostname_rfc1123", "fqdn":
		return the + " must be a valid host name"
	case "e164":
		return the + " must be a valid phone number in E.164 format"
	case "datetime":
		return the + " must be a date in the format " + param
	case "json":
		return the + " must be valid JSON"
	case "jwt":
		return the + " must be a valid JWT"
	case "hexcolor", "rgb", "rgba", "hsl", "hsla", "iscolor":
		return the + " must be a valid colour"
	case "base64", "base64url":
		return the + " must be valid base64"
	case "ascii", "printascii":
		return the + " may only contain ASCII characters"
	case "unique":
		return the + " must not contain duplicates"
	case "iso3166_1_alpha2", "iso3166_1_alpha3":
		return the + " must be a valid country code"
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
	case "credit_card":
		return the + " must be a valid credit card number"
	case "excluded_with", "excluded_without", "excluded_if", "excluded_unless":
		return the + " field must not be present"
	}
	return the + " is invalid"
}

// sizeUnit says what a size rule counts: characters of a string, items of a
// list or map, nothing for a number.
func sizeUnit(kind reflect.Kind, param string) string {
	one := param == "1"
	switch kind {
	case reflect.String:
		if one {
			return " character"
		}
		return " characters"
	case reflect.Slice, reflect.Array, reflect.Map:
		if one {
			return " item"
		}
		return " items"
	}
	return ""
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
