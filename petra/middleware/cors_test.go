package middleware_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestCORS(t *testing.T) {
	credentials := middleware.CORSOptions{
		AllowedOrigins:   []string{"https://app.example.com", "https://*.example.org"},
		ExposedHeaders:   []string{"X-Request-ID", "Retry-After"},
		AllowCredentials: true,
		MaxAge:           90 * time.Second,
	}
	tests := []struct {
		name      string
		opts      middleware.CORSOptions
		method    string
		origin    string
		preflight string // Access-Control-Request-Method; "" for an actual request
		reqHdrs   string // Access-Control-Request-Headers
		reachApp  bool
		want      map[string]string // response headers; "" means absent
	}{
		{
			name: "preflight, default origin", method: http.MethodOptions, origin: "http://localhost:3000",
			preflight: "POST", reqHdrs: "content-type, authorization",
			want: map[string]string{
				"Access-Control-Allow-Origin":      "http://localhost:3000",
				"Access-Control-Allow-Methods":     "POST",
				"Access-Control-Allow-Headers":     "Content-Type, Authorization",
				"Access-Control-Max-Age":           "300",
				"Access-Control-Allow-Credentials": "",
			},
		},
		{
			name: "preflight, disallowed origin", method: http.MethodOptions, origin: "https://evil.example.net",
			preflight: "POST",
			want:      map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""},
		},
		{
			name: "preflight, disallowed header", method: http.MethodOptions, origin: "http://localhost:3000",
			preflight: "GET", reqHdrs: "X-Secret",
			want: map[string]string{"Access-Control-Allow-Origin": ""},
		},
		{
			name: "preflight, disallowed method", method: http.MethodOptions, origin: "http://localhost:3000",
			preflight: "TRACE",
			want:      map[string]string{"Access-Control-Allow-Origin": ""},
		},
		{
			name: "preflight with credentials, pattern origin", opts: credentials, method: http.MethodOptions,
			origin: "https://admin.example.org", preflight: "DELETE",
			want: map[string]string{
				"Access-Control-Allow-Origin":      "https://admin.example.org",
				"Access-Control-Allow-Credentials": "true",
				"Access-Control-Max-Age":           "90",
			},
		},
		{
			name: "preflight, no max age", opts: middleware.CORSOptions{MaxAge: -1}, method: http.MethodOptions,
			origin: "http://localhost:3000", preflight: "GET",
			want: map[string]string{"Access-Control-Allow-Origin": "http://localhost:3000", "Access-Control-Max-Age": ""},
		},
		{
			name: "actual, allowed origin", method: http.MethodGet, origin: "http://localhost:3000", reachApp: true,
			want: map[string]string{
				"Access-Control-Allow-Origin":   "http://localhost:3000",
				"Access-Control-Expose-Headers": "",
			},
		},
		{
			name: "actual with credentials, exact origin", opts: credentials, method: http.MethodPost,
			origin: "https://app.example.com", reachApp: true,
			want: map[string]string{
				"Access-Control-Allow-Origin":      "https://app.example.com",
				"Access-Control-Allow-Credentials": "true",
				"Access-Control-Expose-Headers":    "X-Request-Id, Retry-After",
			},
		},
		{
			name: "actual, origin outside the pattern", opts: credentials, method: http.MethodGet,
			origin: "https://example.org.evil.net", reachApp: true,
			want: map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Credentials": ""},
		},
		{
			name: "actual, disallowed origin", method: http.MethodGet, origin: "https://evil.example.net", reachApp: true,
			want: map[string]string{"Access-Control-Allow-Origin": ""},
		},
		{
			name: "same origin, no Origin header", method: http.MethodGet, reachApp: true,
			want: map[string]string{"Access-Control-Allow-Origin": ""},
		},
		{
			name: "any origin", opts: middleware.CORSOptions{AllowedOrigins: []string{"*"}}, method: http.MethodGet,
			origin: "https://anyone.example.net", reachApp: true,
			want: map[string]string{"Access-Control-Allow-Origin": "*"},
		},
	}
	for _, tg := range targets {
		for _, tt := range tests {
			t.Run(tg.name+"/"+tt.name, func(t *testing.T) {
				var hits atomic.Int64
				h := tg.build(t, &hits, middleware.CORS(tt.opts))
				c := petratest.New(t, h)
				if tt.origin != "" {
					c = c.WithHeader("Origin", tt.origin)
				}
				if tt.preflight != "" {
					c = c.WithHeader("Access-Control-Request-Method", tt.preflight)
				}
				if tt.reqHdrs != "" {
					c = c.WithHeader("Access-Control-Request-Headers", tt.reqHdrs)
				}
				res := c.Send(tt.method, tg.path, "", nil)
				if tt.reachApp {
					res.AssertJSON(status.HTTP_200_OK, okJSON)
					assert.Equal(t, int64(1), hits.Load())
				} else {
					assert.Empty(t, res.AssertStatus(status.HTTP_200_OK).Body())
					assert.Zero(t, hits.Load(), "a preflight must not reach the app")
				}
				assert.Contains(t, res.Header().Values("Vary"), "Origin")
				for k, v := range tt.want {
					assert.Equal(t, v, res.Header().Get(k), k)
				}
			})
		}
	}
}

func TestCORSRefusesInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opts middleware.CORSOptions
		want string // in the error; "" for valid options
	}{
		{"zero value", middleware.CORSOptions{}, ""},
		{"any origin", middleware.CORSOptions{AllowedOrigins: []string{"*"}}, ""},
		{"pattern with credentials", middleware.CORSOptions{AllowedOrigins: []string{"https://*.example.com"}, AllowCredentials: true}, ""},
		{"any origin with credentials", middleware.CORSOptions{AllowedOrigins: []string{"https://a.example.com", "*"}, AllowCredentials: true}, `any origin ("*") together with AllowCredentials`},
		{"trailing slash", middleware.CORSOptions{AllowedOrigins: []string{"http://localhost:3000/"}}, "is not an origin"},
		{"no scheme", middleware.CORSOptions{AllowedOrigins: []string{"example.com"}}, "is not an origin"},
		{"two wildcards", middleware.CORSOptions{AllowedOrigins: []string{"https://*.*.example.com"}}, `more than one "*"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				assert.NotPanics(t, func() { middleware.CORS(tt.opts) })
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Regexp(t, "^middleware: ", err.Error())
			assert.PanicsWithValue(t, err.Error(), func() { middleware.CORS(tt.opts) })
		})
	}
}

func TestCORSDoesNotShareSlices(t *testing.T) {
	methods := []string{"get"}
	mw := middleware.CORS(middleware.CORSOptions{AllowedMethods: methods})
	methods[0] = "delete"
	res := petratest.New(t, mw(http.NotFoundHandler())).WithHeader("Origin", "http://localhost:3000").
		WithHeader("Access-Control-Request-Method", "GET").Send(http.MethodOptions, "/", "", nil)
	assert.Equal(t, "GET", res.Header().Get("Access-Control-Allow-Methods"), fmt.Sprint(res.Header()))
}
