package petra

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// serve serves method target on app and returns the status and body.
func serve(app http.Handler, method, target string) (int, string) {
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec.Code, rec.Body.String()
}

func TestHandle(t *testing.T) {
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Method+" "+r.URL.Path)
	})
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Handle("raw", hello),
		Handle("guarded", hello).Permission(deny),
		Get("both", reply("view")),
		Handle("both", hello),
	}})
	tests := []struct {
		method, target string
		code           int
		body           string
	}{
		{"GET", "/api/v1/m/raw", 200, "GET /api/v1/m/raw"},
		{"PURGE", "/api/v1/m/raw", 200, "PURGE /api/v1/m/raw"},
		{"POST", "/api/v1/m/raw/", 200, "POST /api/v1/m/raw/"},
		{"GET", "/api/v1/m/guarded", 403, `{"success":false,"message":"You do not have permission to perform this action"}`},
		{"GET", "/api/v1/m/both", 200, `"view"`},
		{"DELETE", "/api/v1/m/both", 200, "DELETE /api/v1/m/both"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			code, body := serve(app, tt.method, tt.target)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.body, body)
		})
	}
}

func TestMountPrefix(t *testing.T) {
	files := http.FileServerFS(fstest.MapFS{"hello.txt": {Data: []byte("hi")}, "docs/a.txt": {Data: []byte("a")}})
	router := chi.NewRouter()
	router.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "chi item "+chi.URLParam(r, "id"))
	})
	sub := newApp()
	sub.Mount(Module{Name: "inner", Path: "/", Routes: []Route{Get("ping/<int:n>", func(r *Request) Result {
		return Response("sub " + r.PathParam("n"))
	})}})
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Mount("static", files),
		Mount("chi/", router),
		Mount("sub", sub),
	}})
	tests := []struct {
		target string
		code   int
		body   string
	}{
		{"/api/v1/m/static/hello.txt", 200, "hi"},
		{"/api/v1/m/static/docs/a.txt", 200, "a"},
		{"/api/v1/m/static/missing.txt", 404, "404 page not found\n"},
		{"/api/v1/m/chi/items/7", 200, "chi item 7"},
		{"/api/v1/m/sub/ping/3", 200, `"sub 3"`},
		{"/api/v1/m/sub/ping/x", 404, `{"success":false,"message":"Not found"}`},
		{"/api/v1/m/staticx", 404, `{"success":false,"message":"Not found"}`},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			code, body := serve(app, http.MethodGet, tt.target)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.body, body)
		})
	}
}

// header returns middleware that adds value to the X-Trace header.
func header(value string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("X-Trace", value)
			next.ServeHTTP(w, r)
		})
	}
}

func TestRouteWith(t *testing.T) {
	base := Get("x", reply("x"))
	app := newApp()
	app.Mount(Module{Name: "m", Middleware: []func(http.Handler) http.Handler{header("module")}, Routes: []Route{
		base.With(header("a")).With(header("b")),
		Get("y", reply("y")),
	}}, Module{Name: "n", Routes: []Route{base}})
	c := petratest.New(t, app)
	assert.Equal(t, []string{"module", "a", "b"}, c.Get("/api/v1/m/x").AssertStatus(status.HTTP_200_OK).Header().Values("X-Trace"),
		"the module's middleware, then the route's, in order")
	assert.Equal(t, []string{"module"}, c.Get("/api/v1/m/y").Header().Values("X-Trace"))
	assert.Empty(t, c.Get("/api/v1/n/x").Header().Values("X-Trace"), "With returns a copy")
}

func noopMiddleware(next http.Handler) http.Handler { return next }

func TestEscapeHatchesInRoutes(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Handle("raw", http.NotFoundHandler()),
		Mount("static", http.FileServerFS(fstest.MapFS{})),
		Get("x", plainView).With(noopMiddleware),
	}})
	routes := app.Routes()[2:]
	require.Len(t, routes, 3)
	assert.Equal(t, RouteInfo{Method: "*", Path: "/api/v1/m/raw", View: "http.NotFound", Module: "m"}, routes[0])
	assert.Equal(t, RouteInfo{Method: "*", Path: "/api/v1/m/static/*", View: "*http.fileHandler", Module: "m"}, routes[1])
	assert.Equal(t, "petra.plainView", routes[2].View)
	assert.Equal(t, []string{"petra.noopMiddleware"}, routes[2].Middleware)
}
