package project_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/project"
)

// A project declares its modules; the runtime builds the app over the
// database the settings name, with the middleware stack and the project
// endpoints.
func ExampleProject_Build() {
	p := &project.Project{
		Name: "hello",
		Modules: func(project.Deps) []petra.Module {
			return []petra.Module{{Name: "hello", Routes: []petra.Route{
				petra.Get("ping/", func(*petra.Request) petra.Result { return petra.Response("pong") }),
			}}}
		},
	}
	s, _ := config.LoadFrom(config.MapLookup(map[string]string{"JWT_SECRET": "0123456789abcdef0123456789abcdef"}))
	d, _ := db.Open(context.Background(), "sqlite", ":memory:")
	defer d.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	rt, err := p.Build(s, d, nil, logger)
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	for _, path := range []string{"/api/v1/hello/ping/", "/hello-petra/status"} {
		rec := httptest.NewRecorder()
		rt.App.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(rec.Code, rec.Header().Get("X-Request-Id") != "", rec.Body.String())
	}
	// Output:
	// 200 true "pong"
	// 200 true {"status":"petra is working fine"}
}
