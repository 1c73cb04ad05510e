package petra_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// call serves one request on app and prints the status and the body.
func call(app http.Handler, method, target string, header ...string) {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
}

func ExampleResponse() {
	app := petra.New()
	app.Mount(petra.Module{Name: "hello", Version: "v1", Routes: []petra.Route{
		petra.Get("ping/", func(r *petra.Request) petra.Result {
			return petra.Response(map[string]string{"ping": "pong"})
		}),
		petra.Post("things/", func(r *petra.Request) petra.Result {
			return petra.Response(map[string]int{"id": 1}, status.HTTP_201_CREATED).WithHeader("Location", "/api/v1/hello/things/1")
		}),
		petra.Delete("things/<int:id>", func(r *petra.Request) petra.Result {
			return petra.Response(nil, status.HTTP_204_NO_CONTENT)
		}),
	}})
	call(app, http.MethodGet, "/api/v1/hello/ping/")
	call(app, http.MethodPost, "/api/v1/hello/things/")
	call(app, http.MethodDelete, "/api/v1/hello/things/1")
	// Output:
	// 200 {"ping":"pong"}
	// 201 {"id":1}
	// 204
}

func ExampleFail() {
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Get("users/<int:id>", func(r *petra.Request) petra.Result {
			return petra.Fail(petra.NotFound("User not found"))
		}),
		petra.Post("users/", func(r *petra.Request) petra.Result {
			return petra.Fail(petra.Invalid("email", "The email is already registered"))
		}),
	}})
	call(app, http.MethodGet, "/api/v1/user/users/7")
	call(app, http.MethodPost, "/api/v1/user/users/")
	// Output:
	// 404 {"success":false,"message":"User not found"}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"email":["The email is already registered"]}}
}

func ExampleGet() {
	show := func(r *petra.Request) petra.Result {
		return petra.Response(map[string]string{"id": r.PathParam("id")})
	}
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Get("items/<int:id>", show),
		petra.Get("users/<uuid:id>", show),
		petra.Get("tags/<slug:id>/", show),
		petra.Get("files/<path:id>", func(r *petra.Request) petra.Result {
			return petra.Response(r.PathParam("id"))
		}),
		petra.Get("orders/{id:[A-Z]{2}[0-9]+}", show), // chi's syntax works too
	}})
	call(app, http.MethodGet, "/api/v1/shop/items/7")
	call(app, http.MethodGet, "/api/v1/shop/items/seven")
	call(app, http.MethodGet, "/api/v1/shop/users/123e4567-e89b-12d3-a456-426614174000")
	call(app, http.MethodGet, "/api/v1/shop/tags/go-chi")
	call(app, http.MethodGet, "/api/v1/shop/files/docs/readme.md")
	call(app, http.MethodGet, "/api/v1/shop/orders/AB12")
	call(app, http.MethodPost, "/api/v1/shop/items/7")
	// Output:
	// 200 {"id":"7"}
	// 404 {"success":false,"message":"Not found"}
	// 200 {"id":"123e4567-e89b-12d3-a456-426614174000"}
	// 200 {"id":"go-chi"}
	// 200 "docs/readme.md"
	// 200 {"id":"AB12"}
	// 405 {"success":false,"message":"Method not allowed"}
}

// UserViewSet holds the user views; petra.ViewSet carries their permissions.
type UserViewSet struct {
	petra.ViewSet
	users []string
}

// GetUsers lists the users.
func (v *UserViewSet) GetUsers(r *petra.Request) petra.Result { return petra.Response(v.users) }

// DeleteUser deletes one user.
func (v *UserViewSet) DeleteUser(r *petra.Request) petra.Result {
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}

// authenticate stands in for a bearer-token middleware: "Authorization: Bearer
// <name>" makes <name> the principal.
func authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if name, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			r = r.WithContext(petra.ContextWithPrincipal(r.Context(), name))
		}
		next.ServeHTTP(w, r)
	})
}

// isAdmin allows the principal "admin" only.
func isAdmin(r *petra.Request) error {
	if r.Principal() != "admin" {
		return petra.ErrForbidden
	}
	return nil
}

func ExampleViewSet_SetPermission() {
	v := &UserViewSet{users: []string{"ann", "bob"}}
	v.SetPermission(petra.IsAuthenticated).Only(v.DeleteUser)
	v.SetPermission(isAdmin).Only(v.DeleteUser)

	app := petra.New()
	app.Use(authenticate)
	app.Mount(petra.Module{Name: "user", Routes: v.Routes(
		petra.Get("users/", v.GetUsers),
		petra.Delete("users/<str:name>", v.DeleteUser),
	)})
	call(app, http.MethodGet, "/api/v1/user/users/")
	call(app, http.MethodDelete, "/api/v1/user/users/bob")
	call(app, http.MethodDelete, "/api/v1/user/users/bob", "Authorization", "Bearer ann")
	call(app, http.MethodDelete, "/api/v1/user/users/bob", "Authorization", "Bearer admin")
	// Output:
	// 200 ["ann","bob"]
	// 401 {"success":false,"message":"Authentication credentials were not provided or are invalid"}
	// 403 {"success":false,"message":"You do not have permission to perform this action"}
	// 204
}

func ExampleNewPage() {
	names := []string{"ann", "bob", "cid", "dee", "eve"}
	app := petra.New(petra.WithBaseURL("https://api.example.com"))
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Get("users/", func(r *petra.Request) petra.Result {
			p, err := r.PageParams()
			if err != nil {
				return petra.Fail(err)
			}
			end := min(p.Offset()+p.PerPage, len(names))
			items := names[min(p.Offset(), end):end]
			return petra.Response(petra.NewPage(r, p, items, len(names)).
				WithAdditionalData(map[string]int{"total_active_users": 4}))
		}),
	}})
	call(app, http.MethodGet, "/api/v1/user/users/?page=2&per_page=2")
	call(app, http.MethodGet, "/api/v1/user/users/?page=0")
	// Output:
	// 200 {"data":["cid","dee"],"total":5,"per_page":2,"current_page":2,"last_page":3,"first_page_url":"https://api.example.com/api/v1/user/users/?page=1&per_page=2","last_page_url":"https://api.example.com/api/v1/user/users/?page=3&per_page=2","next_page_url":"https://api.example.com/api/v1/user/users/?page=3&per_page=2","prev_page_url":"https://api.example.com/api/v1/user/users/?page=1&per_page=2","additional_data":{"total_active_users":4}}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"page":["The page must be a whole number of at least 1"]}}
}

// Example_module shows a module as an application declares it: a viewset with
// its permissions, routes, a module middleware, and the project endpoints every
// app serves.
func Example_module() {
	v := &UserViewSet{users: []string{"ann"}}
	v.SetPermission(petra.IsAuthenticated).Ignore(v.GetUsers)
	module := petra.Module{
		Name:    "user",
		Version: "v2",
		Routes: v.Routes(
			petra.Get("users/", v.GetUsers),
			petra.Delete("users/<str:name>", v.DeleteUser),
		),
		Middleware: []func(http.Handler) http.Handler{func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Module", "user")
				next.ServeHTTP(w, r)
			})
		}},
	}
	app := petra.New(petra.WithShowRoutes(false))
	app.Use(authenticate)
	app.Mount(module)

	call(app, http.MethodGet, "/api/v2/user/users")
	call(app, http.MethodDelete, "/api/v2/user/users/ann")
	call(app, http.MethodPut, "/api/v2/user/users/")
	call(app, http.MethodGet, "/hello-petra/status")
	call(app, http.MethodGet, "/hello-petra/api/show-routes")
	for _, rt := range app.Routes() {
		fmt.Println(rt.Method, rt.Path, rt.Name)
	}
	// Output:
	// 200 ["ann"]
	// 401 {"success":false,"message":"Authentication credentials were not provided or are invalid"}
	// 405 {"success":false,"message":"Method not allowed"}
	// 200 {"status":"petra is working fine"}
	// 404 {"success":false,"message":"Not found"}
	// GET /hello-petra/status hello-petra:status
	// GET /api/v2/user/users/ user:get_users
	// DELETE /api/v2/user/users/<str:name> user:delete_user
}

func ExampleWriteError() {
	requireKey := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-API-Key") == "" {
				petra.WriteError(w, r, petra.ErrUnauthenticated)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	app := petra.New()
	app.Use(requireKey)
	call(app, http.MethodGet, "/hello-petra/status")
	call(app, http.MethodGet, "/hello-petra/status", "X-API-Key", "k")
	// Output:
	// 401 {"success":false,"message":"Authentication credentials were not provided or are invalid"}
	// 200 {"status":"petra is working fine"}
}

func ExampleRequest_AllData() {
	app := petra.New()
	app.Mount(petra.Module{Name: "echo", Routes: []petra.Route{
		petra.Post("", func(r *petra.Request) petra.Result {
			data, err := r.AllData()
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(data)
		}),
	}})
	for _, body := range []string{`{"name":"Ann","age":30}`, `{"name":`} {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/echo/?lang=en", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 200 {"age":30,"lang":"en","name":"Ann"}
	// 400 {"success":false,"message":"The request body is not valid JSON: it ends unexpectedly"}
}

func ExampleNewHandler() {
	v := &UserViewSet{users: []string{"ann"}}
	v.SetPermission(petra.IsAuthenticated).Only(v.GetUsers)
	// A wrapper, as dto.Form is, keeps the identity of the view it wraps, so
	// the view's permissions and name still apply.
	logged := petra.NewHandler(v.GetUsers, func(r *petra.Request) petra.Result {
		res := v.GetUsers(r)
		return res.WithHeader("X-Wrapped", "yes")
	})
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: v.Routes(
		petra.Get("users/", logged),
	)})
	call(app, http.MethodGet, "/api/v1/user/users/")
	fmt.Println(app.Routes()[2].Name)
	// Output:
	// 401 {"success":false,"message":"Authentication credentials were not provided or are invalid"}
	// user:get_users
}

func ExampleNewUncountedPage() {
	names := []string{"ann", "bob", "cid", "dee", "eve"}
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Get("users/", func(r *petra.Request) petra.Result {
			p, err := r.PageParams()
			if err != nil {
				return petra.Fail(err)
			}
			// What db.SelectListUncounted does in SQL: one row more than the
			// page, to learn whether another page follows, and no count.
			end := min(p.Offset()+p.PerPage+1, len(names))
			items := names[min(p.Offset(), end):end]
			more := len(items) > p.PerPage
			return petra.Response(petra.NewUncountedPage(r, p, items[:min(len(items), p.PerPage)], more))
		}),
	}})
	call(app, http.MethodGet, "/api/v1/user/users/?ordering=name&page=2&per_page=2")
	call(app, http.MethodGet, "/api/v1/user/users/?ordering=name&page=3&per_page=2")
	// Output:
	// 200 {"data":["cid","dee"],"per_page":2,"current_page":2,"first_page_url":"/api/v1/user/users/?ordering=name&page=1&per_page=2","next_page_url":"/api/v1/user/users/?ordering=name&page=3&per_page=2","prev_page_url":"/api/v1/user/users/?ordering=name&page=1&per_page=2"}
	// 200 {"data":["eve"],"per_page":2,"current_page":3,"first_page_url":"/api/v1/user/users/?ordering=name&page=1&per_page=2","next_page_url":null,"prev_page_url":"/api/v1/user/users/?ordering=name&page=2&per_page=2"}
}
