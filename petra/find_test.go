package petra

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
)

// App.find looks a path without parameters up by itself, before chi's tree:
// for every path and method it must find what chi's tree finds, and record
// the same route context.
func TestFindAsChisTree(t *testing.T) {
	ok := func(*Request) Result { return Response(nil) }
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("ping", ok),
		Post("ping", ok),
		Get("users/", ok),
		Get("users/me", ok),
		Delete("users/<uuid:id>", ok),
		Get("users/{n:[0-9]+}/x", ok),
		Get("files/", ok),
		Get("files/<path:rest>", ok),
		Method("PURGE", "cache", ok),
		Mount("/static", http.NotFoundHandler()),
	}})
	app.build.Do(app.buildMux)
	paths := []string{
		"/", "/hello-petra/status", "/hello-petra/status/",
		"/api/v1/m/ping", "/api/v1/m/ping/", "/api/v1/m/ping//", "/api/v1/m/Ping",
		"/api/v1/m/users", "/api/v1/m/users/", "/api/v1/m/users/me", "/api/v1/m/users/me/",
		"/api/v1/m/users/0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90", "/api/v1/m/users/12/x",
		"/api/v1/m/files", "/api/v1/m/files/", "/api/v1/m/files/a/b",
		"/api/v1/m/cache", "/static", "/static/", "/static/a.css", "/nowhere",
	}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodDelete, http.MethodOptions, "PURGE", "BREW"}
	for _, path := range paths {
		for _, method := range methods {
			got := chi.NewRouteContext()
			got.RouteMethod = method
			want := chi.NewRouteContext()
			pat := app.mux.Find(want, method, path)
			if pat == "" && method != http.MethodGet {
				pat = app.mux.Find(want, http.MethodGet, path)
			}
			wantHandler := app.byPattern[pat]
			if wantHandler == nil {
				wantHandler = app.static[pat]
			}
			assert.Same(t, wantHandler, app.find(got, path), "%s %s", method, path)
			assert.Equal(t, want.RoutePatterns, got.RoutePatterns, "%s %s", method, path)
			assert.Equal(t, want.URLParams, got.URLParams, "%s %s", method, path)
			assert.Equal(t, want.RoutePattern(), got.RoutePattern(), "%s %s", method, path)
		}
	}
	assert.NotEmpty(t, app.static)
}
