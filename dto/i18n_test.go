package dto

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
)

// TestSpanishWordsEveryMessage checks that petra.Spanish translates every
// message dto answers with: every rule's, every size's, every value that does
// not fit its field, every body it cannot read.
func TestSpanishWordsEveryMessage(t *testing.T) {
	ids := []string{requiredTemplate, invalidTemplate,
		notValidTemplate, outOfRangeTemplate, indexRangeTemplate, notStringTemplate, notBoolTemplate,
		notIntegerTemplate, notNaturalTemplate, notNumberTemplate, notListTemplate, notObjectTemplate,
		notValueTemplate, notUTF8Template, nullCharTemplate, notNullTemplate,
		"The request body is not a valid urlencoded form", "The request body contains a value in the wrong format",
		errNotObject.Message, "The request body is not valid UTF-8", "The request body must not contain null characters"}
	for _, tmpl := range ruleTemplates {
		ids = append(ids, tmpl)
	}
	for _, tmpl := range sizeTemplates {
		ids = append(ids, tmpl)
	}
	for _, id := range ids {
		msg, ok := petra.Spanish.Message(id)
		if assert.True(t, ok, "petra.Spanish lacks %q", id) {
			assert.NotEqual(t, id, msg)
			for _, placeholder := range []string{"{field}", "{param}"} {
				assert.Equal(t, strings.Contains(id, placeholder), strings.Contains(msg, placeholder), "%q", msg)
			}
		}
	}
}

type spanishItem struct {
	SKU string `json:"sku" validate:"required,len=8"`
}

type spanishForm struct {
	Name     string        `json:"name"     validate:"required,max=5"`
	Email    string        `json:"email"    validate:"required,email"`
	Password string        `json:"password" validate:"required,min=8"`
	Confirm  string        `json:"confirm"  validate:"eqfield=Password"`
	Age      int           `json:"age"      validate:"gte=18"`
	Tags     []string      `json:"tags"     validate:"max=1"`
	Items    []spanishItem `json:"items"`
}

func TestTranslatedValidation(t *testing.T) {
	app := petra.New(petra.WithCatalog(petra.Spanish))
	app.Mount(petra.Module{Name: "t", Routes: []petra.Route{petra.Post("f/", Form(echo[spanishForm]))}})
	c := petratest.New(t, app)
	body := `{"name": "Annabelle", "email": "nope", "password": "short", "confirm": "other", "age": 17,
		"tags": ["a", "b"], "items": [{"sku": "ABC"}]}`
	tests := []struct {
		name, accept, message string
		errors                map[string][]string
		language              string
	}{
		{"spanish", "es", "Los datos proporcionados no son válidos", map[string][]string{
			"name":         {"El campo name no debe tener más de 5 caracteres"},
			"email":        {"El campo email debe ser una dirección de correo electrónico válida"},
			"password":     {"El campo password debe tener al menos 8 caracteres"},
			"confirm":      {"El campo confirm debe coincidir con el campo password"},
			"age":          {"El campo age debe ser como mínimo 18"},
			"tags":         {"El campo tags no debe tener más de 1 elemento"},
			"items[0].sku": {"El campo sku debe tener exactamente 8 caracteres"},
		}, "es"},
		{"mexican spanish, then english", "es-MX, en;q=0.5", "Los datos proporcionados no son válidos", nil, "es"},
		{"english", "en-GB", "The given data was invalid", map[string][]string{
			"name":         {"The name must not be greater than 5 characters"},
			"email":        {"The email must be a valid email address"},
			"password":     {"The password must be at least 8 characters"},
			"confirm":      {"The confirm must match the password"},
			"age":          {"The age must be at least 18"},
			"tags":         {"The tags must not have more than 1 item"},
			"items[0].sku": {"The sku must be exactly 8 characters"},
		}, "en"},
		{"unknown", "de", "The given data was invalid", nil, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.WithTest(t).Do(jsonRequest(body, tt.accept))
			require.Equal(t, http.StatusBadRequest, int(res.Code()), res.Body())
			env := res.Envelope()
			assert.Equal(t, tt.message, env.Message)
			if tt.errors != nil {
				assert.Equal(t, tt.errors, env.Errors)
			}
			assert.Len(t, env.Errors, 7, "the keys stay the JSON names")
			assert.Equal(t, tt.language, res.Header().Get("Content-Language"))
			assert.Equal(t, "Accept-Language", res.Header().Get("Vary"))
		})
	}

	t.Run("values that do not fit", func(t *testing.T) {
		res := c.WithTest(t).Do(jsonRequest(`{"name": 5, "email": "a@b.co", "password": "long enough", "confirm": "long enough", "age": "old", "tags": "x"}`, "es"))
		require.Equal(t, http.StatusBadRequest, int(res.Code()), res.Body())
		assert.Equal(t, map[string][]string{
			"name": {"El campo name debe ser una cadena de texto"},
			"age":  {"El campo age debe ser un número entero"},
			"tags": {"El campo tags debe ser una lista"},
		}, res.Envelope().Errors)
	})
}

// TestTranslatedMalformedJSON checks that a body that is not valid JSON is
// answered in the client's language, with where it breaks, on a form's POST
// and on a partial form's PATCH.
func TestTranslatedMalformedJSON(t *testing.T) {
	app := petra.New(petra.WithCatalog(petra.Spanish))
	app.Mount(petra.Module{Name: "t", Routes: []petra.Route{
		petra.Post("f/", Form(echo[spanishForm])),
		petra.Patch("f/", Form(func(r *petra.Request, p *Partial[spanishForm]) petra.Result { return petra.Response(nil) })),
	}})
	c := petratest.New(t, app)
	tests := []struct {
		name, method, body, accept, message string
	}{
		{"spanish", http.MethodPost, `{"name" "x"}`, "es",
			"El cuerpo de la solicitud no es un JSON válido: invalid character '\"' after object key en la línea 1, columna 9"},
		{"spanish, second line", http.MethodPost, "{\n\"name\": }", "es-MX",
			"El cuerpo de la solicitud no es un JSON válido: invalid character '}' looking for beginning of value en la línea 2, columna 9"},
		{"spanish, cut short", http.MethodPost, `{"name": "x"`, "es",
			"El cuerpo de la solicitud no es un JSON válido: unexpected end of JSON input en la línea 1, columna 12"},
		{"spanish, patch", http.MethodPatch, `{"name" "x"}`, "es",
			"El cuerpo de la solicitud no es un JSON válido: invalid character '\"' after object key en la línea 1, columna 9"},
		{"english", http.MethodPost, `{"name" "x"}`, "",
			"The request body is not valid JSON: invalid character '\"' after object key at line 1, column 9"},
		{"english, patch", http.MethodPatch, "{\n\"name\": }", "de",
			"The request body is not valid JSON: invalid character '}' looking for beginning of value at line 2, column 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := jsonRequest(tt.body, tt.accept)
			req.Method = tt.method
			c.WithTest(t).Do(req).AssertError(http.StatusBadRequest, tt.message)
		})
	}
}

func jsonRequest(body, accept string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, "/api/v1/t/f/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept-Language", accept)
	}
	return req
}

type ruleForm struct {
	Code string `json:"code" validate:"required,code_of=4"`
}

// codeOf is a rule that the code has the length of its parameter and starts
// with prefix.
func codeOf(prefix string) validator.Func {
	return func(fl validator.FieldLevel) bool {
		n, _ := strconv.Atoi(fl.Param())
		s := fl.Field().String()
		return len(s) == n && strings.HasPrefix(s, prefix)
	}
}

func TestRulesPerApp(t *testing.T) {
	withA := WithRules(Rule{Tag: "code_of", Func: codeOf("A"), Message: "The {field} must be {param} characters starting with A"})
	withB := WithRules(Rule{Tag: "code_of", Func: codeOf("B")})
	mount := func(opts ...petra.Option) *petra.App {
		app := petra.New(opts...)
		app.Mount(petra.Module{Name: "t", Routes: []petra.Route{petra.Post("f/", Form(echo[ruleForm]))}})
		return app
	}
	a := petratest.New(t, mount(withA, petra.WithCatalog(petra.Spanish, petra.NewCatalog("es", map[string]string{
		"The {field} must be {param} characters starting with A": "El campo {field} debe tener {param} caracteres y empezar por A",
	}))))
	b := petratest.New(t, mount(withB))
	tests := []struct {
		name   string
		c      *petratest.Client
		body   string
		accept string
		errors map[string][]string
	}{
		{"A's rule passes in A", a, `{"code": "A123"}`, "", nil},
		{"B's rule fails in A", a, `{"code": "B123"}`, "", map[string][]string{"code": {"The code must be 4 characters starting with A"}}},
		{"A's message in Spanish", a, `{"code": "B123"}`, "es", map[string][]string{"code": {"El campo code debe tener 4 caracteres y empezar por A"}}},
		{"B's rule passes in B", b, `{"code": "B123"}`, "", nil},
		{"A's rule fails in B, worded by default", b, `{"code": "A123"}`, "", map[string][]string{"code": {"The code is invalid"}}},
		{"B speaks no Spanish", b, `{"code": "A123"}`, "es", map[string][]string{"code": {"The code is invalid"}}},
		{"built-in rules still apply", b, `{}`, "", map[string][]string{"code": {"The code field is required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.c.WithTest(t).Do(jsonRequest(tt.body, tt.accept))
			if tt.errors == nil {
				assert.Equal(t, http.StatusCreated, int(res.Code()), res.Body())
				return
			}
			require.Equal(t, http.StatusBadRequest, int(res.Code()), res.Body())
			assert.Equal(t, tt.errors, res.Envelope().Errors)
		})
	}

	t.Run("an app without the rule panics when the form is mounted", func(t *testing.T) {
		assert.PanicsWithValue(t, "dto: form dto.ruleForm has a bad validate tag: Undefined validation function 'code_of' on field 'Code'"+
			" (a rule of the app's own: give it to this app with dto.WithRules)", func() { mount() })
	})
}

func TestWithRulesPanics(t *testing.T) {
	fine := func(validator.FieldLevel) bool { return true }
	tests := []struct {
		name  string
		rules []Rule
		want  string
	}{
		{"no tag", []Rule{{Func: fine}}, `dto: rule "" needs a Tag and a Func`},
		{"no func", []Rule{{Tag: "fine"}}, `dto: rule "fine" needs a Tag and a Func`},
		{"twice", []Rule{{Tag: "fine", Func: fine}, {Tag: "fine", Func: fine}}, `dto: rule "fine" is given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tt.want, func() { WithRules(tt.rules...) })
		})
	}
}

// allocsPerPost counts the allocations of one JSON POST of body to app, which
// must answer code.
func allocsPerPost(t *testing.T, app http.Handler, body string, code int) float64 {
	t.Helper()
	reader := &rewindBody{}
	req, err := http.NewRequest(http.MethodPost, "/api/v1/t/f/", reader)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(body))
	w := &benchWriter{header: http.Header{}}
	return testing.AllocsPerRun(200, func() {
		reader.Reset([]byte(body))
		req.Body = reader
		clear(w.header)
		app.ServeHTTP(w, req)
		if w.code != code {
			t.Fatalf("answered %d", w.code)
		}
	})
}

// An app's own rules cost a request nothing: the validator is the app's. Nor
// do an app's catalogs cost a request in English anything: the language
// travels in the route context the request has anyway.
func TestAllocsOfRulesAndCatalogs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector, whose sync.Pool drops items at random")
	}
	rules := WithRules(Rule{Tag: "code_of", Func: codeOf("A")})
	build := func(opts ...petra.Option) http.Handler {
		app := petra.New(opts...)
		app.Mount(petra.Module{Name: "t", Routes: []petra.Route{petra.Post("f/", Form(echo[allocForm]))}})
		return app
	}
	for _, body := range []struct {
		json string
		code int
	}{{`{"name":"Ann","age":3}`, http.StatusCreated}, {`{"name":"","age":0}`, http.StatusBadRequest}} {
		plain := allocsPerPost(t, build(), body.json, body.code)
		assert.Equal(t, plain, allocsPerPost(t, build(rules), body.json, body.code), "rules of the app's own, %s", body.json)
		assert.Equal(t, plain, allocsPerPost(t, build(petra.WithCatalog(petra.Spanish)), body.json, body.code),
			"catalogs, %s", body.json)
	}
}
