package petra

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// panicMessage runs fn and returns what it panicked with, or "" if it did not.
func panicMessage(fn func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	fn()
	return ""
}

// newApp returns an app that logs nowhere unless opts say otherwise.
func newApp(opts ...Option) *App {
	return New(append([]Option{WithLogger(slog.New(slog.DiscardHandler))}, opts...)...)
}

// reply returns a view that answers data with 200.
func reply(data any) func(*Request) Result {
	return func(*Request) Result { return Response(data) }
}

func TestNotFound(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "user", Routes: []Route{Get("users/", reply("users"))}})
	for _, target := range []string{"/", "/nope", "/api/v1/user/", "/api/v1/user/users/x", "/api/v1/other/users/", "/hello-petra/status/x"} {
		t.Run(target, func(t *testing.T) {
			petratest.New(t, app).Get(target).AssertError(status.HTTP_404_NOT_FOUND, "Not found")
		})
	}
}

func TestUseOrderAndUnmatchedRequests(t *testing.T) {
	var order []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name+">")
				w.Header().Add("X-Seen", name)
				next.ServeHTTP(w, r)
				order = append(order, "<"+name)
			})
		}
	}
	app := newApp()
	app.Use(mw("a"), mw("b"))
	app.Use(mw("c"))
	app.Mount(Module{Name: "m", Routes: []Route{Get("x", func(*Request) Result {
		order = append(order, "view")
		return Response(nil, status.HTTP_204_NO_CONTENT)
	})}})

	tests := []struct {
		name, method, target string
		code                 status.Code
		order                []string
	}{
		{"route", http.MethodGet, "/api/v1/m/x", http.StatusNoContent, []string{"a>", "b>", "c>", "view", "<c", "<b", "<a"}},
		{"not found", http.MethodGet, "/nowhere", http.StatusNotFound, []string{"a>", "b>", "c>", "<c", "<b", "<a"}},
		{"method not allowed", http.MethodPost, "/api/v1/m/x", http.StatusMethodNotAllowed, []string{"a>", "b>", "c>", "<c", "<b", "<a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order = nil
			res := petratest.New(t, app).Send(tt.method, tt.target, "", nil)
			assert.Equal(t, tt.code, res.Code())
			assert.Equal(t, tt.order, order)
			assert.Equal(t, []string{"a", "b", "c"}, res.Header().Values("X-Seen"))
		})
	}
}

func TestPanicInView(t *testing.T) {
	logger, logs := petratest.NewLogger()
	app := New(WithLogger(logger))
	app.Mount(Module{Name: "boom", Routes: []Route{
		Get("view", func(*Request) Result { panic("db password is hunter2") }),
		Get("error", func(*Request) Result { panic(fmt.Errorf("wrapped: %w", io.ErrUnexpectedEOF)) }),
	}})
	for _, target := range []string{"/api/v1/boom/view", "/api/v1/boom/error"} {
		petratest.New(t, app).Get(target).AssertError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
	}
	out := logs.String()
	assert.Contains(t, out, "petra: panic while serving a request")
	assert.Contains(t, out, "db password is hunter2")
	assert.Contains(t, out, `"path":"/api/v1/boom/view"`)
	assert.Contains(t, out, "unexpected EOF")
	assert.Contains(t, out, "runtime/debug.Stack", "the stack is logged")
	assert.Contains(t, out, "petra.TestPanicInView", "the stack names the view")
}

// requestIDHeader gives each request an ID and sends it back in the
// X-Request-Id header, as petra/middleware.RequestID does.
func requestIDHeader(next http.Handler) http.Handler {
	return chimw.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(chimw.RequestIDHeader, chimw.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
	}))
}

// Every panic is recovered in one place and logged once, with the request ID;
// once the response has started, no envelope can follow it, so the
// connection is aborted instead.
func TestPanics(t *testing.T) {
	wrote := func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"partial":`)
	}
	tests := []struct {
		name       string
		view       func(*Request) Result
		middleware func(http.Handler) http.Handler
		aborted    bool   // net/http is asked to abort the connection
		body       string // what the client got before the abort
	}{
		{name: "in a view", view: func(*Request) Result { panic("boom") }},
		{name: "in a view that took the writer but wrote nothing", view: func(r *Request) Result {
			r.ResponseWriter().Header().Set("X-Partial", "yes")
			panic("boom")
		}},
		{name: "in a view that started its response", view: func(r *Request) Result {
			wrote(r.ResponseWriter())
			panic("boom")
		}, aborted: true, body: `{"partial":`},
		{name: "in a view that flushed", view: func(r *Request) Result {
			w := r.ResponseWriter()
			w.(http.Flusher).Flush()
			panic("boom")
		}, aborted: true},
		{name: "in middleware", view: reply("x"), middleware: func(http.Handler) http.Handler {
			return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
		}},
		{name: "in middleware after the response started", view: reply("x"), middleware: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r)
				panic("boom")
			})
		}, aborted: true, body: `"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := petratest.NewLogger()
			app := New(WithLogger(logger))
			app.Use(requestIDHeader)
			if tt.middleware != nil {
				app.Use(tt.middleware)
			}
			app.Mount(Module{Name: "boom", Routes: []Route{Get("view", tt.view)}})
			c := petratest.New(t, app).WithHeader("X-Request-Id", "req-42")
			if tt.aborted {
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodGet, "/api/v1/boom/view", nil)
				req.Header.Set("X-Request-Id", "req-42")
				assert.PanicsWithValue(t, http.ErrAbortHandler, func() { app.ServeHTTP(rec, req) })
				assert.Equal(t, tt.body, rec.Body.String(), "nothing is written after the response started")
			} else {
				c.Get("/api/v1/boom/view").AssertError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
			}
			lines := logs.Records(t)
			require.Len(t, lines, 1, "each panic is logged once: %s", logs)
			assert.Equal(t, "ERROR", lines[0]["level"])
			assert.Equal(t, "petra: panic while serving a request", lines[0]["msg"])
			assert.Equal(t, "req-42", lines[0]["request_id"])
			assert.Equal(t, "boom", lines[0]["panic"])
			assert.Equal(t, "/api/v1/boom/view", lines[0]["path"])
		})
	}
}

func TestPanicAbortHandlerPassesThrough(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{Get("x", func(*Request) Result { panic(http.ErrAbortHandler) })}})
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		petratest.New(t, app).Get("/api/v1/m/x")
	}, "net/http aborts the connection quietly on ErrAbortHandler")
}

func TestSetupAfterServingPanics(t *testing.T) {
	app := newApp()
	petratest.New(t, app).Get("/hello-petra/status")
	assert.Equal(t, "petra: Use called after the app started serving; set up routes and middleware first",
		panicMessage(func() { app.Use(func(h http.Handler) http.Handler { return h }) }))
	assert.Equal(t, "petra: Mount called after the app started serving; set up routes and middleware first",
		panicMessage(func() { app.Mount(Module{Name: "late"}) }))
}

func TestRouteConstructorMistakesPanic(t *testing.T) {
	var nilView func(*Request) Result
	var nilNamed namedView
	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"nil view", func() { Get("x", nilView) }, "petra: a route's view is nil"},
		{"nil named view", func() { Get("x", nilNamed) }, "petra: a route's view is nil"},
		{"zero handler", func() { Get("x", Handler{}) }, "petra: a route's Handler is the zero Handler; build it with NewHandler"},
		{"handler of a non-func", func() { NewHandler("view", reply(1)) }, "petra: NewHandler needs the wrapped view as a func, got string"},
		{"two status codes", func() { Response(nil, 200, 201) }, "petra: Response takes at most one status code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, panicMessage(tt.fn))
		})
	}
}

// namedView is a named view type, which routes accept as they accept funcs.
type namedView func(*Request) Result

// routesViewSet gives the route table test methods to name.
type routesViewSet struct{ ViewSet }

func (v *routesViewSet) GetSingleUser(*Request) Result { return Response("user") }
func (v *routesViewSet) UserID(*Request) Result        { return Response("id") }

func plainView(*Request) Result { return Response("plain") }

func TestRoutes(t *testing.T) {
	v := &routesViewSet{}
	app := newApp()
	app.Mount(Module{Name: "user", Routes: v.Routes(
		Get("users/<uuid:user_id>", v.GetSingleUser),
		Get("id", v.UserID).Named("user:the_id"),
		Post("plain", plainView),
		Put("named", namedView(plainView)),
		Patch("wrapped", NewHandler(v.GetSingleUser, reply("wrapped"))),
	)})
	routes := app.Routes()
	require.Len(t, routes, 7)
	assert.Equal(t, []RouteInfo{
		{Method: "GET", Path: "/hello-petra/status", View: routes[0].View, Name: "hello-petra:status", Module: "hello-petra"},
		{Method: "GET", Path: "/hello-petra/api/show-routes", View: routes[1].View, Name: "hello-petra:show_routes", Module: "hello-petra"},
		{Method: "GET", Path: "/api/v1/user/users/<uuid:user_id>", View: "petra.(*routesViewSet).GetSingleUser", Name: "user:get_single_user", Module: "user"},
		{Method: "GET", Path: "/api/v1/user/id", View: "petra.(*routesViewSet).UserID", Name: "user:the_id", Module: "user"},
		{Method: "POST", Path: "/api/v1/user/plain", View: "petra.plainView", Module: "user"},
		{Method: "PUT", Path: "/api/v1/user/named", View: "petra.plainView", Module: "user"},
		{Method: "PATCH", Path: "/api/v1/user/wrapped", View: "petra.(*routesViewSet).GetSingleUser", Name: "user:get_single_user", Module: "user"},
	}, routes)

	routes[0].Path = "changed"
	assert.Equal(t, "/hello-petra/status", app.Routes()[0].Path, "Routes returns a copy")

	c := petratest.New(t, app)
	assert.JSONEq(t, `"plain"`, c.Send(http.MethodPut, "/api/v1/user/named", "", nil).Body(), "a named func type serves like a func")
	assert.JSONEq(t, `"wrapped"`, c.Send(http.MethodPatch, "/api/v1/user/wrapped", "", nil).Body(), "a Handler serves with its own function")
}

func TestConcurrentRequests(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{Get("items/<int:id>", func(r *Request) Result {
		return Response(map[string]string{"id": r.PathParam("id")})
	})}})
	c := petratest.New(t, app)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			assert.JSONEq(t, fmt.Sprintf(`{"id":"%d"}`, i), c.Get(fmt.Sprintf("/api/v1/m/items/%d", i)).Body())
		})
	}
	wg.Wait()
	assert.True(t, strings.HasPrefix(app.Routes()[0].Path, "/hello-petra"))
}
