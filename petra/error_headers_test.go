package petra

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

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
