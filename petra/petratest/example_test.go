package petratest_test

import (
	"fmt"
	"testing"
	"time"

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

func ExampleClient_ForceAuthenticate() {
	app := petra.New()
	app.Mount(petra.Module{Name: "hello", Routes: []petra.Route{
		petra.Get("me/", func(r *petra.Request) petra.Result {
			return petra.Response(r.Principal())
		}).Permission(petra.IsAuthenticated).Named("hello:me"),
	}})

	t := &testing.T{} // in a test, the test's own *testing.T
	c := petratest.New(t, app)
	c.Get(c.URL("hello:me")).AssertStatus(status.HTTP_401_UNAUTHORIZED)
	// With petra/auth's sessions, pass the *auth.Principal their loader makes.
	res := c.ForceAuthenticate("ann").Get(c.URL("hello:me")).AssertStatus(status.HTTP_200_OK)
	fmt.Println(res.Body())
	// Output: "ann"
}

func ExampleResponse_AssertJSONSubset() {
	app := petra.New()
	app.Mount(petra.Module{Name: "hello", Routes: []petra.Route{
		petra.Post("notes/", func(*petra.Request) petra.Result {
			return petra.Response(map[string]any{"id": 7, "title": "Go", "created": time.Now()}, status.HTTP_201_CREATED)
		}),
	}})

	t := &testing.T{} // in a test, the test's own *testing.T
	petratest.New(t, app).PostJSON("/api/v1/hello/notes/", `{}`).
		AssertJSONSubset(status.HTTP_201_CREATED, map[string]any{"title": "Go", "id": petratest.Any})
	fmt.Println(t.Failed())
	// Output: false
}

func ExampleMultipart() {
	app := petra.New()
	app.Mount(petra.Module{Name: "hello", Routes: []petra.Route{
		petra.Post("upload/", func(r *petra.Request) petra.Result {
			_, header, err := r.FormFile("avatar")
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(r.FormValue("title") + " " + header.Filename)
		}),
	}})

	t := &testing.T{} // in a test, the test's own *testing.T
	form := petratest.Multipart{}.Field("title", "Me").File("avatar", "me.png", "image/png", petratest.PNG())
	fmt.Println(petratest.New(t, app).PostMultipart("/api/v1/hello/upload/", form).Body())
	// Output: "Me me.png"
}
