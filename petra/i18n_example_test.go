package petra_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-petra/petra/petra"
)

func ExampleWithCatalog() {
	app := petra.New(petra.WithCatalog(
		petra.Spanish, // every message of the framework
		petra.NewCatalog("es", map[string]string{"The user was not found": "No se encontró el usuario"}),
	))
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Get("users/<int:id>", func(r *petra.Request) petra.Result {
			return petra.Fail(petra.NotFound("The user was not found"))
		}),
	}})

	for _, accept := range []string{"es-MX,es;q=0.9,en;q=0.8", "de", ""} {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/user/users/7", nil)
		req.Header.Set("Accept-Language", accept)
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("Content-Language"), rec.Header().Get("Vary"), rec.Body.String())
	}
	// Output:
	// 404 es Accept-Language {"success":false,"message":"No se encontró el usuario"}
	// 404 en Accept-Language {"success":false,"message":"The user was not found"}
	// 404 en Accept-Language {"success":false,"message":"The user was not found"}
}
