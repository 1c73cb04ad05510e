package petra

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestMountPaths(t *testing.T) {
	tests := []struct {
		name   string
		module Module
		target string
	}{
		{"default version", Module{Name: "user"}, "/api/v1/user/ping"},
		{"explicit version", Module{Name: "user", Version: "v2"}, "/api/v2/user/ping"},
		{"path override", Module{Name: "user", Path: "/custom"}, "/custom/ping"},
		{"path override with slash", Module{Name: "user", Path: "/custom/"}, "/custom/ping"},
		{"path without name", Module{Path: "/bare"}, "/bare/ping"},
		{"nested path", Module{Name: "x", Path: "/a/b/c"}, "/a/b/c/ping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp()
			m := tt.module
			m.Routes = []Route{Get("/ping", reply("pong"))} // a leading slash is relative too
			app.Mount(m)
			c := petratest.New(t, app)
			c.Get(tt.target).AssertJSON(status.HTTP_200_OK, `"pong"`)
			c.Get("/api/v3/user/ping").AssertStatus(status.HTTP_404_NOT_FOUND)
		})
	}
}

func TestModuleRoot(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "root", Routes: []Route{Get("", reply("root"))}},
		Module{Name: "slash", Path: "/", Routes: []Route{Get("", reply("slash"))}})
	for target, want := range map[string]string{"/api/v1/root": `"root"`, "/api/v1/root/": `"root"`, "/": `"slash"`} {
		t.Run(target, func(t *testing.T) {
			petratest.New(t, app).Get(target).AssertJSON(status.HTTP_200_OK, want)
		})
	}
}

func TestModuleMiddleware(t *testing.T) {
	var order []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	view := func(*Request) Result {
		order = append(order, "view")
		return Response("ok")
	}
	app := newApp()
	app.Use(mw("app"))
	app.Mount(
		Module{Name: "a", Middleware: []func(http.Handler) http.Handler{mw("a1"), mw("a2")}, Routes: []Route{
			Get("x", view), Post("x", view),
		}},
		Module{Name: "b", Routes: []Route{Get("x", view)}},
	)
	tests := []struct {
		method, target string
		want           []string
	}{
		{http.MethodGet, "/api/v1/a/x", []string{"app", "a1", "a2", "view"}},
		{http.MethodPost, "/api/v1/a/x", []string{"app", "a1", "a2", "view"}},
		{http.MethodHead, "/api/v1/a/x", []string{"app", "a1", "a2", "view"}},
		{http.MethodGet, "/api/v1/b/x", []string{"app", "view"}},
		{http.MethodDelete, "/api/v1/a/x", []string{"app"}}, // 405 is the path's, not the module's
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			order = nil
			petratest.New(t, app).Send(tt.method, tt.target, "", nil)
			assert.Equal(t, tt.want, order)
		})
	}
}

// mistakeViewSet and otherViewSet are viewsets for the mount mistakes.
type mistakeViewSet struct{ ViewSet }

func (v *mistakeViewSet) List(*Request) Result { return Response("list") }

type otherViewSet struct{ ViewSet }

func (v *otherViewSet) List(*Request) Result { return Response("other") }

func TestMountMistakesPanic(t *testing.T) {
	view := reply("x")
	tests := []struct {
		name    string
		modules func() []Module
		want    string
	}{
		{"same method and path", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("a", view), Get("a/", view)}}}
		}, `petra: GET /api/v1/m/a/ is declared twice`},
		{"same method and path across modules", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Post("a", view)}}, {Name: "n", Path: "/api/v1/m", Routes: []Route{Post("a", view)}}}
		}, `petra: POST /api/v1/m/a is declared twice`},
		{"converters differ", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("u/<int:id>", view), Delete("u/<uuid:id>", view)}}}
		}, `petra: routes "/api/v1/m/u/<int:id>" and "/api/v1/m/u/<uuid:id>" match the same paths with different parameters; give them one spelling`},
		{"parameter names differ", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("u/<int:id>", view), Delete("u/<int:pk>", view)}}}
		}, `petra: routes "/api/v1/m/u/<int:id>" and "/api/v1/m/u/<int:pk>" match the same paths with different parameters; give them one spelling`},
		{"chi parameter names differ", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("u/{id}", view), Delete("u/{pk}/", view)}}}
		}, `petra: routes "/api/v1/m/u/{id}" and "/api/v1/m/u/{pk}/" match the same paths with different parameters; give them one spelling`},
		{"chi and converter spellings", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("u/{id}", view), Delete("u/<id>", view)}}}
		}, `petra: routes "/api/v1/m/u/{id}" and "/api/v1/m/u/<id>" match the same paths with different parameters; give them one spelling`},
		{"path and wildcard", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("f/*", view), Delete("f/<path:rest>", view)}}}
		}, `petra: routes "/api/v1/m/f/*" and "/api/v1/m/f/<path:rest>" match the same paths with different parameters; give them one spelling`},
		{"rule naming another type's method", func() []Module {
			v, o := &mistakeViewSet{}, &otherViewSet{}
			v.SetPermission(AllowAny).Only(o.List)
			return []Module{{Name: "m", Routes: v.Routes(Get("x", v.List))}}
		}, `petra: a permission rule of the viewset of petra.(*mistakeViewSet).List names petra.(*otherViewSet).List, which is not one of its methods`},
		{"ignore naming another type's method", func() []Module {
			v, o := &mistakeViewSet{}, &otherViewSet{}
			v.SetPermission(AllowAny).Ignore(o.List)
			return []Module{{Name: "m", Routes: v.Routes(Get("x", v.List))}}
		}, `not one of its methods`},
		{"zero route", func() []Module {
			return []Module{{Name: "m", Routes: []Route{{}}}}
		}, `petra: module "m" has a zero Route; build routes with petra.Get, petra.Post…`},
		{"no name", func() []Module { return []Module{{Routes: []Route{Get("a", view)}}} }, `petra: a Module needs a Name (or a Path)`},
		{"relative path", func() []Module { return []Module{{Name: "m", Path: "api"}} }, `petra: module "m" has the Path "api", which must start with '/'`},
		{"malformed route", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("users/<uuid:id", view)}}}
		}, `petra: route "/api/v1/m/users/<uuid:id" has an unclosed converter`},
		{"regexp chi rejects", func() []Module {
			return []Module{{Name: "m", Routes: []Route{Get("u/{id:[0-9}", view)}}}
		}, `petra: route "/api/v1/m/u/{id:[0-9}" is not a pattern chi accepts: chi: invalid regexp pattern '^[0-9$' in route param`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp()
			got := panicMessage(func() { app.Mount(tt.modules()...) })
			require.NotEmpty(t, got, "Mount must panic")
			assert.Contains(t, got, tt.want)
		})
	}
}

func TestSnakeCase(t *testing.T) {
	tests := map[string]string{
		"GetUsers":      "get_users",
		"GetSingleUser": "get_single_user",
		"UserID":        "user_id",
		"HTTPServer":    "http_server",
		"ID":            "id",
		"list":          "list",
		"Get_Users":     "get_users",
		"A":             "a",
		"":              "",
	}
	for in, want := range tests {
		assert.Equal(t, want, snakeCase(in), in)
	}
}

// A view that is a method must reach the app through its viewset's Routes, so
// that no permission of the viewset can be left behind: a route that names a
// method any other way is a mistake at mount, with the fix in the message.
func TestMethodViewOutsideItsViewSetPanics(t *testing.T) {
	v := &otherViewSet{}
	v.SetPermission(deny)
	for name, route := range map[string]Route{
		"method value":   Get("x", v.List),
		"wrapped method": Get("x", NewHandler(v.List, reply("x"))),
	} {
		t.Run(name, func(t *testing.T) {
			got := panicMessage(func() { newApp().Mount(Module{Name: "m", Routes: []Route{route}}) })
			assert.Equal(t, "petra: GET /api/v1/m/x serves petra.(*otherViewSet).List, a method, outside its viewset, "+
				"where no permission of the viewset could guard it: declare the route in v.Routes(...) "+
				"(a type whose methods are views embeds petra.ViewSet)", got)
		})
	}
}
