package petratest_test

import (
	"fmt"
	"testing"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func ExampleClient() {
	app := petra.New()
	app.Mount(petra.Module{Name: "hello", Routes: []petra.Route{
		petra.Get("ping/", func(*petra.Request) petra.Result {
			return petra.Response(map[string]string{"ping": "pong"})
		}),
	}})

	t := &testing.T{} // in a test, the test's own *testing.T
	c := petratest.New(t, app)
	res := c.Get("/api/v1/hello/ping/").AssertStatus(status.HTTP_200_OK)
	fmt.Println(petratest.Decode[map[string]string](res)["ping"])
	c.Get("/api/v1/hello/nope/").AssertError(status.HTTP_404_NOT_FOUND, "Not found")
	// Output: pong
}
