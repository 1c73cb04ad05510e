package petra

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
)

// App.find searches the app's router, or, when a pattern is not one the
// router takes, a map of the paths without parameters and chi's tree: for
// every path and method it must find what chi's tree finds, and record the
// same route context.
func TestFindAsChisTree(t *testing.T) {
	ok := func(*Request) Result { return Response(nil) }
	tests := []struct {
		name    string
		modules []Module
		routed  bool // by the app's router
	}{
		{"the example app's paths", []Module{
			{Name: "user", Routes: []Route{
				Post("registration/", ok), Post("login/", ok), Post("token/refresh/", ok), Post("logout/", ok),
				Post("password/change/", ok), Get("users/", ok), Get("users/<uuid:user_id>", ok),
				Patch("users/<uuid:user_id>", ok), Delete("users/<uuid:user_id>", ok),
				Post("users/<uuid:user_id>/avatar/", ok),
			}},
			{Name: "hello-petra", Path: "/hello-petra", Routes: []Route{
				Get("api/show-api-logs", ok), Mount("jobs", http.NotFoundHandler()),
			}},
			{Name: "media", Path: "/media", Routes: []Route{Mount("public", http.NotFoundHandler())}},
			{Name: "openapi", Path: "/", Routes: []Route{
				Get("openapi.json", ok), Get("openapi.yaml", ok), Get("docs", ok), Get("docs/assets/<str:file>", ok),
			}},
		}, true},
		{"a regexp parameter: chi's tree", []Module{{Name: "m", Routes: []Route{
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
		}}}, false},
	}
	paths := []string{
		"", "/", "//", "/hello-petra/status", "/hello-petra/status/", "/hello-petra/api/show-routes",
		"/api/v1/m/ping", "/api/v1/m/ping/", "/api/v1/m/ping//", "/api/v1/m/Ping",
		"/api/v1/m/users", "/api/v1/m/users/", "/api/v1/m/users/me", "/api/v1/m/users/me/",
		"/api/v1/m/users/0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90", "/api/v1/m/users/12/x",
		"/api/v1/m/files", "/api/v1/m/files/", "/api/v1/m/files/a/b",
		"/api/v1/m/cache", "/static", "/static/", "/static/a.css", "/nowhere",
		"/api/v1/user/login", "/api/v1/user/login/", "/api/v1/user/users", "/api/v1/user/users/",
		"/api/v1/user/users/0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90", "/api/v1/user/users/x/", "/api/v1/user/users//",
		"/api/v1/user/users/x/avatar", "/api/v1/user/users//avatar/", "/api/v1/user/users/%2F/avatar",
		"/hello-petra/jobs", "/hello-petra/jobs/", "/hello-petra/jobs/api/queues?x", "/media/public/a/b.png",
		"/openapi.json", "/openapi.yaml/", "/docs", "/docs/", "/docs/assets", "/docs/assets/", "/docs/assets/ui.css",
		"/docs/assets/é.js/", "/docs/assets//",
	}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodDelete, http.MethodOptions, "PURGE", "BREW"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp()
			app.Mount(tt.modules...)
			app.build.Do(app.buildMux)
			assert.Equal(t, tt.routed, app.router != nil)
			handlers := map[string]*pathHandler{}
			chi.Walk(app.mux, func(_, pattern string, h http.Handler, _ ...func(http.Handler) http.Handler) error {
				handlers[pattern] = h.(*pathHandler)
				return nil
			})
			for _, path := range paths {
				for _, method := range methods {
					got := chi.NewRouteContext()
					got.RouteMethod = method
					want := chi.NewRouteContext()
					pat := app.mux.Find(want, method, path)
					if pat == "" && method != http.MethodGet {
						pat = app.mux.Find(want, http.MethodGet, path)
					}
					assert.Same(t, handlers[pat], app.find(got, path), "%s %s", method, path)
					assert.Equal(t, want.RoutePatterns, got.RoutePatterns, "%s %s", method, path)
					assert.Equal(t, want.URLParams, got.URLParams, "%s %s", method, path)
					assert.Equal(t, want.RoutePattern(), got.RoutePattern(), "%s %s", method, path)
					if ph := handlers[pat]; ph != nil {
						assert.Equal(t, want.RoutePattern(), ph.routePattern, "the pattern of %s %s", method, path)
					}
				}
			}
		})
	}
}
