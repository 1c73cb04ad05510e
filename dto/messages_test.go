package dto

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
)

// ruleCase is one rule run by the validator on one value, and the message it
// must give for a field named name.
type ruleCase struct {
	name, rule string
	value      any
	want       string
}

// ruleCases covers the rules of ruleMessage and sizeMessage that need no other
// field; crossFieldForm covers the others.
var ruleCases = []ruleCase{
	{"name", "required", "", "The name field is required"},
	{"name", "isdefault", "x", "The name field must be empty"},
	{"email", "email", "nope", "The email must be a valid email address"},
	{"site", "url", "nope", "The site must be a valid URL"},
	{"site", "http_url", "ftp://example.com", "The site must be a valid URL"},
	{"site", "uri", "nope", "The site must be a valid URL"},
	{"id", "uuid", "nope", "The id must be a valid UUID"},
	{"id", "uuid3", "nope", "The id must be a valid UUID"},
	{"id", "uuid4", "nope", "The id must be a valid UUID"},
	{"id", "uuid5", "nope", "The id must be a valid UUID"},
	{"id", "uuid7", "nope", "The id must be a valid UUID"},
	{"id", "uuid_rfc4122", "nope", "The id must be a valid UUID"},
	{"id", "uuid3_rfc4122", "nope", "The id must be a valid UUID"},
	{"id", "uuid4_rfc4122", "nope", "The id must be a valid UUID"},
	{"id", "uuid5_rfc4122", "nope", "The id must be a valid UUID"},
	{"id", "ulid", "nope", "The id must be a valid ULID"},
	{"answer", "eq=yes", "no", "The answer must be yes"},
	{"answer", "eq_ignore_case=yes", "no", "The answer must be yes"},
	{"answer", "ne=no", "no", "The answer must not be no"},
	{"answer", "ne_ignore_case=no", "NO", "The answer must not be no"},
	{"count", "eq=5", 4, "The count must be 5"},
	{"count", "ne=5", 5, "The count must not be 5"},
	{"agree", "eq=true", false, "The agree must be true"},
	{"colour", "oneof=red green", "blue", "The colour must be one of: red, green"},
	{"colour", "oneofci=red green", "blue", "The colour must be one of: red, green"},
	{"name", "alpha", "a1", "The name may only contain letters"},
	{"name", "alphaunicode", "é1", "The name may only contain letters"},
	{"code", "alphanum", "a-1", "The code may only contain letters and numbers"},
	{"code", "alphanumunicode", "é-1", "The code may only contain letters and numbers"},
	{"name", "alphaspace", "a 1", "The name may only contain letters and spaces"},
	{"pin", "numeric", "12a", "The pin may only contain digits"},
	{"amount", "number", "1.5", "The amount must be a number"},
	{"hash", "hexadecimal", "xyz", "The hash must be a hexadecimal number"},
	{"flag", "boolean", "maybe", "The flag must be true or false"},
	{"slug", "lowercase", "Abc", "The slug must be lower case"},
	{"code", "uppercase", "Abc", "The code must be upper case"},
	{"email", "contains=@", "ann", "The email must contain @"},
	{"password", "containsany=!?", "secret", "The password must contain one of the characters !?"},
	{"name", "excludes=@", "a@b", "The name must not contain @"},
	{"name", "excludesall=<>", "a<b", "The name must not contain any of the characters <>"},
	{"path", "startswith=/", "a", "The path must start with /"},
	{"path", "startsnotwith=/", "/a", "The path must not start with /"},
	{"file", "endswith=.go", "a.py", "The file must end with .go"},
	{"file", "endsnotwith=.exe", "a.exe", "The file must not end with .exe"},
	{"host", "ip", "x", "The host must be a valid IP address"},
	{"host", "ip_addr", "x", "The host must be a valid IP address"},
	{"host", "ipv4", "::1", "The host must be a valid IPv4 address"},
	{"host", "ip4_addr", "::1", "The host must be a valid IPv4 address"},
	{"host", "ipv6", "1.2.3.4", "The host must be a valid IPv6 address"},
	{"host", "ip6_addr", "1.2.3.4", "The host must be a valid IPv6 address"},
	{"net", "cidr", "x", "The net must be a valid CIDR notation"},
	{"net", "cidrv4", "x", "The net must be a valid CIDR notation"},
	{"net", "cidrv6", "x", "The net must be a valid CIDR notation"},
	{"host", "hostname", "-x-", "The host must be a valid host name"},
	{"host", "hostname_rfc1123", "-x-", "The host must be a valid host name"},
	{"host", "fqdn", "x", "The host must be a valid host name"},
	{"phone", "e164", "123", "The phone must be a valid phone number in E.164 format"},
	{"born", "datetime=2006-01-02", "x", "The born must be a date in the format 2006-01-02"},
	{"tz", "timezone", "Nowhere/City", "The tz must be a valid time zone"},
	{"meta", "json", "{", "The meta must be valid JSON"},
	{"token", "jwt", "x", "The token must be a valid JWT"},
	{"colour", "hexcolor", "x", "The colour must be a valid colour"},
	{"colour", "rgb", "x", "The colour must be a valid colour"},
	{"colour", "rgba", "x", "The colour must be a valid colour"},
	{"colour", "hsl", "x", "The colour must be a valid colour"},
	{"colour", "hsla", "x", "The colour must be a valid colour"},
	{"colour", "iscolor", "x", "The colour must be a valid colour"},
	{"data", "base64", "!", "The data must be valid base64"},
	{"data", "base64url", "!", "The data must be valid base64"},
	{"data", "base64rawurl", "!", "The data must be valid base64"},
	{"name", "ascii", "é", "The name may only contain ASCII characters"},
	{"name", "printascii", "\x01", "The name may only contain ASCII characters"},
	{"tags", "unique", []string{"a", "a"}, "The tags must not contain duplicates"},
	{"country", "iso3166_1_alpha2", "XX", "The country must be a valid country code"},
	{"country", "iso3166_1_alpha3", "XXX", "The country must be a valid country code"},
	{"country", "country_code", "XX", "The country must be a valid country code"},
	{"currency", "iso4217", "QQQ", "The currency must be a valid currency code"},
	{"lang", "bcp47_language_tag", "!!", "The lang must be a valid language tag"},
	{"version", "semver", "x", "The version must be a valid semantic version"},
	{"lat", "latitude", "x", "The lat must be a valid latitude"},
	{"lng", "longitude", "x", "The lng must be a valid longitude"},
	{"mac", "mac", "x", "The mac must be a valid MAC address"},
	{"isbn", "isbn", "x", "The isbn must be a valid ISBN"},
	{"isbn", "isbn10", "x", "The isbn must be a valid ISBN"},
	{"isbn", "isbn13", "x", "The isbn must be a valid ISBN"},
	{"card", "credit_card", "1234", "The card must be a valid card number"},
	{"card", "luhn_checksum", "1234", "The card must be a valid card number"},
	{"ssn", "ssn", "x", "The ssn is invalid"}, // a rule without words of its own

	// Size rules, by kind.
	{"name", "min=3", "ab", "The name must be at least 3 characters"},
	{"name", "min=1", "", "The name must be at least 1 character"},
	{"name", "gte=3", "ab", "The name must be at least 3 characters"},
	{"name", "max=100", strings.Repeat("a", 101), "The name must not be greater than 100 characters"},
	{"name", "lte=1", "ab", "The name must not be greater than 1 character"},
	{"name", "gt=3", "abc", "The name must be greater than 3 characters"},
	{"name", "lt=3", "abc", "The name must be less than 3 characters"},
	{"name", "len=2", "abc", "The name must be exactly 2 characters"},
	{"age", "min=1", 0, "The age must be at least 1"},
	{"age", "gte=18", 17, "The age must be at least 18"},
	{"age", "max=150", 151, "The age must not be greater than 150"},
	{"age", "lte=150", uint8(151), "The age must not be greater than 150"},
	{"age", "gt=0", 0, "The age must be greater than 0"},
	{"age", "lt=10", 10, "The age must be less than 10"},
	{"age", "len=5", 4, "The age must be exactly 5"},
	{"ratio", "gte=0.5", 0.25, "The ratio must be at least 0.5"},
	{"tags", "min=1", []string{}, "The tags must have at least 1 item"},
	{"tags", "gte=2", []string{"a"}, "The tags must have at least 2 items"},
	{"tags", "max=3", []string{"a", "b", "c", "d"}, "The tags must not have more than 3 items"},
	{"tags", "lte=3", [4]int{}, "The tags must not have more than 3 items"},
	{"tags", "gt=1", []int{1}, "The tags must have more than 1 item"},
	{"tags", "lt=2", []int{1, 2}, "The tags must have fewer than 2 items"},
	{"tags", "len=2", []int{1}, "The tags must have exactly 2 items"},
	{"tags", "eq=2", []int{1}, "The tags must have exactly 2 items"},
	{"tags", "ne=0", []int{}, "The tags must not have exactly 0 items"},
	{"labels", "max=1", map[string]int{"a": 1, "b": 2}, "The labels must not have more than 1 item"},
	{"starts", "gt", time.Time{}, "The starts must be in the future"},
	{"starts", "gte", time.Time{}, "The starts must not be in the past"},
	{"ended", "lt", time.Now().Add(time.Hour), "The ended must be in the past"},
	{"ended", "lte", time.Now().Add(time.Hour), "The ended must not be in the future"},
}

func TestRuleMessages(t *testing.T) {
	b := &binding{p: &plan{}, rules: builtinRules}
	for _, tt := range ruleCases {
		t.Run(tt.rule+" "+reflect.TypeOf(tt.value).String(), func(t *testing.T) {
			var fieldErrs validator.ValidationErrors
			require.True(t, errors.As(validate.Var(tt.value, tt.rule), &fieldErrs), "%s must fail on %#v", tt.rule, tt.value)
			assert.Equal(t, tt.want, b.message(tt.name, fieldErrs[0], nil))
		})
	}
}

type crossInner struct {
	Value int `json:"value"`
}

// crossFieldForm has one field per rule that names another field, each made to
// fail by crossFieldValue.
type crossFieldForm struct {
	Password  string     `json:"password"`
	Confirm   string     `json:"password_confirmation" validate:"eqfield=Password"`
	Old       string     `json:"old_password"          validate:"nefield=Password"`
	Start     int        `json:"start"`
	End       int        `json:"end"                   validate:"gtfield=Start"`
	EndGte    int        `json:"end_gte"               validate:"gtefield=Start"`
	Before    int        `json:"before"                validate:"ltfield=Start"`
	BeforeLte int        `json:"before_lte"            validate:"ltefield=Start"`
	Inner     crossInner `json:"inner"`
	Same      int        `json:"same"                  validate:"eqcsfield=Inner.Value"`
	Diff      int        `json:"diff"                  validate:"necsfield=Inner.Value"`
	Above     int        `json:"above"                 validate:"gtcsfield=Inner.Value"`
	AboveGte  int        `json:"above_gte"             validate:"gtecsfield=Inner.Value"`
	Below     int        `json:"below"                 validate:"ltcsfield=Inner.Value"`
	BelowLte  int        `json:"below_lte"             validate:"ltecsfield=Inner.Value"`
	Kind      string     `json:"kind"`
	Email     string     `json:"email"`
	Phone     string     `json:"phone"                 validate:"required_without=Email"`
	Reason    string     `json:"reason"                validate:"required_if=Kind other"`
	Why       string     `json:"why"                   validate:"required_unless=Kind plain"`
	Fax       string     `json:"fax"                   validate:"required_without_all=Email Phone"`
	Zip       string     `json:"zip"                   validate:"required_with=Password"`
	Zip4      string     `json:"zip4"                  validate:"required_with_all=Password Kind"`
	Secret    string     `json:"secret"                validate:"excluded_with=Password"`
	Secret2   string     `json:"secret2"               validate:"excluded_with_all=Password Kind"`
	Secret3   string     `json:"secret3"               validate:"excluded_without=Email"`
	Secret4   string     `json:"secret4"               validate:"excluded_without_all=Email Phone"`
	Secret5   string     `json:"secret5"               validate:"excluded_if=Kind other"`
	Secret6   string     `json:"secret6"               validate:"excluded_unless=Kind plain"`
}

var crossFieldValue = crossFieldForm{
	Password: "a", Confirm: "b", Old: "a",
	Start: 5, End: 5, EndGte: 4, Before: 5, BeforeLte: 6,
	Inner: crossInner{Value: 1}, Same: 2, Diff: 1, Above: 1, AboveGte: 0, Below: 1, BelowLte: 2,
	Kind:   "other",
	Secret: "x", Secret2: "x", Secret3: "x", Secret4: "x", Secret5: "x", Secret6: "x",
}

var crossFieldMessages = map[string][]string{
	"password_confirmation": {"The password_confirmation must match the password"},
	"old_password":          {"The old_password must differ from the password"},
	"end":                   {"The end must be greater than the start"},
	"end_gte":               {"The end_gte must not be less than the start"},
	"before":                {"The before must be less than the start"},
	"before_lte":            {"The before_lte must not be greater than the start"},
	"same":                  {"The same must match the value"},
	"diff":                  {"The diff must differ from the value"},
	"above":                 {"The above must be greater than the value"},
	"above_gte":             {"The above_gte must not be less than the value"},
	"below":                 {"The below must be less than the value"},
	"below_lte":             {"The below_lte must not be greater than the value"},
	"phone":                 {"The phone field is required"},
	"reason":                {"The reason field is required"},
	"why":                   {"The why field is required"},
	"fax":                   {"The fax field is required"},
	"zip":                   {"The zip field is required"},
	"zip4":                  {"The zip4 field is required"},
	"secret":                {"The secret field must not be present"},
	"secret2":               {"The secret2 field must not be present"},
	"secret3":               {"The secret3 field must not be present"},
	"secret4":               {"The secret4 field must not be present"},
	"secret5":               {"The secret5 field must not be present"},
	"secret6":               {"The secret6 field must not be present"},
}

func TestCrossFieldMessages(t *testing.T) {
	p := loadPlan(reflect.TypeFor[crossFieldForm]())
	form := crossFieldValue
	b := binding{p: p, rules: builtinRules}
	require.NoError(t, b.check(reflect.ValueOf(&form)))
	require.NotNil(t, b.errs.err)
	assert.Equal(t, crossFieldMessages, b.errs.err.Fields)
}

// TestMessagesCoverEveryRule reads the rules that messages.go words and checks
// that a test above makes each of them fail, so a rule added there is tested.
func TestMessagesCoverEveryRule(t *testing.T) {
	tested := map[string]bool{}
	for _, tt := range ruleCases {
		tag, _, _ := strings.Cut(tt.rule, "=")
		tested[tag] = true
	}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[crossFieldForm]()) {
		tag, _, _ := strings.Cut(f.Tag.Get("validate"), "=")
		tested[tag] = true
	}
	worded := []string{"min", "max", "gte", "lte", "gt", "lt", "len"} // the size rules
	for tag := range ruleTemplates {
		worded = append(worded, tag)
	}
	require.NotEmpty(t, worded)
	for _, tag := range worded {
		assert.True(t, tested[tag], "no test makes the rule %q fail", tag)
	}
}

type msgItem struct {
	SKU string `json:"sku" validate:"required,len=8"`
	Qty int    `json:"qty" validate:"gte=1"`
}

type msgAddress struct {
	City string `json:"city" validate:"required,max=5"`
}

type messagesForm struct {
	Name    string            `json:"name"    validate:"max=10"`
	Age     int               `json:"age"     validate:"lte=150"`
	Tags    []string          `json:"tags"    validate:"max=2,dive,min=2"`
	Address msgAddress        `json:"address"`
	Items   []msgItem         `json:"items"   validate:"min=1,dive"`
	Labels  map[string]string `json:"labels"  validate:"dive,max=3"`
}

func TestMessagesThroughHTTP(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[messagesForm])))
	c := petratest.New(t, app)
	c.PostJSON("/api/v1/t/f/", `{
		"name": "Annabelle Lee", "age": 151, "tags": ["go", "x", "rust"],
		"address": {"city": "Stockholm"},
		"items": [{"sku": "ABC", "qty": 1}, {"sku": "ABCDEFGH", "qty": 0}],
		"labels": {"colour": "blue!"}
	}`).AssertJSON(http.StatusBadRequest, `{"success": false, "message": "The given data was invalid", "errors": {
		"name": ["The name must not be greater than 10 characters"],
		"age": ["The age must not be greater than 150"],
		"tags": ["The tags must not have more than 2 items"],
		"address.city": ["The city must not be greater than 5 characters"],
		"items[0].sku": ["The sku must be exactly 8 characters"],
		"items[1].qty": ["The qty must be at least 1"],
		"labels[colour]": ["The labels must not be greater than 3 characters"]
	}}`)

	t.Run("inside a list that is fine in size", func(t *testing.T) {
		c.WithTest(t).PostJSON("/api/v1/t/f/", `{"tags": ["go", "x"], "address": {"city": "Oslo"}, "items": [{"sku": "ABCDEFGH", "qty": 1}]}`).
			AssertFieldErrors(http.StatusBadRequest, map[string][]string{"tags[1]": {"The tags must be at least 2 characters"}})
	})
}

type overrideForm struct {
	Name     string     `json:"name"     validate:"required"`
	Password string     `json:"password" validate:"required,min=8"`
	Items    []msgItem  `json:"items"    validate:"dive"`
	Address  msgAddress `json:"address"`
	Age      int        `json:"age"      validate:"required,gte=18"`
}

func (overrideForm) Messages() map[string]string {
	return map[string]string{
		"name.required":         "Tell us your name",
		"password.min":          "The password is too short",
		"items.sku.required":    "Every item needs a SKU",
		"address.city.required": "Where do you live?",
		"age.gte":               "You must be an adult",
	}
}

func TestMessagesOverrides(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[overrideForm])))
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "every override", body: `{"password":"short","items":[{"qty":1}],"age":0}`, errors: map[string][]string{
			"name":         {"Tell us your name"},
			"password":     {"The password is too short"},
			"items[0].sku": {"Every item needs a SKU"},
			"address.city": {"Where do you live?"},
			"age":          {"You must be an adult"},
		}},
		{name: "a blank name is not sent", body: `{"name":"   ","password":"long enough","address":{"city":"Oslo"},"age":18}`,
			errors: map[string][]string{"name": {"Tell us your name"}}},
		{name: "rules without an override keep their words", body: `{"name":"Ann","password":"long enough","items":[{"sku":"ABC","qty":1}],"address":{"city":"Oslo"},"age":18}`,
			errors: map[string][]string{"items[0].sku": {"The sku must be exactly 8 characters"}}},
	})
}

func TestDisplayNames(t *testing.T) {
	tests := []struct{ key, indexFree, display string }{
		{"name", "name", "name"},
		{"address.city", "address.city", "city"},
		{"items[0].sku", "items.sku", "sku"},
		{"tags[2]", "tags", "tags"},
		{"labels[a b]", "labels", "labels"},
		{"a[1][2].b[3]", "a.b", "b"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.indexFree, indexFree(tt.key))
			assert.Equal(t, tt.display, displayName(tt.key))
		})
	}
}

type passwordChange struct {
	New     string `json:"new_password"`
	Confirm string `json:"confirm" validate:"eqfield=New"`
	Other   string `json:"other"   validate:"omitempty,eqfield=NoSuchField"`
}

type nestedCrossForm struct {
	Changes []passwordChange `json:"changes" validate:"dive"`
	Change  *passwordChange  `json:"change"`
}

func TestCrossFieldMessagesInNestedStructs(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[nestedCrossForm])))
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "in a list and behind a pointer",
			body: `{"changes":[{"new_password":"a","confirm":"a"},{"new_password":"a","confirm":"b"}],"change":{"new_password":"a","confirm":"c"}}`,
			errors: map[string][]string{
				"changes[1].confirm": {"The confirm must match the new_password"},
				"change.confirm":     {"The confirm must match the new_password"},
			}},
		{name: "a rule naming no field", body: `{"change":{"new_password":"a","confirm":"a","other":"x"}}`,
			errors: map[string][]string{"change.other": {"The other must match the noSuchField"}}},
	})
}
