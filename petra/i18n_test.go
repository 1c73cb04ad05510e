package petra

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/status"
)

// i18nApp is an app that speaks Spanish, with a few messages of its own.
func i18nApp() *App {
	app := New(WithCatalog(Spanish,
		NewCatalog("es", map[string]string{
			"The email is already registered": "El correo electrónico ya está registrado",
			"user.gone":                       "El usuario ya no existe",
		}),
		NewCatalog("en", map[string]string{"user.gone": "The user is gone"})))
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("taken", func(*Request) Result { return Fail(sharedInvalid) }),
		Get("gone", func(*Request) Result { return Fail(NotFound("user.gone")) }),
		Get("private", reply("never")).Permission(IsAuthenticated),
		Get("hello", func(r *Request) Result {
			return Response(map[string]string{"language": r.Language(), "greeting": r.Translate("user.gone")})
		}),
		Get("forbidden", func(*Request) Result { return Fail(ErrForbidden) }),
	}})
	return app
}

// sharedInvalid is a validation error a view answers again and again: a
// translation must not change it.
var sharedInvalid = Invalid("email", "The email is already registered")

type answer struct {
	Code     int
	Language string
	Vary     []string
	Body     envelope
}

func ask(t *testing.T, app http.Handler, method, path string, header http.Header) answer {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	a := answer{Code: rec.Code, Language: rec.Header().Get("Content-Language"), Vary: rec.Header().Values("Vary")}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a.Body), rec.Body.String())
	}
	return a
}

func TestAcceptLanguage(t *testing.T) {
	app := i18nApp()
	long := strings.Repeat("es-ES;q=0.5, ", 100)
	tests := []struct {
		name, accept, want string
	}{
		{"no header", "", "en"},
		{"spanish", "es", "es"},
		{"a region falls back to its language", "es-MX", "es"},
		{"latin american spanish", "es-419", "es"},
		{"upper case", "ES", "es"},
		{"an underscore", "es_AR", "es"},
		{"highest q-value wins", "fr-CA;q=0.8, es;q=0.9", "es"},
		{"low q-values still order", "en;q=0.1, es;q=0.2", "es"},
		{"english first", "en-US,en;q=0.9,es;q=0.8", "en"},
		{"q=0 refuses a language", "es;q=0, fr", "en"},
		{"an unsupported language", "de", "en"},
		{"an unsupported one, then spanish", "pt-BR, es;q=0.5", "es"},
		{"any", "*", "en"},
		{"malformed", "!!!", "en"},
		{"a malformed q-value", "es;q=abc", "en"},
		{"a private tag", "x-klingon", "en"},
		{"too long", long, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := http.Header{}
			if tt.accept != "" {
				header.Set("Accept-Language", tt.accept)
			}
			got := ask(t, app, http.MethodGet, "/api/v1/m/nowhere", header)
			assert.Equal(t, http.StatusNotFound, got.Code)
			assert.Equal(t, tt.want, got.Language)
			assert.Equal(t, []string{"Accept-Language"}, got.Vary)
			want := map[string]string{"en": "Not found", "es": "No encontrado"}[tt.want]
			assert.Equal(t, want, got.Body.Message)
			assert.False(t, got.Body.Success)
		})
	}
}

func TestTranslatedAnswers(t *testing.T) {
	app := i18nApp()
	es := http.Header{"Accept-Language": {"es-ES,es;q=0.9,en;q=0.5"}}
	tests := []struct {
		name, method, path string
		header             http.Header
		code               status.Code
		message            string
		errors             map[string][]string
	}{
		{"405", http.MethodPost, "/api/v1/m/gone", es, 405, "Método no permitido", nil},
		{"401", http.MethodGet, "/api/v1/m/private", es, 401,
			"No se proporcionaron credenciales de autenticación o no son válidas", nil},
		{"403", http.MethodGet, "/api/v1/m/forbidden", es, 403, "No tiene permiso para realizar esta acción", nil},
		{"the app's own field message", http.MethodGet, "/api/v1/m/taken", es, 400, "Los datos proporcionados no son válidos",
			map[string][]string{"email": {"El correo electrónico ya está registrado"}}},
		{"the same in English", http.MethodGet, "/api/v1/m/taken", nil, 400, "The given data was invalid",
			map[string][]string{"email": {"The email is already registered"}}},
		{"a key of the app's own, in Spanish", http.MethodGet, "/api/v1/m/gone", es, 404, "El usuario ya no existe", nil},
		{"a key of the app's own, in English", http.MethodGet, "/api/v1/m/gone", nil, 404, "The user is gone", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ask(t, app, tt.method, tt.path, tt.header)
			require.Equal(t, int(tt.code), got.Code)
			assert.Equal(t, tt.message, got.Body.Message)
			assert.Equal(t, tt.errors, got.Body.Errors)
			assert.Contains(t, got.Vary, "Accept-Language")
		})
	}
	assert.Equal(t, []string{"The email is already registered"}, sharedInvalid.Fields["email"], "the view's error is left as it was")
}

func TestTranslateInAView(t *testing.T) {
	app := i18nApp()
	got := ask(t, app, http.MethodGet, "/api/v1/m/hello", http.Header{"Accept-Language": {"es-MX"}})
	require.Equal(t, http.StatusOK, got.Code)
	assert.Equal(t, "es", got.Language)
	assert.Equal(t, []string{"Accept-Language"}, got.Vary)

	req := httptest.NewRequest(http.MethodGet, "/api/v1/m/hello", nil)
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	assert.JSONEq(t, `{"language": "en", "greeting": "The user is gone"}`, rec.Body.String())
}

func TestVaryKeepsOtherFields(t *testing.T) {
	app := i18nApp()
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Vary", "Origin, accept-language")
			next.ServeHTTP(w, r)
		})
	})
	got := ask(t, app, http.MethodGet, "/api/v1/m/nowhere", http.Header{"Accept-Language": {"es"}})
	assert.Equal(t, []string{"Origin, accept-language"}, got.Vary, "Accept-Language is named once")
	assert.Equal(t, "No encontrado", got.Body.Message)
}

func TestNoCatalogsAnswersEnglish(t *testing.T) {
	app := New()
	got := ask(t, app, http.MethodGet, "/nowhere", http.Header{"Accept-Language": {"es"}})
	assert.Equal(t, http.StatusNotFound, got.Code)
	assert.Equal(t, "Not found", got.Body.Message)
	assert.Empty(t, got.Language, "an app without catalogs does not announce a language")
	assert.Empty(t, got.Vary)
}

func TestCatalogsMerge(t *testing.T) {
	app := New(WithCatalog(Spanish), WithCatalog(NewCatalog("es", map[string]string{"Not found": "Aquí no hay nada"})))
	got := ask(t, app, http.MethodGet, "/nowhere", http.Header{"Accept-Language": {"es"}})
	assert.Equal(t, "Aquí no hay nada", got.Body.Message, "a later catalog wins")
	assert.Equal(t, "No encontrado", Spanish.messages["Not found"], "the shipped catalog is left as it was")

	msg := panicMessage(func() { NewCatalog("not a tag!", nil) })
	assert.Contains(t, msg, `petra: catalog language "not a tag!" is not a BCP 47 tag`)
	assert.Equal(t, "es", Spanish.Language())
}

// TestSpanishIsComplete checks that the shipped catalog words every message
// petra answers with by itself, keeping the placeholders of each.
func TestSpanishIsComplete(t *testing.T) {
	builtin := []string{validationMessage, errInternal.Message, "The client closed the request",
		"The request body must be a JSON object", "The request body is not a valid urlencoded form",
		"The request body is not a valid multipart form", "The request body is not valid JSON: it ends unexpectedly",
		malformedJSONTemplate,
		"The page must be a whole number of at least 1", "The per_page must be a whole number of at least 1",
		"The {field} field is required", "The {field} must be an integer", "The {field} must be true or false"}
	for _, err := range []*Error{ErrUnauthenticated, ErrForbidden, ErrNotFound, ErrMethodNotAllowed, ErrBodyTooLarge,
		ErrUnsupportedMediaType, ErrTooManyRequests, ErrServiceUnavailable, ErrMalformedBody, ErrBodyTimeout} {
		builtin = append(builtin, err.Message)
	}
	for _, id := range builtin {
		msg, ok := Spanish.Message(id)
		if assert.True(t, ok, "petra.Spanish lacks %q", id) {
			assert.NotEqual(t, id, msg)
		}
	}
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	for id, msg := range Spanish.messages {
		assert.ElementsMatch(t, placeholder.FindAllString(id, -1), placeholder.FindAllString(msg, -1),
			"%q and %q must have the same placeholders", id, msg)
	}
}

// FuzzAcceptLanguage checks that any Accept-Language is answered, in English
// or in Spanish, and never fails.
func FuzzAcceptLanguage(f *testing.F) {
	for _, seed := range []string{"", "es", "es-MX", "es-419;q=0.9, en;q=0.8", "*", "!!!", "es;q=abc", "x-klingon",
		"en;q=0.1, es;q=0.2", "es;q=0, fr", "de-CH-1901", "zh-Hant-TW", "es-MX, !!!", ",,,;q=", "\x00", "i-klingon",
		strings.Repeat("a", 600)} {
		f.Add(seed)
	}
	app := i18nApp()
	ls := app.settings.languages
	f.Fuzz(func(t *testing.T, accept string) {
		i := ls.choose(accept)
		require.True(t, i == 0 || i == 1, "index %d", i)
		req := httptest.NewRequest(http.MethodGet, "/api/v1/m/nowhere", nil)
		req.Header["Accept-Language"] = []string{accept}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		require.Equal(t, http.StatusNotFound, rec.Code)
		assert.Contains(t, []string{"en", "es"}, rec.Header().Get("Content-Language"))
		var body envelope
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
		assert.Contains(t, []string{"Not found", "No encontrado"}, body.Message)
	})
}

// hidingWriter wraps a writer without Unwrap, as a buffering middleware does.
type hidingWriter struct{ http.ResponseWriter }

func TestTranslatedThroughMiddleware(t *testing.T) {
	app := i18nApp()
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Limit") != "" {
				WriteError(hidingWriter{w}, r, ErrTooManyRequests)
				return
			}
			next.ServeHTTP(hidingWriter{w}, r)
		})
	})
	es := http.Header{"Accept-Language": {"es"}}
	got := ask(t, app, http.MethodGet, "/api/v1/m/taken", es)
	assert.Equal(t, map[string][]string{"email": {"El correo electrónico ya está registrado"}}, got.Body.Errors)
	assert.Equal(t, "es", got.Language)

	es.Set("X-Limit", "1")
	got = ask(t, app, http.MethodGet, "/api/v1/m/taken", es)
	assert.Equal(t, http.StatusTooManyRequests, got.Code)
	assert.Equal(t, "Demasiadas solicitudes", got.Body.Message)
}

// An app mounted behind a chi router routes in that router's context: its
// answers are translated there too.
func TestTranslatedBehindARouter(t *testing.T) {
	outer := chi.NewRouter()
	outer.Mount("/t/{tenant}", i18nApp())
	got := ask(t, outer, http.MethodGet, "/t/acme/api/v1/m/taken", http.Header{"Accept-Language": {"es"}})
	assert.Equal(t, map[string][]string{"email": {"El correo electrónico ya está registrado"}}, got.Body.Errors)
	assert.Equal(t, "es", got.Language)
}

func TestTranslatedRequestHelpers(t *testing.T) {
	app := New(WithCatalog(Spanish))
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("int", func(r *Request) Result {
			if _, err := r.QueryInt("page", 1); err != nil {
				return Fail(err)
			}
			_, err := r.QueryBool("active", false)
			return Fail(err)
		}),
	}})
	tests := []struct {
		accept string
		errors map[string][]string
	}{
		{"es", map[string][]string{"page": {"El campo page debe ser un número entero"}}},
		{"", map[string][]string{"page": {"The page must be an integer"}}},
	}
	for _, tt := range tests {
		got := ask(t, app, http.MethodGet, "/api/v1/m/int?page=x", http.Header{"Accept-Language": {tt.accept}})
		assert.Equal(t, tt.errors, got.Body.Errors)
	}
	got := ask(t, app, http.MethodGet, "/api/v1/m/int?active=maybe", http.Header{"Accept-Language": {"es"}})
	assert.Equal(t, map[string][]string{"active": {"El campo active debe ser verdadero o falso"}}, got.Body.Errors)
}

// TestTranslatedMalformedJSON checks that a JSON body with a syntax error is
// answered in the client's language, its line and column filled into the
// translation, whether the view fails with the error or wraps it.
func TestTranslatedMalformedJSON(t *testing.T) {
	app := New(WithCatalog(Spanish))
	app.Mount(Module{Name: "m", Routes: []Route{
		Post("data", func(r *Request) Result {
			_, err := r.AllData()
			return Fail(err)
		}),
		Post("wrapped", func(r *Request) Result {
			_, err := r.AllData()
			return Fail(fmt.Errorf("reading the body: %w", err))
		}),
	}})
	tests := []struct {
		name, path, body, accept, message string
	}{
		{"spanish", "data", "{\n  \"a\": x}", "es",
			"El cuerpo de la solicitud no es un JSON válido: invalid character 'x' looking for beginning of value en la línea 2, columna 8"},
		{"spanish, wrapped", "wrapped", `[1,]`, "es-AR",
			"El cuerpo de la solicitud no es un JSON válido: invalid character ']' looking for beginning of value en la línea 1, columna 4"},
		{"english", "data", "{\n  \"a\": x}", "",
			"The request body is not valid JSON: invalid character 'x' looking for beginning of value at line 2, column 8"},
		{"english, wrapped", "wrapped", `[1,]`, "fr",
			"The request body is not valid JSON: invalid character ']' looking for beginning of value at line 1, column 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/m/"+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept-Language", tt.accept)
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, req)
			require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
			var body envelope
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
			assert.Equal(t, tt.message, body.Message)
		})
	}
}
