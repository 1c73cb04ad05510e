package openapi_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/openapi/openapitest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// stack is the project's middleware: request IDs, a deadline, a rate limit
// and bearer tokens, described in Config.Middleware in the same order.
func stack(t *testing.T, deadline time.Duration) ([]func(http.Handler) http.Handler, []petra.Answers) {
	t.Helper()
	tokens, err := auth.NewTokens(auth.Config{Secret: bytes.Repeat([]byte("k"), auth.MinSecretLen)})
	require.NoError(t, err)
	limits := middleware.RateLimitOptions{Limit: 1}
	return []func(http.Handler) http.Handler{
			middleware.RequestID, middleware.Timeout(deadline), middleware.RateLimit(limits), tokens.Middleware,
		}, []petra.Answers{
			middleware.RequestIDAnswers(), middleware.TimeoutAnswers(deadline), middleware.RateLimitAnswers(limits),
			{Errors: []petra.Failed{{Status: status.HTTP_401_UNAUTHORIZED}}},
		}
}

// The answers of petra's middleware keep the document's promises, and the
// document lists them: openapitest.Check holds every exchange to it.
func TestMiddlewareAnswers(t *testing.T) {
	wait := func(r *petra.Request) petra.Result { // until the deadline
		<-r.Context().Done()
		return petra.Response(Item{ID: 1}) // too late: Timeout has answered
	}
	item := func(*petra.Request) petra.Result { return petra.Response(Item{ID: 1}) }
	newApp := func(deadline time.Duration, opts ...petra.Option) (*petra.App, openapi.Config) {
		mws, answers := stack(t, deadline)
		app := petra.New(opts...)
		app.Use(mws...)
		app.Mount(petra.Module{Name: "m", Routes: []petra.Route{
			petra.Get("item", item).Returns(petra.Schema[Item](), status.HTTP_200_OK),
			petra.Get("other", item).Returns(petra.Schema[Item](), status.HTTP_200_OK),
			petra.Get("wait", wait).Returns(petra.Schema[Item](), status.HTTP_200_OK),
		}})
		return app, openapi.Config{Middleware: answers}
	}
	app, cfg := newApp(time.Hour)
	spanish, spanishCfg := newApp(time.Hour, petra.WithCatalog(petra.Spanish))
	late, lateCfg := newApp(time.Millisecond) // the handler waits for the deadline, whatever the machine's speed
	tests := []struct {
		name     string
		app      *petra.App
		cfg      openapi.Config
		send     func(c *petratest.Client) *petratest.Response
		code     status.Code
		headers  []string // sent, and listed as required
		optional []string // sent, and listed as optional
	}{
		{"counted", app, cfg, func(c *petratest.Client) *petratest.Response { return c.Get("/api/v1/m/item") },
			status.HTTP_200_OK, []string{"X-Request-ID"}, []string{"X-RateLimit-Limit", "X-RateLimit-Remaining"}},
		{"over the limit", app, cfg, func(c *petratest.Client) *petratest.Response { return c.Get("/api/v1/m/item") },
			status.HTTP_429_TOO_MANY_REQUESTS, []string{"X-Request-ID", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining"}, nil},
		{"a refused token", app, cfg, func(c *petratest.Client) *petratest.Response {
			return c.WithHeader("Authorization", "Bearer not.a.token").Get("/api/v1/m/other")
		}, status.HTTP_401_UNAUTHORIZED, []string{"X-Request-ID", "WWW-Authenticate"}, []string{"X-RateLimit-Limit"}},
		{"in Spanish", spanish, spanishCfg, func(c *petratest.Client) *petratest.Response {
			return c.WithHeader("Accept-Language", "es").WithHeader("Authorization", "Basic dTpw").Get("/api/v1/m/item")
		}, status.HTTP_401_UNAUTHORIZED, []string{"X-Request-ID", "WWW-Authenticate", "Content-Language"}, nil},
		{"too late", late, lateCfg, func(c *petratest.Client) *petratest.Response { return c.Get("/api/v1/m/wait") },
			status.HTTP_503_SERVICE_UNAVAILABLE, []string{"X-Request-ID"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.send(petratest.New(t, tt.app).WithCheck(openapitest.Check(t, tt.app, tt.cfg)))
			res.AssertStatus(tt.code)
			listed := listedHeaders(t, tt.app, tt.cfg, "/api/v1/m/"+map[bool]string{true: "wait", false: "item"}[tt.app == late], tt.code)
			for _, name := range tt.headers {
				assert.NotEmpty(t, res.Header().Get(name), name)
				assert.Equal(t, true, listed[http.CanonicalHeaderKey(name)], "%s is listed as required", name)
			}
			for _, name := range tt.optional {
				assert.NotEmpty(t, res.Header().Get(name), name)
				assert.Equal(t, false, listed[http.CanonicalHeaderKey(name)], "%s is listed as optional", name)
			}
		})
	}
}

// listedHeaders returns the headers the document of app lists on the GET
// answer of path with code, by name: whether each is required.
func listedHeaders(t *testing.T, app *petra.App, cfg openapi.Config, path string, code status.Code) map[string]bool {
	t.Helper()
	doc := openapi.Build(app, cfg)
	res, ok := doc.Paths[path].Get.Responses[strconv.Itoa(int(code))]
	require.True(t, ok, "%s lists %d", path, code)
	if res.Ref != "" {
		res = doc.Components.Responses[strings.TrimPrefix(res.Ref, "#/components/responses/")]
	}
	out := map[string]bool{}
	for name, h := range res.Headers {
		out[http.CanonicalHeaderKey(name)] = h.Required
	}
	return out
}
