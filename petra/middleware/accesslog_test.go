package middleware_test

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestAccessLog(t *testing.T) {
	const secret = "s3cret-t0ken"
	tests := []struct {
		name   string
		path   func(tg target) string // request path, then the path logged
		method string
		body   string
		status status.Code
		level  string
	}{
		{name: "ok", path: samePath, method: http.MethodGet, status: 200, level: "INFO"},
		{name: "post", path: samePath, method: http.MethodPost, body: `{"password":"` + secret + `"}`, status: 200, level: "INFO"},
		{name: "too many requests", path: samePath, method: http.MethodDelete, status: 429, level: "WARN"},
		{name: "not found", path: func(target) string { return "/api/v1/nowhere/" }, method: http.MethodGet, status: 404, level: "WARN"},
		{name: "server error", path: func(target) string { return "/api/v1/boom/" }, method: http.MethodGet, status: 500, level: "ERROR"},
	}
	for _, tg := range targets {
		for _, tt := range tests {
			t.Run(tg.name+"/"+tt.name, func(t *testing.T) {
				logger, logs := petratest.NewLogger()
				var hits atomic.Int64
				inner := tg.build(t, &hits)
				// A bare handler for the error rows, in front of the target.
				routes := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					switch {
					case r.URL.Path == "/api/v1/boom/":
						http.Error(w, "boom", http.StatusInternalServerError)
					case r.Method == http.MethodDelete:
						w.WriteHeader(http.StatusTooManyRequests)
					case tg.name == "bare handler" && r.URL.Path == "/api/v1/nowhere/":
						http.NotFound(w, r)
					default:
						inner.ServeHTTP(w, r)
					}
				})
				h := middleware.RequestID(middleware.AccessLog(logger)(routes))

				c := petratest.New(t, h).WithToken(secret).WithHeader("Cookie", "session="+secret).WithHeader("X-Request-ID", "req-1")
				res := c.Send(tt.method, tt.path(tg)+"?token="+secret+"&page=2", "", unsizedReader(tt.body)).AssertStatus(tt.status)

				lines := logs.Records(t)
				require.Len(t, lines, 1)
				line := lines[0]
				assert.Equal(t, tt.level, line["level"])
				assert.Equal(t, "request", line["msg"])
				assert.Equal(t, tt.method, line["method"])
				assert.Equal(t, tt.path(tg), line["path"], "the path, without the query")
				assert.EqualValues(t, tt.status, line["status"])
				assert.EqualValues(t, len(res.Body()), line["bytes"])
				assert.IsType(t, float64(0), line["duration"])
				assert.Equal(t, "req-1", line["request_id"])
				assert.Equal(t, "192.0.2.1", line["client_ip"])
				assert.NotContains(t, logs.String(), secret, "no query, header or body in the log")
				assert.NotContains(t, logs.String(), "Bearer")
			})
		}
	}
}

func TestAccessLogHandlerWritingNothing(t *testing.T) {
	logger, logs := petratest.NewLogger()
	h := middleware.AccessLog(logger)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	petratest.New(t, h).Get("/empty").AssertStatus(status.HTTP_200_OK)
	lines := logs.Records(t)
	require.Len(t, lines, 1)
	assert.EqualValues(t, 200, lines[0]["status"])
	assert.EqualValues(t, 0, lines[0]["bytes"])
	assert.Equal(t, "", lines[0]["request_id"], "no RequestID in front")
}

func TestAccessLogPanic(t *testing.T) {
	logger, logs := petratest.NewLogger()
	h := middleware.AccessLog(logger)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	assert.PanicsWithValue(t, "boom", func() { petratest.New(t, h).Get("/panic") }, "the panic goes on to the recoverer")
	lines := logs.Records(t)
	require.Len(t, lines, 1)
	assert.Equal(t, "ERROR", lines[0]["level"])
	assert.EqualValues(t, 500, lines[0]["status"])
}

func TestAccessLogInPetraApp(t *testing.T) {
	logger, logs := petratest.NewLogger()
	var hits atomic.Int64
	app := buildApp(t, &hits, middleware.AccessLog(logger))
	petratest.New(t, app).Send(http.MethodPut, "/api/v1/demo/ping/", "", nil).AssertStatus(status.HTTP_405_METHOD_NOT_ALLOWED)
	lines := logs.Records(t)
	require.Len(t, lines, 1)
	assert.Equal(t, "WARN", lines[0]["level"])
	assert.EqualValues(t, 405, lines[0]["status"])
	assert.Equal(t, "/api/v1/demo/ping/", lines[0]["path"])
}
