package dto

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// echo is a view that answers its form, so a test sees what was bound.
func echo[F any](r *petra.Request, form *F) petra.Result {
	return petra.Response(form, status.HTTP_201_CREATED)
}

// bindCase is one request to a form route and what it must answer: wantBody
// when the form is valid (201), errors when it is not (400).
type bindCase struct {
	name, contentType, body string
	wantBody                string
	errors                  map[string][]string
}

// runBindCases posts each case to target on app.
func runBindCases(t *testing.T, app http.Handler, target string, tests []bindCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := tt.contentType
			if ct == "" {
				ct = "application/json"
			}
			res := petratest.New(t, app).Send(http.MethodPost, target, ct, strings.NewReader(tt.body))
			if tt.errors == nil {
				res.AssertJSON(http.StatusCreated, tt.wantBody)
				return
			}
			env := res.AssertFieldErrors(http.StatusBadRequest, tt.errors).Envelope()
			assert.Equal(t, "The given data was invalid", env.Message)
		})
	}
}

type requiredForm struct {
	Name   string  `json:"name"   form:"name"   validate:"required"`
	Age    int     `json:"age"    form:"age"    validate:"required"`
	Active bool    `json:"active" form:"active" validate:"required"`
	Score  float64 `json:"score"  form:"score"  validate:"required"`
}

func TestRequiredMeansSentAndNotBlank(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[requiredForm])))
	const urlencoded = "application/x-www-form-urlencoded"
	allMissing := map[string][]string{
		"name": {"The name field is required"}, "age": {"The age field is required"},
		"active": {"The active field is required"}, "score": {"The score field is required"},
	}
	zeros := `{"name":"Ann","age":0,"active":false,"score":0}`
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "missing", body: `{}`, errors: allMissing},
		{name: "null", body: `{"name":null,"age":null,"active":null,"score":null}`, errors: allMissing},
		{name: "empty string", body: `{"name":"","age":1,"active":true,"score":1}`,
			errors: map[string][]string{"name": {"The name field is required"}}},
		{name: "spaces", body: `{"name":"  \t ","age":1,"active":true,"score":1}`,
			errors: map[string][]string{"name": {"The name field is required"}}},
		{name: "0 and false are values", body: zeros, wantBody: zeros},
		{name: "0.0 and -0 are values", body: `{"name":"Ann","age":-0,"active":false,"score":0.0}`, wantBody: zeros},
		{name: "keys in another case", body: `{"NAME":"Ann","Age":0,"ACTIVE":false,"sCoRe":0}`, wantBody: zeros},
		{name: "escaped keys", body: `{"name":"Ann","\u0061ge":0,"act\u0069ve":false,"\u0053core":0}`, wantBody: zeros},
		{name: "the last of duplicate keys wins: null", body: `{"name":"Ann","age":0,"age":null,"active":false,"score":0}`,
			errors: map[string][]string{"age": {"The age field is required"}}},
		{name: "the last of duplicate keys wins: 0", body: `{"name":"Ann","age":null,"age":0,"active":false,"score":0}`,
			wantBody: zeros},
		{name: "urlencoded missing", contentType: urlencoded, body: "", errors: allMissing},
		{name: "urlencoded blank", contentType: urlencoded, body: "name=+&age=&active=&score=%20", errors: allMissing},
		{name: "urlencoded 0 and false", contentType: urlencoded, body: "name=Ann&age=0&active=false&score=0", wantBody: zeros},
		{name: "urlencoded off", contentType: urlencoded, body: "name=Ann&age=0&active=off&score=0.0", wantBody: zeros},
	})
}

type rangeForm struct {
	Age int `json:"age" form:"age" validate:"required,gte=1"`
	Min int `json:"min" form:"min" validate:"required,ltefield=Max"`
	Max int `json:"max" form:"max"`
}

func TestRequiredNumberSentAsZeroKeepsItsRules(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[rangeForm])))
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "0 is checked against gte", body: `{"age":0,"min":1,"max":2}`,
			errors: map[string][]string{"age": {"The age must be at least 1"}}},
		{name: "urlencoded 0 is checked against gte", contentType: "application/x-www-form-urlencoded", body: "age=0&min=1&max=2",
			errors: map[string][]string{"age": {"The age must be at least 1"}}},
		{name: "missing is required", body: `{"min":1,"max":2}`,
			errors: map[string][]string{"age": {"The age field is required"}}},
		{name: "a rule naming another field sees it", body: `{"age":1,"min":0,"max":5}`,
			wantBody: `{"age":1,"min":0,"max":5}`},
		{name: "and fails when it should", body: `{"age":1,"min":0,"max":-1}`,
			errors: map[string][]string{"min": {"The min must not be greater than the max"}}},
	})
}

type address struct {
	City  string `json:"city"  validate:"required"`
	Zip   int    `json:"zip"   validate:"required"`
	Floor int    `json:"floor" validate:"required,gte=1"`
}

type nestedForm struct {
	Address address  `json:"address"`
	Billing *address `json:"billing"`
}

func TestRequiredInNestedStructs(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[nestedForm])))
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "0 sent", body: `{"address":{"city":"Oslo","zip":0,"floor":1}}`,
			wantBody: `{"address":{"city":"Oslo","zip":0,"floor":1},"billing":null}`},
		{name: "missing", body: `{"address":{"city":"Oslo","floor":1}}`,
			errors: map[string][]string{"address.zip": {"The zip field is required"}}},
		{name: "null", body: `{"address":{"city":"Oslo","zip":null,"floor":1}}`,
			errors: map[string][]string{"address.zip": {"The zip field is required"}}},
		{name: "0 keeps its other rules", body: `{"address":{"city":"Oslo","zip":0,"floor":0}}`,
			errors: map[string][]string{"address.floor": {"The floor must be at least 1"}}},
		{name: "the whole object missing", body: `{}`, errors: map[string][]string{
			"address.city": {"The city field is required"}, "address.zip": {"The zip field is required"},
			"address.floor": {"The floor field is required"},
		}},
		{name: "keys in another case", body: `{"ADDRESS":{"City":"Oslo","ZIP":0,"Floor":1}}`,
			wantBody: `{"address":{"city":"Oslo","zip":0,"floor":1},"billing":null}`},
		{name: "behind a pointer, 0 sent", body: `{"address":{"city":"Oslo","zip":0,"floor":1},"billing":{"city":"Rome","zip":0,"floor":1}}`,
			wantBody: `{"address":{"city":"Oslo","zip":0,"floor":1},"billing":{"city":"Rome","zip":0,"floor":1}}`},
		{name: "behind a pointer, missing", body: `{"address":{"city":"Oslo","zip":0,"floor":1},"billing":{"city":"Rome","floor":1}}`,
			errors: map[string][]string{"billing.zip": {"The zip field is required"}}},
		{name: "behind a pointer, sent then null", body: `{"address":{"city":"Oslo","zip":0,"floor":1},"billing":{"city":"Rome","zip":0,"floor":0},"billing":null}`,
			wantBody: `{"address":{"city":"Oslo","zip":0,"floor":1},"billing":null}`},
	})
}

type lineItem struct {
	Qty   int  `json:"qty"   validate:"required"`
	Count *int `json:"count" validate:"required"`
}

type orderForm struct {
	Items []lineItem `json:"items" validate:"required,dive"`
}

// Inside lists required reads as everywhere else: 0 is a value, absent and null
// are not, whether or not the list's tag dives.
func TestRequiredInsideLists(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[orderForm])))
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "a pointer takes 0", body: `{"items":[{"qty":1,"count":0}]}`, wantBody: `{"items":[{"qty":1,"count":0}]}`},
		{name: "a pointer left out is missing", body: `{"items":[{"qty":1}]}`,
			errors: map[string][]string{"items[0].count": {"The count field is required"}}},
		{name: "a number at 0 is a value", body: `{"items":[{"qty":1,"count":1},{"qty":0,"count":1}]}`,
			wantBody: `{"items":[{"qty":1,"count":1},{"qty":0,"count":1}]}`},
		{name: "a number left out is missing", body: `{"items":[{"qty":1,"count":1},{"count":1},{"qty":null,"count":1}]}`,
			errors: map[string][]string{"items[1].qty": {"The qty field is required"}, "items[2].qty": {"The qty field is required"}}},
		{name: "no list", body: `{}`, errors: map[string][]string{"items": {"The items field is required"}}},
	})
}

type queryForm struct {
	Page    int    `query:"page" validate:"required"`
	PerPage int    `json:"-" query:"per_page" validate:"omitempty,gte=1,lte=100"`
	Search  string `json:"-" query:"q"`
}

func TestRequiredFromTheQueryString(t *testing.T) {
	app := newApp(t, nil, petra.Get("f/", Form(func(r *petra.Request, f *queryForm) petra.Result {
		return petra.Response(map[string]any{"page": f.Page, "per_page": f.PerPage, "q": f.Search})
	})))
	tests := []struct {
		name, query string
		want        status.Code
		wantBody    string
	}{
		{"0 is a page", "?page=0", status.HTTP_200_OK, `{"page":0,"per_page":0,"q":""}`},
		{"all", "?page=2&per_page=10&q=go", status.HTTP_200_OK, `{"page":2,"per_page":10,"q":"go"}`},
		{"missing page", "?q=go", status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The given data was invalid","errors":{"page":["The page field is required"]}}`},
		{"blank page", "?page=", status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The given data was invalid","errors":{"page":["The page field is required"]}}`},
		{"omitempty 0 keeps its rules", "?page=1&per_page=0", status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The given data was invalid","errors":{"per_page":["The per_page must be at least 1"]}}`},
		{"omitempty blank is not sent", "?page=1&per_page=", status.HTTP_200_OK, `{"page":1,"per_page":0,"q":""}`},
		{"omitempty over the top", "?page=1&per_page=101", status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The given data was invalid","errors":{"per_page":["The per_page must not be greater than 100"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Get("/api/v1/t/f/"+tt.query).AssertJSON(tt.want, tt.wantBody)
		})
	}
}

type optionalForm struct {
	Limit  int     `json:"limit"  form:"limit"  validate:"omitempty,gte=1"`
	Ratio  float64 `json:"ratio"  form:"ratio"`
	Public bool    `json:"public" form:"public"`
}

func TestOptionalNumbers(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[optionalForm])))
	const urlencoded = "application/x-www-form-urlencoded"
	none := `{"limit":0,"ratio":0,"public":false}`
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "absent", body: `{}`, wantBody: none},
		{name: "null", body: `{"limit":null}`, wantBody: none},
		{name: "omitempty 0 sent keeps its rules", body: `{"limit":0}`,
			errors: map[string][]string{"limit": {"The limit must be at least 1"}}},
		{name: "urlencoded blanks are not sent", contentType: urlencoded, body: "limit=&ratio=&public=", wantBody: none},
		{name: "urlencoded 0 sent keeps its rules", contentType: urlencoded, body: "limit=0",
			errors: map[string][]string{"limit": {"The limit must be at least 1"}}},
		{name: "urlencoded values", contentType: urlencoded, body: "limit=5&ratio=0.5&public=on",
			wantBody: `{"limit":5,"ratio":0.5,"public":true}`},
		{name: "urlencoded numbers that JSON cannot answer", contentType: urlencoded, body: "ratio=NaN",
			errors: map[string][]string{"ratio": {"The ratio must be a number"}}},
		{name: "urlencoded infinity", contentType: urlencoded, body: "ratio=-Inf",
			errors: map[string][]string{"ratio": {"The ratio must be a number"}}},
		{name: "urlencoded wrong types", contentType: urlencoded, body: "limit=x&ratio=y&public=maybe",
			errors: map[string][]string{
				"limit": {"The limit must be an integer"}, "ratio": {"The ratio must be a number"},
				"public": {"The public must be true or false"},
			}},
	})
}

// Base is embedded by embeddedForm: encoding/json promotes its fields, and so do
// the binder and the error keys.
type Base struct {
	ID   int    `json:"id"   form:"id"   validate:"required,gte=1"`
	Name string `json:"name" form:"name" validate:"required"`
}

type Audit struct {
	Note string `json:"note" form:"note" validate:"required"`
}

type embeddedForm struct {
	Base
	*Audit
	Tag string `json:"tag" form:"tag"`
}

func TestEmbeddedStructsArePromoted(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(func(r *petra.Request, f *embeddedForm) petra.Result {
		note := ""
		if f.Audit != nil {
			note = f.Note
		}
		return petra.Response(map[string]any{"id": f.ID, "name": f.Name, "note": note, "tag": f.Tag}, status.HTTP_201_CREATED)
	})))
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "json", body: `{"id":1,"name":"Ann","note":"n","tag":"t"}`, wantBody: `{"id":1,"name":"Ann","note":"n","tag":"t"}`},
		{name: "json keys are flat", body: `{"id":0,"name":""}`, errors: map[string][]string{
			"id": {"The id must be at least 1"}, "name": {"The name field is required"},
		}},
		{name: "json missing", body: `{"note":"n"}`, errors: map[string][]string{
			"id": {"The id field is required"}, "name": {"The name field is required"},
		}},
		{name: "json wrong type", body: `{"id":"one","name":"Ann"}`, errors: map[string][]string{"id": {"The id must be an integer"}}},
		{name: "urlencoded", contentType: "application/x-www-form-urlencoded", body: "id=2&name=Ann&note=n",
			wantBody: `{"id":2,"name":"Ann","note":"n","tag":""}`},
		{name: "urlencoded embedded pointer left nil", contentType: "application/x-www-form-urlencoded", body: "id=2&name=Ann",
			wantBody: `{"id":2,"name":"Ann","note":"","tag":""}`},
		{name: "embedded pointer sent with a blank field", body: `{"id":1,"name":"Ann","note":" "}`,
			errors: map[string][]string{"note": {"The note field is required"}}},
	})
}

type giftForm struct {
	Qty   int  `json:"qty"   validate:"gte=1,required,lte=9"`
	Gift  bool `json:"gift"  validate:"required,eq=true"`
	Level int  `json:"level" validate:"omitempty,required,gte=2"`
}

// A required number sent as 0 answers the rule the validator would reach, in
// the tag's order, whatever the form's type is named; omitempty before
// required lets 0 through, as the validator does.
func TestRequiredNumberSentAsZeroInAnyForm(t *testing.T) {
	type unnamed = struct {
		Age int `json:"age" validate:"required,gte=1"`
	}
	app := newApp(t, nil, petra.Post("f/", Form(echo[giftForm])), petra.Post("u/", Form(echo[unnamed])))
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "rules before and after required", body: `{"qty":0,"gift":false,"level":0}`,
			errors: map[string][]string{"qty": {"The qty must be at least 1"}, "gift": {"The gift must be true"}}},
		{name: "not sent", body: `{}`, errors: map[string][]string{"qty": {"The qty must be at least 1"},
			"gift": {"The gift field is required"}}},
		{name: "valid", body: `{"qty":3,"gift":true,"level":2}`, wantBody: `{"qty":3,"gift":true,"level":2}`},
	})
	runBindCases(t, app, "/api/v1/t/u/", []bindCase{
		{name: "an unnamed form type", body: `{"age":0}`, errors: map[string][]string{"age": {"The age must be at least 1"}}},
	})
}
