package apilog_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestMiddlewareRecords(t *testing.T) {
	tests := []struct {
		name string
		req  request
		want apilog.Entry // compared on the fields set below
	}{
		{
			name: "get with query",
			req:  request{method: "GET", target: "/api/v1/demo/ping/?page=2&q=go", header: []string{"X-Request-ID", "req-1", "Authorization", "Bearer tok-ann"}},
			want: apilog.Entry{Method: "GET", Path: "/api/v1/demo/ping/", Query: "page=2&q=go", Status: 200, RequestID: "req-1", UserID: "ann",
				ResponseBody: `{"ok":true}`, ResponseSize: 11},
		},
		{
			name: "post json",
			req:  request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: `{"name":"Ann"}`, header: []string{"X-Request-ID", "req-2"}},
			want: apilog.Entry{Method: "POST", Path: "/api/v1/demo/echo/", Status: 201, RequestID: "req-2",
				RequestBody: `{"name":"Ann"}`, RequestSize: 14},
		},
		{
			name: "unknown route",
			req:  request{method: "GET", target: "/api/v1/nowhere/", header: []string{"X-Request-ID", "req-3", "Authorization", "Bearer tok-bob"}},
			want: apilog.Entry{Method: "GET", Path: "/api/v1/nowhere/", Status: 404, RequestID: "req-3", UserID: "bob",
				ResponseBody: `{"success":false,"message":"Not found"}`, ResponseSize: 39},
		},
		{
			name: "rejected by authentication",
			req:  request{method: "GET", target: "/api/v1/demo/ping/", header: []string{"X-Request-ID", "req-4", "Authorization", "Basic eDp5"}},
			want: apilog.Entry{Method: "GET", Path: "/api/v1/demo/ping/", Status: 401, RequestID: "req-4"},
		},
		{
			name: "panic",
			req:  request{method: "GET", target: "/api/v1/demo/boom/", header: []string{"X-Request-ID", "req-5"}},
			want: apilog.Entry{Method: "GET", Path: "/api/v1/demo/boom/", Status: 500, RequestID: "req-5"},
		},
		{
			name: "escaped path",
			req:  request{method: "GET", target: "/api/v1/demo/caf%C3%A9%20x", header: []string{"X-Request-ID", "req-6"}},
			want: apilog.Entry{Method: "GET", Path: "/api/v1/demo/caf%C3%A9%20x", Status: 404, RequestID: "req-6"},
		},
	}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, _ := newLogger(t, d, apilog.Options{})
			app := newApp(d, l)
			before := time.Now().UTC().Add(-time.Second)
			for _, tt := range tests {
				send(t, app, tt.req)
			}
			closeLogger(t, l)
			got := entries(t, d)
			require.Len(t, got, len(tests))
			assert.Equal(t, apilog.Stats{Written: uint64(len(tests))}, l.Stats())
			for i, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					e := got[i]
					assert.Len(t, e.UUID, 36)
					assert.WithinRange(t, e.Created, before, time.Now().UTC().Add(time.Second))
					assert.Equal(t, "192.0.2.10", e.ClientIP)
					assert.GreaterOrEqual(t, e.Duration, int64(0))
					assert.Equal(t, tt.want.Method, e.Method)
					assert.Equal(t, tt.want.Path, e.Path)
					assert.Equal(t, tt.want.Query, e.Query)
					assert.Equal(t, tt.want.Status, e.Status)
					assert.Equal(t, tt.want.RequestID, e.RequestID)
					assert.Equal(t, tt.want.UserID, e.UserID)
					if tt.want.RequestBody != "" {
						assert.Equal(t, tt.want.RequestBody, e.RequestBody)
						assert.Equal(t, tt.want.RequestSize, e.RequestSize)
					}
					if tt.want.ResponseBody != "" {
						assert.Equal(t, tt.want.ResponseBody, e.ResponseBody)
						assert.Equal(t, tt.want.ResponseSize, e.ResponseSize)
					}
				})
			}
		})
	}
}

// TestDuration checks the duration against a handler that is busy for at
// least 3ms: a lower bound that always holds, with no sleep.
func TestDuration(t *testing.T) {
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, _ := newLogger(t, d, apilog.Options{})
			h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for start := time.Now(); time.Since(start) < 3*time.Millisecond; {
				}
				w.WriteHeader(http.StatusNoContent)
			}))
			send(t, h, request{method: "GET", target: "/busy"})
			closeLogger(t, l)
			got := entries(t, d)
			require.Len(t, got, 1)
			assert.Equal(t, http.StatusNoContent, got[0].Status)
			assert.GreaterOrEqual(t, got[0].Duration, int64(3000))
		})
	}
}

// TestUser checks where the user comes from as the middleware moves around
// the authentication.
func TestUser(t *testing.T) {
	tests := []struct {
		name   string
		chain  func(l *apilog.Logger) []func(http.Handler) http.Handler
		header string
		status int
		user   string
	}{
		{"identify after auth", func(l *apilog.Logger) []func(http.Handler) http.Handler {
			return []func(http.Handler) http.Handler{l.Middleware, authenticate, l.Identify}
		}, "Bearer tok-ann", 200, "ann"},
		{"identify, anonymous", func(l *apilog.Logger) []func(http.Handler) http.Handler {
			return []func(http.Handler) http.Handler{l.Middleware, authenticate, l.Identify}
		}, "", 200, ""},
		{"identify, rejected", func(l *apilog.Logger) []func(http.Handler) http.Handler {
			return []func(http.Handler) http.Handler{l.Middleware, authenticate, l.Identify}
		}, "Bearer nope", 401, ""},
		{"middleware after auth", func(l *apilog.Logger) []func(http.Handler) http.Handler {
			return []func(http.Handler) http.Handler{authenticate, l.Middleware}
		}, "Bearer tok-ann", 200, "ann"},
		{"middleware before auth, no identify", func(l *apilog.Logger) []func(http.Handler) http.Handler {
			return []func(http.Handler) http.Handler{l.Middleware, authenticate}
		}, "Bearer tok-ann", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := openDB(t, "sqlite")
			l, _ := newLogger(t, d, apilog.Options{})
			app := petra.New()
			app.Use(tt.chain(l)...)
			app.Mount(demoModule())
			send(t, app, request{method: "GET", target: "/api/v1/demo/ping/", header: []string{"Authorization", tt.header}}).
				AssertStatus(status.Code(tt.status))
			closeLogger(t, l)
			got := entries(t, d)
			require.Len(t, got, 1)
			assert.Equal(t, tt.status, got[0].Status)
			assert.Equal(t, tt.user, got[0].UserID)
		})
	}
}

func TestSecretsNeverStored(t *testing.T) {
	tests := []struct {
		name        string
		req         request
		query       string
		requestBody string
	}{
		{
			name: "nested json",
			req: request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: `{
				"email": "ann@x.io", "password": "sec-1", "password_confirmation": "sec-2",
				"profile": {"name": "Ann", "api_key": "sec-3", "sessions": [{"access_token": "sec-4"}]},
				"devices": [{"id": 1, "refresh_token": "sec-5"}, {"id": 2, "Token": {"value": "sec-6"}}],
				"card": {"number": "sec-7", "cvc": "sec-8"}, "pin": 1234, "secret": null,
				"headers": {"Authorization": "sec-9", "X-Api-Key": ["sec-10"]}}`},
			requestBody: `{"email":"ann@x.io","password":"[redacted]","password_confirmation":"[redacted]",` +
				`"profile":{"name":"Ann","api_key":"[redacted]","sessions":"[redacted]"},` +
				`"devices":[{"id":1,"refresh_token":"[redacted]"},{"id":2,"Token":"[redacted]"}],` +
				`"card":"[redacted]","pin":"[redacted]","secret":"[redacted]",` +
				`"headers":{"Authorization":"[redacted]","X-Api-Key":"[redacted]"}}`,
		},
		{
			name:        "top-level array",
			req:         request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: `[{"token":"sec-1"},{"list":[{"secret":"sec-2","ok":"<b>&"}]}]`},
			requestBody: `[{"token":"[redacted]"},{"list":[{"secret":"[redacted]","ok":"<b>&"}]}]`,
		},
		{
			name:        "json sent as text",
			req:         request{method: "POST", target: "/api/v1/demo/echo/", contentType: "text/plain", body: `{"password":"sec-1"}`},
			requestBody: `{"password":"[redacted]"}`,
		},
		{
			name:        "urlencoded",
			req:         request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/x-www-form-urlencoded", body: "email=ann%40x.io&password=sec-1&pass%77ord_confirmation=sec-2&name=Ann"},
			requestBody: "email=ann%40x.io&password=[redacted]&pass%77ord_confirmation=[redacted]&name=Ann",
		},
		{
			name:  "query string and headers",
			req:   request{method: "GET", target: "/api/v1/demo/ping/?token=sec-1&page=2&API_KEY=sec-2&access-token=sec-3&flag", header: []string{"Authorization", "Bearer tok-ann", "Cookie", "session=sec-4"}},
			query: "token=[redacted]&page=2&API_KEY=[redacted]&access-token=[redacted]&flag",
		},
	}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, _ := newLogger(t, d, apilog.Options{})
			app := newApp(d, l)
			for _, tt := range tests {
				send(t, app, tt.req)
			}
			closeLogger(t, l)
			got := entries(t, d)
			require.Len(t, got, len(tests))
			for i, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					e := got[i]
					assert.Equal(t, tt.query, e.Query)
					assert.Equal(t, tt.requestBody, e.RequestBody)
					if e.Method == "POST" {
						assert.JSONEq(t, `{"read":`+itoa(len(tt.req.body))+`,"access_token":"[redacted]","refresh_token":"[redacted]","items":[{"name":"a","api_key":"[redacted]"}]}`, e.ResponseBody)
					}
					for _, field := range []string{e.Query, e.RequestBody, e.ResponseBody, e.Path, e.UserID, e.RequestID} {
						assert.NotContains(t, field, "sec-")
						assert.NotContains(t, field, "tok-ann") // the Authorization header
					}
				})
			}
		})
	}
}

func TestBodies(t *testing.T) {
	long := `{"name":"` + strings.Repeat("a", 100) + `","password":"sec-1"}`
	multipart := "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"
	tests := []struct {
		name    string
		maxBody int64
		req     request
		read    int    // bytes the handler read
		reqBody string // stored request body
		reqSize int64
		resBody string // stored response body; "-" to skip the check
	}{
		{"json over the cap", 64, request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: long},
			len(long), `{"name":…[truncated]`, int64(len(long)), "-"},
		{"secret at the cut", 26, request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: `{"a":"b","password":"sec-1-is-long"}`},
			36, `{"a":"b","password":…[truncated]`, 36, "-"},
		{"text under the cap", 64, request{method: "GET", target: "/api/v1/demo/text/?type=text/plain&body=hello"},
			0, "", 0, "hello"},
		{"text over the cap", 4, request{method: "GET", target: "/api/v1/demo/text/?type=text/plain%3B+charset=utf-8&body=hello"},
			0, "", 0, "[text/plain body of 5 bytes, not kept]"},
		{"binary", 64, request{method: "GET", target: "/api/v1/demo/text/?type=image/png&body=%89PNG%00"},
			0, "", 0, "[image/png body of 5 bytes, not kept]"},
		{"multipart", 64, request{method: "POST", target: "/api/v1/demo/echo/", contentType: "multipart/form-data; boundary=x", body: multipart},
			len(multipart), "[multipart/form-data body of " + itoa(len(multipart)) + " bytes, not kept]", int64(len(multipart)), "-"},
		{"none kept", -1, request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: long},
			len(long), "", int64(len(long)), ""},
		{"invalid json", 64, request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: `{"a":1,"password" "sec-1"}`},
			26, `{"a":1,"password":…[invalid JSON]`, 26, "-"},
	}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					d := openDB(t, drv)
					l, _ := newLogger(t, d, apilog.Options{MaxBody: tt.maxBody})
					res := send(t, newApp(d, l), tt.req)
					require.Less(t, res.Code(), status.HTTP_300_MULTIPLE_CHOICES, res.Body())
					if tt.req.method == "POST" {
						assert.Contains(t, res.Body(), `"read":`+itoa(tt.read)+`,`, "the handler reads the whole body")
					}
					closeLogger(t, l)
					got := entries(t, d)
					require.Len(t, got, 1)
					assert.Equal(t, tt.reqBody, got[0].RequestBody)
					assert.Equal(t, tt.reqSize, got[0].RequestSize)
					if tt.resBody != "-" {
						assert.Equal(t, tt.resBody, got[0].ResponseBody)
					}
					assert.Equal(t, int64(len(res.Body())), got[0].ResponseSize)
					assert.NotContains(t, got[0].RequestBody, "sec-")
				})
			}
		})
	}
}

// TestUnreadBody checks that a body the handler did not read, or read in
// part, is recorded as far as it was read, with its declared size.
func TestUnreadBody(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		read                    int
		want                    string
	}{
		{"text, part read", "text/plain", "hello world", 4, "[text/plain body of 11 bytes, not kept]"},
		{"json, part read", "application/json", `{"a":"b","token":"sec-1"}`, 9, `{"a":"b"…[truncated]`},
		{"json, not read", "application/json", `{"a":"b","token":"sec-1"}`, 0, "[application/json body of 25 bytes, not read by the handler]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := openDB(t, "sqlite")
			l, _ := newLogger(t, d, apilog.Options{})
			h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadFull(r.Body, make([]byte, tt.read))
				w.WriteHeader(http.StatusAccepted)
			}))
			send(t, h, request{method: "POST", target: "/upload", contentType: tt.contentType, body: tt.body})
			closeLogger(t, l)
			got := entries(t, d)
			require.Len(t, got, 1)
			assert.Equal(t, tt.want, got[0].RequestBody)
			assert.Equal(t, int64(len(tt.body)), got[0].RequestSize)
		})
	}
}

// TestWriterFeatures checks that Flush and Hijack still reach the
// connection through the middleware.
func TestWriterFeatures(t *testing.T) {
	d := openDB(t, "sqlite")
	l, _ := newLogger(t, d, apilog.Options{})

	t.Run("flush", func(t *testing.T) {
		h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "part")
			assert.NoError(t, http.NewResponseController(w).Flush())
		}))
		res := petratest.New(t, h).Get("/stream")
		assert.True(t, res.Recorder.Flushed)
		assert.Equal(t, "part", res.Body())
	})

	t.Run("hijack", func(t *testing.T) {
		h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			conn, rw, err := http.NewResponseController(w).Hijack()
			if !assert.NoError(t, err) {
				return
			}
			defer conn.Close()
			_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			_ = rw.Flush()
		}))
		served := make(chan struct{}) // closed once the middleware has queued the entry
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer close(served)
			h.ServeHTTP(w, r)
		}))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/socket")
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(bufio.NewReader(resp.Body))
		require.NoError(t, err)
		assert.Equal(t, "hijacked", string(b))
		<-served
	})

	closeLogger(t, l)
	got := entries(t, d)
	require.Len(t, got, 2)
	assert.Equal(t, "part", got[0].ResponseBody)
	assert.Equal(t, "/socket", got[1].Path)
}

func TestSkip(t *testing.T) {
	d := openDB(t, "sqlite")
	l, _ := newLogger(t, d, apilog.Options{Skip: func(r *http.Request) bool { return r.URL.Path == "/hello-petra/status" }})
	app := newApp(d, l, petra.AllowAny)
	for _, target := range []string{"/hello-petra/status", apilog.ShowPath, apilog.ShowPath + "/", "/api/v1/demo/ping/"} {
		require.Equal(t, status.HTTP_200_OK, send(t, app, request{method: "GET", target: target}).Code(), target)
	}
	closeLogger(t, l)
	got := entries(t, d)
	require.Len(t, got, 1)
	assert.Equal(t, "/api/v1/demo/ping/", got[0].Path)
}

// TestNilLogger checks that a nil Logger is a logger that logs nothing.
func TestNilLogger(t *testing.T) {
	var l *apilog.Logger
	app := petra.New()
	app.Use(middleware.RequestID, l.Middleware, l.Identify)
	app.Mount(demoModule())
	send(t, app, request{method: "GET", target: "/api/v1/demo/ping/"}).AssertStatus(status.HTTP_200_OK)
	assert.NoError(t, l.Close(t.Context()))
	assert.Equal(t, apilog.Stats{}, l.Stats())
}

// BenchmarkMiddleware measures what the API log adds to a request: the
// capture on the request path, not the writer.
func BenchmarkMiddleware(b *testing.B) {
	body := `{"email":"ann@example.com","password":"S3cret!pw"}`
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	run := func(b *testing.B, h http.Handler) {
		b.ReportAllocs()
		for b.Loop() {
			r := httptest.NewRequest(http.MethodPost, "/login?next=/", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
	}
	b.Run("bare", func(b *testing.B) { run(b, handler) })
	b.Run("apilog", func(b *testing.B) {
		d := openDB(b, "sqlite")
		l := apilog.New(d, apilog.Options{Logger: slog.New(slog.DiscardHandler)})
		b.Cleanup(func() { _ = l.Close(context.Background()) })
		run(b, l.Middleware(handler))
	})
}
