package cli_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/cli"
	"github.com/go-petra/petra/petra/project"
)

// Run is what cli.Main calls with the process's arguments; here it prints
// the route table `serve` would serve.
func ExampleRun() {
	p := &project.Project{
		Name: "hello",
		Modules: func(project.Deps) []petra.Module {
			return []petra.Module{{Name: "hello", Routes: []petra.Route{
				petra.Get("ping/", func(*petra.Request) petra.Result { return petra.Response("pong") }).Named("hello:ping"),
			}}}
		},
	}
	code := cli.Run(context.Background(), p, []string{"routes"},
		cli.Streams{In: strings.NewReader(""), Out: os.Stdout, Err: io.Discard})
	fmt.Println("exit", code)
	// Output:
	// METHOD  PATH                          VIEW                              NAME                     MODULE
	// GET     /hello-petra/status           petra.(*App).projectModule.func1  hello-petra:status       hello-petra
	// GET     /hello-petra/api/show-routes  petra.(*App).projectModule.func2  hello-petra:show_routes  hello-petra
	// GET     /api/v1/hello/ping/           cli_test.ExampleRun.func1.1       hello:ping               hello
	// *       /hello-petra/jobs/*           *riverui.Handler                  jobs:ui                  jobs
	// GET     /openapi.json                 openapi.(*docsViewSet).JSON       openapi:json             openapi
	// GET     /openapi.yaml                 openapi.(*docsViewSet).YAML       openapi:yaml             openapi
	// GET     /docs                         openapi.(*docsViewSet).Docs       openapi:docs             openapi
	// GET     /docs/assets/<str:file>       openapi.(*docsViewSet).Asset      openapi:docs_assets      openapi
	// exit 0
}
