package middleware_test

import (
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/go-petra/petra/petra"
)

// middlewareFunc is chi's middleware shape.
type middlewareFunc = func(http.Handler) http.Handler

// target is a handler under test, reached at two paths: a petra.App with the
// middleware installed by App.Use, or a bare net/http handler wrapped in it.
// Both answer GET and POST with {"ok":true}, POST after reading the body, and
// count the requests that reach them.
type target struct {
	name        string
	path, other string
	build       func(t *testing.T, hits *atomic.Int64, mw ...middlewareFunc) http.Handler
}

var targets = []target{
	{name: "petra app", path: "/api/v1/demo/ping/", other: "/api/v1/demo/other/", build: buildApp},
	{name: "bare handler", path: "/ping", other: "/other", build: buildBare},
}

// buildApp returns a petra app with mw and a demo module at /api/v1/demo/.
func buildApp(t *testing.T, hits *atomic.Int64, mw ...middlewareFunc) http.Handler {
	t.Helper()
	view := func(r *petra.Request) petra.Result {
		hits.Add(1)
		if r.Method == http.MethodPost {
			if _, err := io.ReadAll(r.Body); err != nil {
				return petra.Fail(err)
			}
		}
		return petra.Response(map[string]bool{"ok": true})
	}
	app := petra.New(petra.WithLogger(slog.New(slog.DiscardHandler)))
	app.Use(mw...)
	app.Mount(petra.Module{Name: "demo", Routes: []petra.Route{
		petra.Get("ping/", view), petra.Post("ping/", view),
		petra.Get("other/", view), petra.Post("other/", view),
	}})
	return app
}

// buildBare returns a plain handler wrapped in mw, the first outermost.
func buildBare(t *testing.T, hits *atomic.Int64, mw ...middlewareFunc) http.Handler {
	t.Helper()
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Method == http.MethodPost {
			if _, err := io.ReadAll(r.Body); err != nil {
				petra.WriteError(w, r, err)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// okJSON is the target's answer.
const okJSON = `{"ok":true}`

// unsizedReader returns a body of unknown length, as a chunked one is, or nil
// for "".
func unsizedReader(s string) io.Reader {
	if s == "" {
		return nil
	}
	return &stringReader{s: s}
}

// stringReader is a reader of unknown length, as a chunked body is.
type stringReader struct{ s string }

func (r *stringReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}
