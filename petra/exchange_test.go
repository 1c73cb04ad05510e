package petra

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// routeView answers what chi's helpers and net/http's path values tell a view.
func routeView(r *Request) Result {
	return Response(map[string]string{
		"param":     r.PathParam("id"),
		"url_param": chi.URLParam(r.Request, "id"),
		"value":     r.PathValue("id"),
		"pattern":   r.Pattern,
		"route":     chi.RouteContext(r.Context()).RoutePattern(),
	})
}

const routeViewAnswer = `{"param":"7","url_param":"7","value":"7","pattern":"/api/v1/m/items/{id}","route":"/api/v1/m/items/{id}"}`

func TestChiHelpersInViewsAndMiddleware(t *testing.T) {
	// seen records what a middleware reads from the route context before and
	// after the rest of the walk, as chi's docs advise for the pattern.
	type seen struct{ before, after, param, value string }
	record := func(into *seen) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				into.before = chi.URLParam(r, "id")
				next.ServeHTTP(w, r)
				rctx := chi.RouteContext(r.Context())
				into.after, into.param, into.value = rctx.RoutePattern(), rctx.URLParam("id"), r.PathValue("id")
			})
		}
	}
	tests := []struct {
		name              string
		app, module, with bool
	}{
		{"no middleware", false, false, false},
		{"the app's middleware", true, false, false},
		{"a module's middleware", false, true, false},
		{"a route's middleware", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got seen
			app := newApp()
			m := Module{Name: "m"}
			route := Get("items/<int:id>", routeView)
			switch {
			case tt.app:
				app.Use(record(&got))
			case tt.module:
				m.Middleware = append(m.Middleware, record(&got))
			case tt.with:
				route = route.With(record(&got))
			}
			m.Routes = []Route{route}
			app.Mount(m)
			petratest.New(t, app).Get("/api/v1/m/items/7").AssertJSON(status.HTTP_200_OK, routeViewAnswer)
			switch {
			case tt.app: // before routing, as under chi.Mux.Use
				assert.Equal(t, seen{"", "/api/v1/m/items/{id}", "7", "7"}, got)
			case tt.module || tt.with:
				assert.Equal(t, seen{"7", "/api/v1/m/items/{id}", "7", "7"}, got)
			}
		})
	}
}

// The request a walk serves is reused by the next one: nothing of one request
// shows in the next, whatever route it takes.
func TestNothingOfARequestShowsInTheNext(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("items/<int:id>", routeView),
		Get("plain", func(r *Request) Result {
			return Response(map[string]any{
				"value": r.PathValue("id"), "url_param": chi.URLParam(r.Request, "id"),
				"header": r.Header.Get("X-Secret"), "params": len(chi.RouteContext(r.Context()).URLParams.Keys),
			})
		}),
	}})
	c := petratest.New(t, app)
	for range 20 {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/m/items/7", nil)
		req.Header.Set("X-Secret", "s3cret")
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		require.Equal(t, http.StatusOK, w.Code)
		c.Get("/api/v1/m/plain").AssertJSON(status.HTTP_200_OK, `{"value":"","url_param":"","header":"","params":0}`)
	}
}

// An app behind another router routes what that router left of the path, and
// keeps the path values it matched.
func TestAppBehindARouter(t *testing.T) {
	view := func(r *Request) Result {
		return Response(map[string]string{"tenant": r.PathValue("tenant"), "chi_tenant": chi.URLParam(r.Request, "tenant"), "id": r.PathParam("id")})
	}
	newRoutes := func() *App {
		app := newApp()
		app.Mount(Module{Name: "m", Routes: []Route{Get("items/<int:id>", view)}})
		return app
	}
	outer := chi.NewRouter()
	outer.Mount("/t/{tenant}", newRoutes())
	petratest.New(t, outer).Get("/t/acme/api/v1/m/items/7").
		AssertJSON(status.HTTP_200_OK, `{"tenant":"acme","chi_tenant":"acme","id":"7"}`)

	mux := http.NewServeMux()
	mux.Handle("/api/v1/{tenant}/", newRoutes())
	petratest.New(t, mux).Get("/api/v1/m/items/7").
		AssertJSON(status.HTTP_200_OK, `{"tenant":"m","chi_tenant":"","id":"7"}`)
}

// A middleware may give the request a context that is not derived from the
// one the app gave it: the app still routes it.
func TestMiddlewareWithAContextOfItsOwn(t *testing.T) {
	app := newApp()
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.Background()))
		})
	})
	app.Mount(Module{Name: "m", Routes: []Route{Get("items/<int:id>", routeView)}})
	c := petratest.New(t, app)
	c.Get("/api/v1/m/items/7").AssertJSON(status.HTTP_200_OK, routeViewAnswer)
	assert.Equal(t, status.HTTP_404_NOT_FOUND, c.Get("/api/v1/m/items/x").Code())
}

// http.TimeoutHandler answers before the view ends, which goes on in its own
// goroutine: what the view reads stays its request's while other requests
// are served (the race detector watches this test), whether the timeout
// wraps the app's routing or one module's routes.
func TestViewOutlivingItsRequest(t *testing.T) {
	// The timeout answers the slow route only, which waits for the test.
	timeout := func(next http.Handler) http.Handler {
		late := http.TimeoutHandler(next, time.Millisecond, "late")
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/slow/") {
				late.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	for _, onModule := range []bool{false, true} {
		t.Run(map[bool]string{false: "the app's middleware", true: "a module's middleware"}[onModule], func(t *testing.T) {
			resume, got := make(chan struct{}), make(chan string, 1)
			app := newApp()
			slow := Module{Name: "s", Routes: []Route{Get("slow/<int:id>", func(r *Request) Result {
				<-r.Context().Done() // the timeout has passed
				<-resume
				got <- r.PathParam("id") + " " + chi.URLParam(r.Request, "id") + " " + r.PathValue("id") + " " + r.URL.Path
				return Response(nil)
			})}}
			if onModule {
				slow.Middleware = append(slow.Middleware, timeout)
			} else {
				app.Use(timeout)
			}
			app.Mount(slow, Module{Name: "m", Routes: []Route{Get("items/<int:id>", routeView)}})
			c := petratest.New(t, app)
			assert.Equal(t, status.HTTP_503_SERVICE_UNAVAILABLE, c.Get("/api/v1/s/slow/1").Code())
			for range 10 {
				c.Get("/api/v1/m/items/7").AssertJSON(status.HTTP_200_OK, routeViewAnswer)
			}
			close(resume)
			assert.Equal(t, "1 1 1 /api/v1/s/slow/1", <-got)
		})
	}
}

// A request's context is its own past the request, as a database driver
// watching ctx.Done() in a goroutine of its own needs, though the request's
// copy and route context go back to the pool.
func TestContextOutlivesItsRequest(t *testing.T) {
	type key struct{}
	kept := make(chan context.Context, 1)
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("keep", func(r *Request) Result {
			kept <- r.Context()
			return Response(nil)
		}),
		Get("items/<int:id>", routeView),
	}})
	serve := func(target, value string) {
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, value))
		defer cancel()
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		require.Equal(t, http.StatusOK, w.Code)
	}
	serve("/api/v1/m/keep", "first")
	ctx := <-kept
	for range 10 {
		serve("/api/v1/m/items/7", "next")
	}
	assert.Equal(t, "first", ctx.Value(key{}))
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
}

// copyRequest copies every exported field of http.Request: a field a later Go
// adds fails here until it is copied too.
func TestCopyRequestCopiesEveryField(t *testing.T) {
	src, dst := new(http.Request), new(http.Request)
	sv := reflect.ValueOf(src).Elem()
	for i := range sv.NumField() {
		if f := sv.Field(i); sv.Type().Field(i).IsExported() {
			f.Set(nonZero(f.Type()))
		}
	}
	copyRequest(dst, src)
	dv := reflect.ValueOf(dst).Elem()
	for i := range dv.NumField() {
		if field := dv.Type().Field(i); field.IsExported() {
			assert.False(t, dv.Field(i).IsZero(), "http.Request.%s is not copied", field.Name)
		}
	}
}

// nonZero returns a value of type t that is not its zero.
func nonZero(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
	case reflect.Map:
		v.Set(reflect.MakeMap(t))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(t, 1, 1))
	case reflect.Chan:
		v.Set(reflect.MakeChan(reflect.ChanOf(reflect.BothDir, t.Elem()), 0).Convert(t))
	case reflect.Func:
		v.Set(reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value { return nil }))
	case reflect.Interface:
		v.Set(reflect.ValueOf(http.NoBody))
	default:
		panic("nonZero: no value for " + t.String())
	}
	return v
}

// A middleware may answer and hand the request to a goroutine that routes it
// only later: the walk's state is not reused before that route has run.
func TestRoutedAfterTheAnswer(t *testing.T) {
	start, inView, resume, got := make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan string, 1)
	app := newApp()
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.URL.Path, "/later/") {
				next.ServeHTTP(w, r)
				return
			}
			go func() {
				<-start
				next.ServeHTTP(httptest.NewRecorder(), r)
			}()
			w.WriteHeader(http.StatusAccepted)
		})
	})
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("later/<int:id>", func(r *Request) Result {
			close(inView)
			<-resume
			got <- r.PathParam("id") + " " + chi.URLParam(r.Request, "id") + " " + r.PathValue("id")
			return Response(nil)
		}),
		Get("items/<int:id>", routeView),
	}})
	c := petratest.New(t, app)
	assert.Equal(t, status.HTTP_202_ACCEPTED, c.Get("/api/v1/m/later/1").Code())
	close(start)
	<-inView
	for range 10 {
		c.Get("/api/v1/m/items/7").AssertJSON(status.HTTP_200_OK, routeViewAnswer)
	}
	close(resume)
	assert.Equal(t, "1 1 1", <-got)
}

// Path values are kept in the pooled map between requests served without
// middleware; whatever mix of routes and apps follows, a request never reads
// a value of another: not its view, not a middleware before routing.
func TestPathValuesNeverShowInAnotherRequest(t *testing.T) {
	bothValueMaps(t, func(t *testing.T) {
		values := func(r *http.Request) string {
			return r.PathValue("id") + "|" + r.PathValue("user_id") + "|" + r.PathValue("slug")
		}
		view := func(r *Request) Result { return Response(map[string]string{"values": values(r.Request)}) }
		routes := func() []Route {
			return []Route{
				Get("items/<int:id>", view),
				Get("users/<uuid:user_id>", view),
				Get("users/<uuid:user_id>/items/<int:id>", view),
				Get("plain", view),
			}
		}
		direct := newApp()
		direct.Mount(Module{Name: "m", Routes: routes()})
		var before string
		withMiddleware := newApp()
		withMiddleware.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				before = values(r)
				next.ServeHTTP(w, r)
			})
		})
		withMiddleware.Mount(Module{Name: "m", Routes: routes()})

		const user = "9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b"
		steps := []struct {
			app  *App
			path string
			want string
		}{
			{direct, "/api/v1/m/users/" + user + "/items/3", "3|" + user + "|"},
			{direct, "/api/v1/m/items/7", "7||"},
			{direct, "/api/v1/m/items/8", "8||"},
			{direct, "/api/v1/m/plain", "||"},
			{direct, "/api/v1/m/users/" + user, "|" + user + "|"},
			{withMiddleware, "/api/v1/m/items/9", "9||"},
			{direct, "/api/v1/m/users/" + user + "/items/4", "4|" + user + "|"},
			{withMiddleware, "/api/v1/m/plain", "||"},
			{direct, "/api/v1/m/nowhere", ""},
			{withMiddleware, "/api/v1/m/users/" + user, "|" + user + "|"},
			{direct, "/api/v1/m/plain", "||"},
		}
		for range 3 {
			for _, s := range steps {
				before = "unset"
				w := httptest.NewRecorder()
				s.app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, s.path, nil))
				if s.want == "" {
					assert.Equal(t, http.StatusNotFound, w.Code, s.path)
					continue
				}
				require.Equal(t, http.StatusOK, w.Code, s.path)
				assert.JSONEq(t, `{"values":"`+s.want+`"}`, w.Body.String(), s.path)
				if s.app == withMiddleware {
					assert.Equal(t, "||", before, "a middleware before routing %s", s.path)
				}
			}
		}
	})
}

// A path value that middleware or a view sets itself, under a name no route
// has, is the request's own: the next request served by the same pooled
// state must not see it.
func TestPathValuesSetByCodeNeverShowInAnotherRequest(t *testing.T) {
	bothValueMaps(t, func(t *testing.T) {
		tenant := func(r *http.Request) {
			if v := r.Header.Get("X-Tenant"); v != "" {
				r.SetPathValue("tenant", v)
			}
		}
		view := func(r *Request) Result {
			tenant(r.Request)
			return Response(map[string]string{"tenant": r.PathValue("tenant"), "id": r.PathValue("id")})
		}
		routes := func() []Route {
			return []Route{Get("items/<int:id>", view), Get("plain", view)}
		}
		direct := newApp()
		direct.Mount(Module{Name: "m", Routes: routes()})
		withMiddleware := newApp()
		withMiddleware.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				tenant(r)
				next.ServeHTTP(w, r)
			})
		})
		withMiddleware.Mount(Module{Name: "m", Routes: routes()})

		for _, app := range []*App{direct, withMiddleware} {
			for range 3 {
				for _, s := range []struct {
					path, tenant, want string
				}{
					{"/api/v1/m/items/1", "acme", `{"tenant":"acme","id":"1"}`},
					{"/api/v1/m/items/2", "", `{"tenant":"","id":"2"}`},
					{"/api/v1/m/plain", "globex", `{"tenant":"globex","id":""}`},
					{"/api/v1/m/plain", "", `{"tenant":"","id":""}`},
					{"/api/v1/m/items/3", "", `{"tenant":"","id":"3"}`},
				} {
					r := httptest.NewRequest(http.MethodGet, s.path, nil)
					if s.tenant != "" {
						r.Header.Set("X-Tenant", s.tenant)
					}
					w := httptest.NewRecorder()
					app.ServeHTTP(w, r)
					require.Equal(t, http.StatusOK, w.Code, s.path)
					assert.JSONEq(t, s.want, w.Body.String(), s.path)
				}
			}
		}
	})
}

// bothValueMaps runs test with the walk's requests sharing a map of path
// values that petra empties in place, and with the fallback for a Go whose
// http.Request petra cannot read (see pathvalues.go), a map per request.
func bothValueMaps(t *testing.T, test func(t *testing.T)) {
	t.Run("shared", test)
	t.Run("own", func(t *testing.T) {
		defer func(found bool) { valuesFound = found }(valuesFound)
		valuesFound = false
		test(t)
	})
}

// The shared map of path values is found on the Go petra supports: were it
// not, requests would still be served right, each at one allocation more.
func TestPathValueMapIsFound(t *testing.T) {
	require.True(t, valuesFound, "http.Request's map of path values was not found: see pathvalues.go")
	r := new(http.Request)
	assert.Nil(t, *valuesField(r))
	r.SetPathValue("id", "7")
	assert.Equal(t, map[string]string{"id": "7"}, *valuesField(r))
	shared := map[string]string{"id": "8"}
	*valuesField(r) = shared
	assert.Equal(t, "8", r.PathValue("id"))
	clear(shared)
	assert.Empty(t, r.PathValue("id"))
}
