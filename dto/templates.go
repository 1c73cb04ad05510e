package dto

import (
	"reflect"
	"strings"
)

// The messages dto answers with are templates: {field} stands for the field's
// name and {param} for the rule's parameter. Each template is also the message
// ID a petra.Catalog translates, so that petra.Spanish words every one of them.

// requiredTemplate is the message of a required field that was not sent.
const requiredTemplate = "The {field} field is required"

// invalidTemplate is the message of a rule no template words.
const invalidTemplate = "The {field} is invalid"

// ruleTemplates word the rules that compare no size, by tag.
var ruleTemplates = byTag([]struct{ tags, template string }{
	{"required required_if required_unless required_with required_with_all required_without required_without_all",
		requiredTemplate},
	{"excluded_with excluded_with_all excluded_without excluded_without_all excluded_if excluded_unless",
		"The {field} field must not be present"},
	{"isdefault", "The {field} field must be empty"},
	{"email", "The {field} must be a valid email address"},
	{"url http_url uri", "The {field} must be a valid URL"},
	{"uuid uuid3 uuid4 uuid5 uuid7 uuid_rfc4122 uuid3_rfc4122 uuid4_rfc4122 uuid5_rfc4122", "The {field} must be a valid UUID"},
	{"ulid", "The {field} must be a valid ULID"},
	{"eq eq_ignore_case", "The {field} must be {param}"},
	{"ne ne_ignore_case", "The {field} must not be {param}"},
	{"oneof oneofci", "The {field} must be one of: {param}"},
	{"eqfield eqcsfield", "The {field} must match the {param}"},
	{"nefield necsfield", "The {field} must differ from the {param}"},
	{"gtfield gtcsfield", "The {field} must be greater than the {param}"},
	{"gtefield gtecsfield", "The {field} must not be less than the {param}"},
	{"ltfield ltcsfield", "The {field} must be less than the {param}"},
	{"ltefield ltecsfield", "The {field} must not be greater than the {param}"},
	{"alpha alphaunicode", "The {field} may only contain letters"},
	{"alphanum alphanumunicode", "The {field} may only contain letters and numbers"},
	{"alphaspace", "The {field} may only contain letters and spaces"},
	{"numeric", "The {field} may only contain digits"},
	{"number", "The {field} must be a number"},
	{"hexadecimal", "The {field} must be a hexadecimal number"},
	{"boolean", "The {field} must be true or false"},
	{"lowercase", "The {field} must be lower case"},
	{"uppercase", "The {field} must be upper case"},
	{"contains", "The {field} must contain {param}"},
	{"containsany", "The {field} must contain one of the characters {param}"},
	{"excludes", "The {field} must not contain {param}"},
	{"excludesall", "The {field} must not contain any of the characters {param}"},
	{"startswith", "The {field} must start with {param}"},
	{"startsnotwith", "The {field} must not start with {param}"},
	{"endswith", "The {field} must end with {param}"},
	{"endsnotwith", "The {field} must not end with {param}"},
	{"ip ip_addr", "The {field} must be a valid IP address"},
	{"ipv4 ip4_addr", "The {field} must be a valid IPv4 address"},
	{"ipv6 ip6_addr", "The {field} must be a valid IPv6 address"},
	{"cidr cidrv4 cidrv6", "The {field} must be a valid CIDR notation"},
	{"hostname hostname_rfc1123 fqdn", "The {field} must be a valid host name"},
	{"e164", "The {field} must be a valid phone number in E.164 format"},
	{"datetime", "The {field} must be a date in the format {param}"},
	{"timezone", "The {field} must be a valid time zone"},
	{"json", "The {field} must be valid JSON"},
	{"jwt", "The {field} must be a valid JWT"},
	{"hexcolor rgb rgba hsl hsla iscolor", "The {field} must be a valid colour"},
	{"base64 base64url base64rawurl", "The {field} must be valid base64"},
	{"ascii printascii", "The {field} may only contain ASCII characters"},
	{"unique", "The {field} must not contain duplicates"},
	{"iso3166_1_alpha2 iso3166_1_alpha3 country_code", "The {field} must be a valid country code"},
	{"iso4217", "The {field} must be a valid currency code"},
	{"bcp47_language_tag", "The {field} must be a valid language tag"},
	{"semver", "The {field} must be a valid semantic version"},
	{"latitude", "The {field} must be a valid latitude"},
	{"longitude", "The {field} must be a valid longitude"},
	{"mac", "The {field} must be a valid MAC address"},
	{"isbn isbn10 isbn13", "The {field} must be a valid ISBN"},
	{"credit_card luhn_checksum", "The {field} must be a valid card number"},
})

func byTag(rows []struct{ tags, template string }) map[string]string {
	m := map[string]string{}
	for _, row := range rows {
		for tag := range strings.FieldsSeq(row.tags) {
			m[tag] = row.template
		}
	}
	return m
}

// measure is what a size rule compares: the characters of text, the items of
// a list or map, the value of a number, or a time with now.
type measure int

const (
	characters measure = iota + 1
	elements
	value
	now
)

// sizeRule is a size rule's comparison on one measure; one is a parameter of
// exactly 1, for the singular of characters and items.
type sizeRule struct {
	cmp     string // min, max, gt, lt, len, ne
	measure measure
	one     bool
}

// sizeTemplates word the rules that compare a size or a value.
var sizeTemplates = map[sizeRule]string{
	{"min", characters, false}: "The {field} must be at least {param} characters",
	{"min", characters, true}:  "The {field} must be at least {param} character",
	{"max", characters, false}: "The {field} must not be greater than {param} characters",
	{"max", characters, true}:  "The {field} must not be greater than {param} character",
	{"gt", characters, false}:  "The {field} must be greater than {param} characters",
	{"gt", characters, true}:   "The {field} must be greater than {param} character",
	{"lt", characters, false}:  "The {field} must be less than {param} characters",
	{"lt", characters, true}:   "The {field} must be less than {param} character",
	{"len", characters, false}: "The {field} must be exactly {param} characters",
	{"len", characters, true}:  "The {field} must be exactly {param} character",

	{"min", elements, false}: "The {field} must have at least {param} items",
	{"min", elements, true}:  "The {field} must have at least {param} item",
	{"max", elements, false}: "The {field} must not have more than {param} items",
	{"max", elements, true}:  "The {field} must not have more than {param} item",
	{"gt", elements, false}:  "The {field} must have more than {param} items",
	{"gt", elements, true}:   "The {field} must have more than {param} item",
	{"lt", elements, false}:  "The {field} must have fewer than {param} items",
	{"lt", elements, true}:   "The {field} must have fewer than {param} item",
	{"len", elements, false}: "The {field} must have exactly {param} items",
	{"len", elements, true}:  "The {field} must have exactly {param} item",
	{"ne", elements, false}:  "The {field} must not have exactly {param} items",
	{"ne", elements, true}:   "The {field} must not have exactly {param} item",

	{"min", value, false}: "The {field} must be at least {param}",
	{"max", value, false}: "The {field} must not be greater than {param}",
	{"gt", value, false}:  "The {field} must be greater than {param}",
	{"lt", value, false}:  "The {field} must be less than {param}",
	{"len", value, false}: "The {field} must be exactly {param}",

	{"gt", now, false}:  "The {field} must be in the future",
	{"min", now, false}: "The {field} must not be in the past",
	{"lt", now, false}:  "The {field} must be in the past",
	{"max", now, false}: "The {field} must not be in the future",
}

// sizeTemplate returns the template of size rule tag with param on a value of
// kind, or not ok when tag compares no size there.
func sizeTemplate(tag, param string, kind reflect.Kind) (string, bool) {
	rule := sizeRule{cmp: tag, one: param == "1"}
	switch tag {
	case "gte":
		rule.cmp = "min"
	case "lte":
		rule.cmp = "max"
	}
	switch kind {
	case reflect.String:
		rule.measure = characters
	case reflect.Slice, reflect.Array, reflect.Map:
		rule.measure = elements
		if tag == "eq" { // eq and ne compare a list's size
			rule.cmp = "len"
		}
	case reflect.Struct:
		if param != "" {
			return "", false
		}
		rule.measure = now // time.Time: gt, gte, lt and lte without a parameter compare with now
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		rule.measure, rule.one = value, false
	default:
		return "", false
	}
	tmpl, ok := sizeTemplates[rule]
	return tmpl, ok
}

// The messages of values that do not fit their field.
const (
	notValidTemplate   = "The {field} is not valid"
	outOfRangeTemplate = "The {field} is out of range"
	indexRangeTemplate = "The {field} has an index out of range"
	notStringTemplate  = "The {field} must be a string"
	notBoolTemplate    = "The {field} must be true or false"
	notIntegerTemplate = "The {field} must be an integer"
	notNaturalTemplate = "The {field} must be a non-negative integer"
	notNumberTemplate  = "The {field} must be a number"
	notListTemplate    = "The {field} must be a list"
	notObjectTemplate  = "The {field} must be an object"
	notValueTemplate   = "The {field} must be a valid value"
	notUTF8Template    = "The {field} must be valid UTF-8 text"
	nullCharTemplate   = "The {field} must not contain null characters"
	notNullTemplate    = "The {field} must not be null" // a PATCH's explicit null for a field that cannot be nil
)
