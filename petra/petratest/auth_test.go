package petratest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

type member struct{ Name string }

// whoApp answers who a request is authenticated as, to authenticated requests only.
func whoApp() *petra.App {
	app := petra.New()
	app.Mount(petra.Module{Name: "who", Routes: []petra.Route{
		petra.Get("me/", func(r *petra.Request) petra.Result {
			return petra.Response(r.Principal().(*member).Name)
		}).Permission(petra.IsAuthenticated).Named("who:me"),
		petra.Get("members/<int:id>", func(r *petra.Request) petra.Result {
			return petra.Response(r.PathParam("id"))
		}).Named("who:member"),
	}})
	return app
}

func TestForceAuthenticate(t *testing.T) {
	c := petratest.New(t, whoApp())
	ann := c.ForceAuthenticate(&member{Name: "Ann"})
	ann.Get("/api/v1/who/me/").AssertJSON(status.HTTP_200_OK, `"Ann"`)
	ann.ForceAuthenticate(&member{Name: "Bo"}).Get("/api/v1/who/me/").AssertJSON(status.HTTP_200_OK, `"Bo"`)
	c.Get("/api/v1/who/me/").AssertStatus(status.HTTP_401_UNAUTHORIZED)
	ann.ForceAuthenticate(nil).Get("/api/v1/who/me/").AssertStatus(status.HTTP_401_UNAUTHORIZED)
	c.ForceAuthenticate((*member)(nil)).Get("/api/v1/who/me/").AssertStatus(status.HTTP_401_UNAUTHORIZED)

	// A plain handler reads it from the context, as a middleware would.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(petra.PrincipalFrom(r.Context()))
	})
	assert.JSONEq(t, `{"Name":"Cy"}`, petratest.New(t, h).ForceAuthenticate(member{Name: "Cy"}).Get("/").Body())
}

func TestClientURL(t *testing.T) {
	c := petratest.New(t, whoApp())
	assert.Equal(t, "/api/v1/who/members/42", c.URL("who:member", 42))
	c.Get(c.URL("who:member", 42)).AssertJSON(status.HTTP_200_OK, `"42"`)

	tests := []struct {
		name    string
		handler http.Handler
		view    any
		params  []any
		said    string
	}{
		{"no app", http.NotFoundHandler(), "who:member", []any{42}, "reverses no view"},
		{"an unknown name", whoApp(), "who:nope", nil, `"who:nope" is no route of the app`},
		{"a bad parameter", whoApp(), "who:member", []any{"x"}, `"x" does not fit the parameter id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			failed, said := failure(func(ft testing.TB) { petratest.New(ft, tt.handler).URL(tt.view, tt.params...) })
			assert.True(t, failed)
			assert.Contains(t, said, tt.said)
		})
	}
}
