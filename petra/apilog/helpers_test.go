package apilog_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
)

// openDB returns a migrated database of driver for this test alone.
func openDB(t testing.TB, driver string) *db.DB {
	t.Helper()
	d := dbtest.Open(t, driver)
	require.NoError(t, d.Migrate(context.Background(), apilog.Migrations))
	return d
}

// newLogger returns a Logger over d that logs to buf, closed at cleanup.
func newLogger(t *testing.T, d *db.DB, opts apilog.Options) (*apilog.Logger, *petratest.LogBuffer) {
	t.Helper()
	buf := &petratest.LogBuffer{}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewJSONHandler(buf, nil))
	}
	if opts.User == nil {
		opts.User = principalName
	}
	l := apilog.New(d, opts)
	t.Cleanup(func() { _ = l.Close(context.Background()) })
	return l, buf
}

// principalName is the Options.User of the tests: the principal set by
// authenticate.
func principalName(r *http.Request) string {
	name, _ := petra.PrincipalFrom(r.Context()).(string)
	return name
}

// authenticate stands in for an authentication middleware: "Bearer tok-NAME"
// authenticates as NAME, any other Authorization is answered 401.
func authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("Authorization"); h != "" {
			name, ok := strings.CutPrefix(h, "Bearer tok-")
			if !ok {
				petra.WriteError(w, r, petra.ErrUnauthenticated)
				return
			}
			r = r.WithContext(petra.ContextWithPrincipal(r.Context(), name))
		}
		next.ServeHTTP(w, r)
	})
}

// demoModule answers at /api/v1/demo/:
//
//	GET  ping/   {"ok":true}
//	POST echo/   the body's length and a few secrets of its own
//	GET  boom/   panics
//	GET  text/   the query parameter body as text/plain
func demoModule() petra.Module {
	return petra.Module{Name: "demo", Routes: []petra.Route{
		petra.Get("ping/", func(*petra.Request) petra.Result {
			return petra.Response(map[string]bool{"ok": true})
		}),
		petra.Post("echo/", func(r *petra.Request) petra.Result {
			n, err := io.Copy(io.Discard, r.Body)
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(map[string]any{
				"read":          n,
				"access_token":  "sec-resp-1",
				"refresh_token": "sec-resp-2",
				"items":         []map[string]string{{"name": "a", "api_key": "sec-resp-3"}},
			}, 201)
		}),
		petra.Get("boom/", func(*petra.Request) petra.Result { panic("boom") }),
		petra.Get("text/", func(r *petra.Request) petra.Result {
			w := r.ResponseWriter()
			w.Header().Set("Content-Type", r.Query("type"))
			_, _ = io.WriteString(w, r.Query("body"))
			return petra.Result{}
		}),
	}}
}

// testCursorKey signs the tests' show-api-logs cursors.
var testCursorKey = db.DeriveKey([]byte("test secret"), "apilog cursor")

// newApp returns an app with the API log, a stand-in authentication and
// the demo and apilog modules; show-api-logs needs a principal.
func newApp(d *db.DB, l *apilog.Logger, perms ...petra.Permission) *petra.App {
	app := petra.New(petra.WithLogger(slog.New(slog.DiscardHandler)))
	app.Use(middleware.RequestID, l.Middleware, authenticate, l.Identify)
	app.Mount(demoModule(), apilog.Module(d, testCursorKey, perms...))
	return app
}

// request describes one request to send.
type request struct {
	method, target, contentType, body string
	header                            []string // name, value, name, value…
}

// send serves req with h from the client 192.0.2.10.
func send(t *testing.T, h http.Handler, req request) *petratest.Response {
	c := petratest.New(t, h).WithRemoteAddr("192.0.2.10:40000")
	for i := 0; i+1 < len(req.header); i += 2 {
		c = c.WithHeader(req.header[i], req.header[i+1])
	}
	var body io.Reader
	if req.body != "" {
		body = strings.NewReader(req.body)
	}
	return c.Send(req.method, req.target, req.contentType, body)
}

// closeLogger flushes l, failing the test on error.
func closeLogger(t *testing.T, l *apilog.Logger) {
	t.Helper()
	require.NoError(t, l.Close(context.Background()))
}

// entries returns every logged entry, oldest first.
func entries(t *testing.T, d *db.DB) []apilog.Entry {
	t.Helper()
	rows, err := db.Select[apilog.Entry](context.Background(), d, `SELECT uuid, created, method, path, query,
		status, duration_us, client_ip, request_id, user_id, request_body, response_body, request_size,
		response_size FROM petra_api_logs ORDER BY created, uuid`)
	require.NoError(t, err)
	return rows
}

func itoa(n int) string { return strconv.Itoa(n) }
