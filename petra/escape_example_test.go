package petra_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing/fstest"

	"github.com/go-petra/petra/petra"
)

// ExampleHandle serves a plain http.Handler next to views, for every method.
func ExampleHandle() {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Method+" "+r.URL.Path)
	})
	app := petra.New()
	app.Mount(petra.Module{Name: "tools", Routes: []petra.Route{petra.Handle("echo", echo)}})
	call(app, http.MethodPut, "/api/v1/tools/echo")
	// Output: 200 PUT /api/v1/tools/echo
}

// ExampleMount serves a file server under a prefix, which it sees stripped.
func ExampleMount() {
	files := http.FileServerFS(fstest.MapFS{"robots.txt": {Data: []byte("User-agent: *")}})
	app := petra.New()
	app.Mount(petra.Module{Name: "site", Path: "/", Routes: []petra.Route{petra.Mount("static", files)}})
	call(app, http.MethodGet, "/static/robots.txt")
	fmt.Println(app.Routes()[2].Method, app.Routes()[2].Path)
	// Output:
	// 200 User-agent: *
	// * /static/*
}

// ExampleRoute_With wraps one route in middleware of its own.
func ExampleRoute_With() {
	noStore := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			next.ServeHTTP(w, r)
		})
	}
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Get("me", func(*petra.Request) petra.Result { return petra.Response("ann") }).With(noStore),
	}})
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/user/me", nil))
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"), rec.Body.String())
	// Output: 200 no-store "ann"
}
