package middleware_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestRequestID(t *testing.T) {
	tests := []struct {
		name     string
		incoming string
		keep     bool
	}{
		{name: "none sent: a new one"},
		{name: "a UUID is kept", incoming: "8d0e8f8e-2b0c-4c57-9a51-1f4f8c7a2d11", keep: true},
		{name: "a trace ID is kept", incoming: "web/abc.def:42+x=y@z", keep: true},
		{name: "a line break is replaced", incoming: "abc\nlevel=ERROR msg=forged"},
		{name: "spaces are replaced", incoming: "abc def"},
		{name: "too long is replaced", incoming: strings.Repeat("a", 129)},
		{name: "128 characters are kept", incoming: strings.Repeat("a", 128), keep: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen, seenChi string
			h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = middleware.RequestIDFrom(r.Context())
				seenChi = chimw.GetReqID(r.Context())
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.incoming != "" {
				req.Header["X-Request-Id"] = []string{tt.incoming}
			}
			res := petratest.New(t, h).Do(req)
			require.NotEmpty(t, seen)
			assert.Equal(t, seen, seenChi)
			assert.Equal(t, seen, res.Header().Get("X-Request-ID"))
			if tt.keep {
				assert.Equal(t, tt.incoming, seen)
			} else {
				assert.NotEqual(t, tt.incoming, seen)
				assert.Regexp(t, `^[^/\s]+/\w+-\d{6,}$`, seen, "chi's form: host/random-counter")
			}
			if tt.incoming != "" {
				assert.Equal(t, tt.incoming, req.Header.Get("X-Request-ID"), "the caller's request is not changed")
			}
		})
	}
}

func TestRequestIDIsUniquePerRequest(t *testing.T) {
	h := middleware.RequestID(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	c := petratest.New(t, h)
	seen := map[string]bool{}
	for range 100 {
		id := c.Get("/").Header().Get("X-Request-ID")
		assert.False(t, seen[id], id)
		seen[id] = true
	}
}

func TestRequestIDReachesPetraErrorLogs(t *testing.T) {
	logger, logs := petratest.NewLogger()
	app := petra.New(petra.WithLogger(logger))
	app.Use(middleware.RequestID)
	app.Mount(petra.Module{Name: "demo", Routes: []petra.Route{
		petra.Get("fail/", func(*petra.Request) petra.Result { return petra.Fail(errors.New("db: connection reset")) }),
	}})
	res := petratest.New(t, app).WithHeader("X-Request-ID", "trace-123").Get("/api/v1/demo/fail/").
		AssertError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
	assert.Equal(t, "trace-123", res.Header().Get("X-Request-ID"))
	assert.Contains(t, logs.String(), `"request_id":"trace-123"`)
	assert.Contains(t, logs.String(), "db: connection reset")
}
