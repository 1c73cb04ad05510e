package petra_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// BookViewSet serves books; Create links to the book it made.
type BookViewSet struct{ petra.ViewSet }

// Get answers one book.
func (v *BookViewSet) Get(r *petra.Request) petra.Result { return petra.Response(r.PathParam("id")) }

// Shelf answers a place on a shelf.
func (v *BookViewSet) Shelf(r *petra.Request) petra.Result {
	return petra.Response(r.PathParam("shelf") + ":" + r.PathParam("rest"))
}

// Create answers 201 with the Location of the new book.
func (v *BookViewSet) Create(r *petra.Request) petra.Result {
	loc, err := r.Link(v.Get, 42)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(nil, status.HTTP_201_CREATED).WithHeader("Location", loc)
}

func ExampleApp_URL() {
	v := &BookViewSet{}
	app := petra.New()
	app.Mount(petra.Module{Name: "library", Routes: v.Routes(
		petra.Get("books/<int:id>", v.Get),
		petra.Get("shelves/<slug:shelf>/<path:rest>", v.Shelf).Named("library:shelf"),
	)})
	fmt.Println(app.MustURL(v.Get, 7))                             // by method value
	fmt.Println(app.MustURL("library:shelf", "sci-fi", "top/a b")) // by name
	_, err := app.URL(v.Get, "seven")
	fmt.Println(errors.Is(err, petra.ErrNoReverseMatch), err)
	// Output:
	// /api/v1/library/books/7
	// /api/v1/library/shelves/sci-fi/top/a%20b
	// true petra: no reverse match: /api/v1/library/books/<int:id>: "seven" does not fit the parameter id
}

func ExampleRequest_Link() {
	v := &BookViewSet{}
	app := petra.New(petra.WithBaseURL("https://api.example.com"))
	app.Mount(petra.Module{Name: "library", Routes: v.Routes(
		petra.Post("books/", v.Create).Reverses(v.Get),
		petra.Get("books/<int:id>", v.Get),
	)})
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/v1/library/books/", nil))
	fmt.Println(rec.Code, rec.Header().Get("Location"))
	// Output: 201 https://api.example.com/api/v1/library/books/42
}

func ExampleApp_Check() {
	v := &BookViewSet{}
	app := petra.New()
	app.Mount(petra.Module{Name: "library", Routes: v.Routes(
		petra.Post("books/", v.Create).Reverses(v.Get), // but no route serves v.Get
	)})
	fmt.Println(app.Check())
	// Output: POST /api/v1/library/books/ reverses: petra: no reverse match: petra_test.(*BookViewSet).Get is no route of the app
}
