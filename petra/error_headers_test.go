package petra

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestErrorHeaders(t *testing.T) {
	app := New()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("private", reply("never")).Permission(IsAuthenticated),
		Get("slow-down", func(*Request) Result {
			return Fail(ErrTooManyRequests.WithHeader("Retry-After", "30"))
		}),
		Get("down", func(*Request) Result {
			return Fail(fmt.Errorf("database: %w", ErrServiceUnavailable.WithHeader("Retry-After", "5")))
		}),
		Get("teapot", func(*Request) Result {
			return Fail(NewError(status.HTTP_418_IM_A_TEAPOT, "Short and stout").WithHeader("X-Kettle", "on"))
		}),
		Get("overridden", func(*Request) Result {
			return Fail(ErrUnauthenticated.WithHeader("WWW-Authenticate", `Bearer error="invalid_token"`))
		}),
	}})
	c := petratest.New(t, app)
	tests := []struct {
		path, header, want string
		code               status.Code
	}{
		{"/api/v1/m/private", "WWW-Authenticate", "Bearer", 401},
		{"/api/v1/m/slow-down", "Retry-After", "30", 429},
		{"/api/v1/m/down", "Retry-After", "5", 503},
		{"/api/v1/m/teapot", "X-Kettle", "on", 418},
		{"/api/v1/m/overridden", "WWW-Authenticate", `Bearer error="invalid_token"`, 401},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := c.WithTest(t).Get(tt.path).AssertStatus(tt.code)
			assert.Equal(t, []string{tt.want}, res.Header().Values(tt.header))
			assert.Equal(t, "application/json", res.Header().Get("Content-Type"))
		})
	}
}

func TestErrorWithHeaderKeepsIdentity(t *testing.T) {
	err := ErrTooManyRequests.WithHeader("Retry-After", "1")
	assert.ErrorIs(t, err, ErrTooManyRequests)
	assert.NotErrorIs(t, err, ErrServiceUnavailable)
	assert.Empty(t, ErrTooManyRequests.Header.Get("Retry-After"), "the sentinel is not modified")
	assert.Equal(t, "Bearer", ErrUnauthenticated.Header.Get("WWW-Authenticate"))

	twice := err.WithHeader("X-A", "a")
	assert.Equal(t, "1", twice.Header.Get("Retry-After"))
	assert.Empty(t, err.Header.Get("X-A"))
	assert.True(t, errors.Is(fmt.Errorf("wrapped: %w", twice), ErrTooManyRequests))
}

func TestWriteErrorCarriesHeaders(t *testing.T) {
	rec := petratest.New(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, ErrUnauthenticated)
	})).Get("/")
	rec.AssertError(401, ErrUnauthenticated.Message)
	assert.Equal(t, "Bearer", rec.Header().Get("WWW-Authenticate"))
}

// declared reports whether ErrorHeaders(code) lists a header named name.
func declared(code status.Code, name string) bool {
	return slices.ContainsFunc(ErrorHeaders(code), func(h ResponseHeader) bool {
		return http.CanonicalHeaderKey(h.Name) == http.CanonicalHeaderKey(name)
	})
}

// Every error answer petra gives by itself carries the headers ErrorHeaders
// requires for its status, so that the OpenAPI document, which lists them,
// tells the truth.
func TestErrorHeadersAreSent(t *testing.T) {
	app := New()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("private", reply("never")).Permission(IsAuthenticated),
	}})
	c := petratest.New(t, app)
	tests := []struct {
		name string
		send func(c *petratest.Client) *petratest.Response
		code status.Code
	}{
		{"a permission refuses an anonymous request", func(c *petratest.Client) *petratest.Response {
			return c.Get("/api/v1/m/private")
		}, status.HTTP_401_UNAUTHORIZED},
		{"the path does not answer the method", func(c *petratest.Client) *petratest.Response {
			return c.Delete("/api/v1/m/private")
		}, status.HTTP_405_METHOD_NOT_ALLOWED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.send(c.WithTest(t)).AssertStatus(tt.code)
			require.NotEmpty(t, ErrorHeaders(tt.code), "petra declares the headers of its %d", tt.code)
			for _, h := range ErrorHeaders(tt.code) {
				if !h.Optional {
					assert.NotEmpty(t, res.Header().Get(h.Name), "the %d carries %s", tt.code, h.Name)
				}
			}
		})
	}
}

// Every header one of petra's errors answers with is declared for its
// status.
func TestSentinelHeadersAreDeclared(t *testing.T) {
	for _, e := range []*Error{ErrUnauthenticated, ErrForbidden, ErrNotFound, ErrMethodNotAllowed,
		ErrBodyTooLarge, ErrUnsupportedMediaType, ErrTooManyRequests, ErrServiceUnavailable, errInternal} {
		for name := range e.Header {
			assert.True(t, declared(e.Code, name), "%s of %v", name, e)
		}
	}
}

func TestErrorHeadersByStatus(t *testing.T) {
	tests := []struct {
		code     status.Code
		want     []string // the names, in order
		optional []bool
	}{
		{status.HTTP_401_UNAUTHORIZED, []string{"WWW-Authenticate"}, []bool{false}},
		{status.HTTP_405_METHOD_NOT_ALLOWED, []string{"Allow"}, []bool{false}},
		{status.HTTP_429_TOO_MANY_REQUESTS, []string{"Retry-After"}, []bool{true}},
		{status.HTTP_400_BAD_REQUEST, nil, nil},
		{status.HTTP_503_SERVICE_UNAVAILABLE, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.code.Text(), func(t *testing.T) {
			var names []string
			var optional []bool
			for _, h := range ErrorHeaders(tt.code) {
				names, optional = append(names, h.Name), append(optional, h.Optional)
				assert.NotEmpty(t, h.Description)
				assert.NotNil(t, h.Type)
			}
			assert.Equal(t, tt.want, names)
			assert.Equal(t, tt.optional, optional)
		})
	}
	ErrorHeaders(status.HTTP_401_UNAUTHORIZED)[0].Name = "X-Changed"
	assert.True(t, declared(status.HTTP_401_UNAUTHORIZED, "WWW-Authenticate"), "the caller gets a copy")
}
