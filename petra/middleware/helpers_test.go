package middleware_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
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

// serve sends req to h and returns the recorded response.
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// get builds a GET request for target from the client at remoteAddr.
func get(target, remoteAddr string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if remoteAddr != "" {
		req.RemoteAddr = remoteAddr
	}
	return req
}

// assertEnvelope checks that rec is petra's error envelope with code and message.
func assertEnvelope(t *testing.T, rec *httptest.ResponseRecorder, code status.Code, message string) {
	t.Helper()
	require.Equal(t, int(code), rec.Code, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	want, err := json.Marshal(map[string]any{"success": false, "message": message})
	require.NoError(t, err)
	assert.JSONEq(t, string(want), rec.Body.String())
}

// assertOK checks that rec is the target's 200 answer.
func assertOK(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"ok":true}`, rec.Body.String())
}

// logBuffer collects JSON log lines; it is safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines decodes the log lines written so far.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(b.String()) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	return out
}

// newLogger returns a logger that writes JSON lines, all levels, to a buffer.
func newLogger() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

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
