package openapi_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"

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

// declaredFor reports whether petra declares a header named name on its
// error answers of code.
func declaredFor(code status.Code, name string) bool {
	return slices.ContainsFunc(petra.ErrorHeaders(code), func(h petra.ResponseHeader) bool {
		return http.CanonicalHeaderKey(h.Name) == http.CanonicalHeaderKey(name)
	})
}

// Every header one of petra/auth's errors answers with is declared for its
// status, so the document lists it.
func TestAuthErrorHeadersAreDeclared(t *testing.T) {
	for _, e := range []*petra.Error{auth.ErrTokenInvalid, auth.ErrTokenExpired, auth.ErrTokenRevoked,
		auth.ErrRefreshTokenRequired, auth.ErrAccessTokenRequired, auth.ErrBearerRequired} {
		require.NotEmpty(t, e.Header, "%v carries a challenge", e)
		for name := range e.Header {
			assert.True(t, declaredFor(e.Code, name), "%s of %v", name, e)
		}
	}
}

// The error answers of petra's own middleware carry the headers the document
// lists for them: openapitest.Check holds each exchange to the document.
func TestMiddlewareErrorHeaders(t *testing.T) {
	tokens, err := auth.NewTokens(auth.Config{Secret: bytes.Repeat([]byte("k"), auth.MinSecretLen)})
	require.NoError(t, err)
	newApp := func(mw func(http.Handler) http.Handler) *petra.App {
		app := petra.New()
		app.Use(mw)
		app.Mount(petra.Module{Name: "m", Routes: []petra.Route{
			petra.Get("private", func(*petra.Request) petra.Result { return petra.Response(nil, status.HTTP_204_NO_CONTENT) }).
				Permission(petra.IsAuthenticated).Returns(petra.NoBody, status.HTTP_204_NO_CONTENT),
		}})
		return app
	}
	authenticated := newApp(tokens.Middleware)
	limits := middleware.RateLimitOptions{Limit: 1}
	limited := newApp(middleware.RateLimit(limits))
	tests := []struct {
		name          string
		app           *petra.App
		authorization string
		requests      int // the last one is checked
		code          status.Code
		header        string
	}{
		{"anonymous", authenticated, "", 1, status.HTTP_401_UNAUTHORIZED, "WWW-Authenticate"},
		{"another scheme", authenticated, "Basic dTpw", 1, status.HTTP_401_UNAUTHORIZED, "WWW-Authenticate"},
		{"no token after Bearer", authenticated, "Bearer", 1, status.HTTP_401_UNAUTHORIZED, "WWW-Authenticate"},
		{"a refused token", authenticated, "Bearer not.a.token", 1, status.HTTP_401_UNAUTHORIZED, "WWW-Authenticate"},
		{"over the rate limit", limited, "", 2, status.HTTP_429_TOO_MANY_REQUESTS, "Retry-After"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, declaredFor(tt.code, tt.header), "the document lists %s on a %d", tt.header, tt.code)
			c := petratest.New(t, tt.app).WithCheck(openapitest.Check(t, tt.app, openapi.Config{Middleware: []petra.Answers{middleware.RateLimitAnswers(limits)}}))
			if tt.authorization != "" {
				c = c.WithHeader("Authorization", tt.authorization)
			}
			var res *petratest.Response
			for range tt.requests {
				res = c.Get("/api/v1/m/private")
			}
			res.AssertStatus(tt.code)
			assert.NotEmpty(t, res.Header().Get(tt.header))
		})
	}
}
