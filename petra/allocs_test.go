package petra

import (
	"net/http"
	"runtime"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
)

// discardWriter is a ResponseWriter that keeps its header map from one
// request to the next and drops the body, so that it allocates nothing.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }

var pong = &struct {
	Ping string `json:"ping"`
}{"pong"}

// The app's own cost per request, routing, the route context, path values,
// converters, dispatch, recovery and the response, is a part of one
// allocation: the request's context, which code may keep past the request,
// allocated contextBatch at a time. The rest a request allocates is its
// view's.
func TestAllocsOfServing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector, whose sync.Pool drops items at random")
	}
	ok := Response(pong)
	statusMap := Response(map[string]string{"status": "ok", "version": "1"})
	byID := func(r *Request) Result {
		if r.PathParam("id") != "0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90" || chi.URLParam(r.Request, "id") != r.PathValue("id") {
			return Fail(ErrNotFound)
		}
		return ok
	}
	passThrough := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			_ = chi.RouteContext(r.Context()).RoutePattern()
		})
	}
	tests := []struct {
		name, target string
		middleware   bool
	}{
		{"ping", "/api/v1/m/ping", false},
		{"uuid path parameter", "/api/v1/m/items/0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90", false},
		{"ping through middleware", "/api/v1/m/ping", true},
		{"uuid path parameter through middleware", "/api/v1/m/items/0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90", true},
		{"a map[string]string", "/api/v1/m/status", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp()
			if tt.middleware {
				app.Use(passThrough)
			}
			app.Mount(Module{Name: "m", Routes: []Route{
				Get("ping", func(*Request) Result { return ok }),
				Get("items/<uuid:id>", byID),
				Get("status", func(*Request) Result { return statusMap }),
			}})
			req, err := http.NewRequest(http.MethodGet, tt.target, nil)
			if err != nil {
				t.Fatal(err)
			}
			w := &discardWriter{header: http.Header{}}
			app.ServeHTTP(w, req) // the first request fixes the routes
			assert.Equal(t, http.StatusOK, w.code)
			allocs := allocsPerRequest(func() {
				clear(w.header)
				w.code = 0
				app.ServeHTTP(w, req)
			})
			assert.Equal(t, http.StatusOK, w.code)
			assert.InDelta(t, 1.0/contextBatch, allocs, 0.02, "allocations per request")
		})
	}
}

// An error answered in the envelope, a validation failure's fields included,
// costs the request nothing beyond its context: classifying the error finds its
// type without allocating, and the envelope is written into a pooled buffer.
func TestAllocsOfErrorAnswers(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector, whose sync.Pool drops items at random")
	}
	invalid := Invalid("email", "The email must be a valid email address").Add("age", "The age must be at least 1")
	tests := []struct {
		name string
		err  error
		code int
	}{
		{"not found", ErrNotFound, http.StatusNotFound},
		{"with a header", ErrUnauthenticated, http.StatusUnauthorized},
		{"invalid fields", invalid, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp()
			failed := Fail(tt.err)
			app.Mount(Module{Name: "m", Routes: []Route{Get("fail", func(*Request) Result { return failed })}})
			req, err := http.NewRequest(http.MethodGet, "/api/v1/m/fail", nil)
			if err != nil {
				t.Fatal(err)
			}
			w := &discardWriter{header: http.Header{}}
			app.ServeHTTP(w, req)
			assert.Equal(t, tt.code, w.code)
			allocs := allocsPerRequest(func() {
				clear(w.header)
				app.ServeHTTP(w, req)
			})
			assert.Equal(t, tt.code, w.code)
			assert.InDelta(t, 1.0/contextBatch, allocs, 0.02, "allocations per request")
		})
	}
}

// allocsPerRequest returns the mean number of allocations of serve, run
// 50*contextBatch times after one warm-up, unrounded: testing.AllocsPerRun
// rounds down, and a request's share of a batch is a fraction.
func allocsPerRequest(serve func()) float64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	serve()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 50 * contextBatch
	for range n {
		serve()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / n
}
