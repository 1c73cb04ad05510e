package bench

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

// wantBodies are the bodies every implementation must answer, byte for byte up
// to JSON equivalence: an implementation that skips work cannot pass.
var wantBodies = map[string]string{
	"ping":       `{"ping":"pong"}`,
	"post_valid": `{"id":"3f0e8a52-8c4e-4a8b-9a3d-2f1c7b6d5e40","name":"Ann Example","email":"ann@example.com","age":42}`,
	"get_uuid":   `{"id":"9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b","name":"Ann Example"}`,
	"list":       wantList(),
}

// wantList is page 2 of 20 users out of 1000, written out independently of newPage.
func wantList() string {
	var data []map[string]any
	for i := 21; i <= 40; i++ {
		u := users[i-1]
		data = append(data, map[string]any{"id": u.ID, "name": u.Name, "email": u.Email, "age": u.Age})
	}
	b, err := json.Marshal(map[string]any{
		"data": data, "total": 1000, "per_page": 20, "current_page": 2, "last_page": 50,
		"first_page_url": "/api/v1/bench/users/?page=1&per_page=20",
		"last_page_url":  "/api/v1/bench/users/?page=50&per_page=20",
		"next_page_url":  "/api/v1/bench/users/?page=3&per_page=20",
		"prev_page_url":  "/api/v1/bench/users/?page=1&per_page=20",
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// testedImpls are the implementations the tests below check: [Impls] and
// [FasthttpReference], served through [fasthttpAsHTTP].
var testedImpls = append(slices.Clip(Impls), Impl{
	Name:          FasthttpReference.Name,
	New:           func() http.Handler { return fasthttpAsHTTP(FasthttpReference.NewFasthttp()) },
	InvalidStatus: FasthttpReference.InvalidStatus,
})

// fasthttpAsHTTP serves h to these tests' net/http requests: it hands h the
// request's method, target, Content-Type and body in a fresh RequestCtx, and
// answers h's status, Content-Type and body.
func fasthttpAsHTTP(h fasthttp.RequestHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req fasthttp.Request
		req.Header.SetMethod(r.Method)
		req.SetRequestURI(r.URL.RequestURI())
		if ct := r.Header.Get("Content-Type"); ct != "" {
			req.Header.SetContentType(ct)
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.SetBody(body)
		var ctx fasthttp.RequestCtx
		ctx.Init(&req, nil, nil)
		h(&ctx)
		w.Header().Set("Content-Type", string(ctx.Response.Header.ContentType()))
		w.WriteHeader(ctx.Response.StatusCode())
		_, _ = w.Write(ctx.Response.Body())
	})
}

func serve(t testing.TB, h http.Handler, w Workload) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(w.Method, w.Target, bytes.NewReader(w.Body))
	if w.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestConformance(t *testing.T) {
	for _, impl := range testedImpls {
		h := impl.New()
		for _, w := range Workloads {
			t.Run(w.Name+"/"+impl.Name, func(t *testing.T) {
				rec := serve(t, h, w)
				require.Equal(t, w.StatusFor(impl), rec.Code, rec.Body.String())
				assert.Contains(t, rec.Header().Get("Content-Type"), "json")
				if want, ok := wantBodies[w.Name]; ok {
					assert.JSONEq(t, want, rec.Body.String())
					return
				}
				assert.ElementsMatch(t, []string{"name", "email", "age"}, invalidFields(t, rec.Body.Bytes()))
			})
		}
	}
}

// invalidFields returns the fields an error body names, in whichever of the
// implementations' shapes it comes: petra's {"errors":{"name":[...]}}, Gin's and
// Echo's {"errors":{"name":"..."}}, Huma's {"errors":[{"location":"body.name"}]}
// or Fuego's {"errors":[{"name":"fuegoUserForm.Name"}]}.
func invalidFields(t *testing.T, body []byte) []string {
	t.Helper()
	var envelope struct {
		Errors json.RawMessage `json:"errors"`
	}
	require.NoError(t, json.Unmarshal(body, &envelope), string(body))
	var byField map[string]json.RawMessage
	if json.Unmarshal(envelope.Errors, &byField) == nil {
		var fields []string
		for f, msgs := range byField {
			assert.NotEqual(t, "null", string(msgs), f)
			fields = append(fields, f)
		}
		return fields
	}
	var list []struct {
		Location string `json:"location"` // Huma
		Name     string `json:"name"`     // Fuego
	}
	require.NoError(t, json.Unmarshal(envelope.Errors, &list), string(body))
	var fields []string
	for _, e := range list {
		name := e.Location + e.Name
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		fields = append(fields, strings.ToLower(name))
	}
	return fields
}

// TestNotAUUID checks that each implementation refuses an id that is not a UUID
// before its handler answers, each in its own way.
func TestNotAUUID(t *testing.T) {
	w := Workload{Method: http.MethodGet, Target: prefix + "/users/not-a-uuid"}
	want := map[string]int{"huma": http.StatusUnprocessableEntity}
	for _, impl := range testedImpls {
		t.Run(impl.Name, func(t *testing.T) {
			rec := serve(t, impl.New(), w)
			code, ok := want[impl.Name]
			if !ok {
				code = http.StatusNotFound
			}
			assert.Equal(t, code, rec.Code, rec.Body.String())
		})
	}
}

// TestBadPage checks that each implementation refuses page=0 with a 4xx.
func TestBadPage(t *testing.T) {
	w := Workload{Method: http.MethodGet, Target: prefix + "/users/?page=0"}
	for _, impl := range testedImpls {
		t.Run(impl.Name, func(t *testing.T) {
			rec := serve(t, impl.New(), w)
			assert.Equal(t, impl.InvalidStatus, rec.Code, rec.Body.String())
		})
	}
}

// TestDefaultPage checks the defaults: page 1 of 15, no previous page.
func TestDefaultPage(t *testing.T) {
	w := Workload{Method: http.MethodGet, Target: prefix + "/users/"}
	for _, impl := range testedImpls {
		t.Run(impl.Name, func(t *testing.T) {
			rec := serve(t, impl.New(), w)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			var p Page
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
			assert.Len(t, p.Data, 15)
			assert.Equal(t, 1, p.CurrentPage)
			assert.Equal(t, 67, p.LastPage)
			assert.Nil(t, p.PrevPageURL)
			require.NotNil(t, p.NextPageURL)
			assert.Equal(t, "/api/v1/bench/users/?page=2&per_page=15", *p.NextPageURL)
		})
	}
}

// TestFasthttpRouting checks that the fasthttp handler's routing by hand and
// its body checks answer outside the workloads what the hand-written handler
// answers.
func TestFasthttpRouting(t *testing.T) {
	tests := []struct {
		name, method, target, contentType, body string
		want                                    int
		message                                 string
	}{
		{"unknown path", http.MethodGet, prefix + "/nope", "", "", http.StatusNotFound, "Not found"},
		{"a user's sub-path", http.MethodGet, prefix + "/users/9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b/x", "", "", http.StatusNotFound, "Not found"},
		{"ping posted", http.MethodPost, prefix + "/ping", "", "", http.StatusMethodNotAllowed, "Method not allowed"},
		{"a user deleted", http.MethodDelete, prefix + "/users/9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b", "", "", http.StatusMethodNotAllowed, "Method not allowed"},
		{"a form, not JSON", http.MethodPost, prefix + "/users/", "application/x-www-form-urlencoded", "name=a", http.StatusUnsupportedMediaType, "Unsupported media type"},
		{"JSON with a charset", http.MethodPost, prefix + "/users/", "application/json; charset=utf-8", `{"name":"A","email":"a@example.com","age":1}`, http.StatusCreated, ""},
		{"broken JSON", http.MethodPost, prefix + "/users/", "application/json", `{"name":`, http.StatusBadRequest, "The request body is not valid JSON"},
		{"a body over the limit", http.MethodPost, prefix + "/users/", "application/json", strings.Repeat(" ", bodyLimit+1), http.StatusRequestEntityTooLarge, "Request body too large"},
		{"per_page not a number", http.MethodGet, prefix + "/users/?per_page=x", "", "", http.StatusBadRequest, "The given data was invalid"},
	}
	handlers := map[string]http.Handler{"fasthttp": fasthttpAsHTTP(NewFasthttp()), "handwritten": NewHandwritten()}
	for name, h := range handlers {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
				if tt.contentType != "" {
					req.Header.Set("Content-Type", tt.contentType)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				require.Equal(t, tt.want, rec.Code, rec.Body.String())
				assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
				var envelope errorEnvelope
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &envelope), rec.Body.String())
				assert.Equal(t, tt.message, envelope.Message)
			})
		}
	}
}

// TestFasthttpKeepsOtherParameters checks that the list's links keep the
// request's other query parameters, escaped, as newPage's do.
func TestFasthttpKeepsOtherParameters(t *testing.T) {
	rec := serve(t, fasthttpAsHTTP(NewFasthttp()), Workload{Method: http.MethodGet, Target: prefix + "/users/?page=2&sort=a%20b"})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var p Page
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	assert.Equal(t, "/api/v1/bench/users/?page=1&per_page=15&sort=a+b", *p.PrevPageURL)
}
