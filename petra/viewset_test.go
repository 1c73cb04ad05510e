package petra

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// itemViewSet is the viewset the permission tests guard.
type itemViewSet struct {
	ViewSet
	name string
}

func (v *itemViewSet) List(*Request) Result     { return Response(v.name + ":list") }
func (v *itemViewSet) Retrieve(*Request) Result { return Response(v.name + ":retrieve") }
func (v *itemViewSet) Create(*Request) Result {
	return Response(v.name+":create", status.HTTP_201_CREATED)
}
func (v *itemViewSet) Destroy(*Request) Result { return Response(nil, status.HTTP_204_NO_CONTENT) }

// itemModule mounts v's four views.
func itemModule(name string, v *itemViewSet, extra ...Route) Module {
	return Module{Name: name, Routes: v.Routes(append([]Route{
		Get("items/", v.List),
		Post("items/", v.Create),
		Get("items/<int:id>", v.Retrieve),
		Delete("items/<int:id>", v.Destroy),
	}, extra...)...)}
}

var deny Permission = func(*Request) error { return ErrForbidden }

// codes returns the status of each of the item module's four views, in the order
// list, create, retrieve, destroy.
func codes(t *testing.T, app *App, name string) []status.Code {
	t.Helper()
	c, prefix := petratest.New(t, app), "/api/v1/"+name+"/items/"
	return []status.Code{
		c.Get(prefix).Code(),
		c.Send(http.MethodPost, prefix, "", nil).Code(),
		c.Get(prefix + "1").Code(),
		c.Delete(prefix + "1").Code(),
	}
}

func TestSetPermission(t *testing.T) {
	const ok, created, empty, forbidden = 200, 201, 204, 403
	tests := []struct {
		name  string
		rules func(v *itemViewSet)
		want  []status.Code // list, create, retrieve, destroy
	}{
		{"none", func(*itemViewSet) {}, []status.Code{ok, created, ok, empty}},
		{"all views", func(v *itemViewSet) { v.SetPermission(deny) }, []status.Code{forbidden, forbidden, forbidden, forbidden}},
		{"only", func(v *itemViewSet) { v.SetPermission(deny).Only(v.Create, v.Destroy) }, []status.Code{ok, forbidden, ok, forbidden}},
		{"only, twice", func(v *itemViewSet) { v.SetPermission(deny).Only(v.Create).Only(v.Destroy) }, []status.Code{ok, forbidden, ok, forbidden}},
		{"ignore", func(v *itemViewSet) { v.SetPermission(deny).Ignore(v.List, v.Retrieve) }, []status.Code{ok, forbidden, ok, forbidden}},
		{"only and ignore", func(v *itemViewSet) { v.SetPermission(deny).Only(v.Create, v.Destroy).Ignore(v.Destroy) }, []status.Code{ok, forbidden, ok, empty}},
		{"several rules", func(v *itemViewSet) {
			v.SetPermission(deny).Only(v.Create)
			v.SetPermission(deny).Only(v.Destroy)
		}, []status.Code{ok, forbidden, ok, forbidden}},
		{"allow any", func(v *itemViewSet) { v.SetPermission(AllowAny) }, []status.Code{ok, created, ok, empty}},
		{"no permission given", func(v *itemViewSet) { v.SetPermission().Only(v.List) }, []status.Code{ok, created, ok, empty}},
		{"rule built up", func(v *itemViewSet) {
			var rule *PermissionRule = v.SetPermission(deny)
			rule.Ignore(v.List)
			rule.Ignore(v.Retrieve)
		}, []status.Code{ok, forbidden, ok, forbidden}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &itemViewSet{name: "v"}
			tt.rules(v)
			app := newApp()
			app.Mount(itemModule("items", v))
			assert.Equal(t, tt.want, codes(t, app, "items"))
		})
	}
}

func TestPermissionOrder(t *testing.T) {
	var ran []string
	perm := func(name string) Permission {
		return func(*Request) error {
			ran = append(ran, name)
			return nil
		}
	}
	v := &itemViewSet{}
	v.SetPermission(perm("all-1"), perm("all-2"))
	v.SetPermission(perm("create")).Only(v.Create)
	v.SetPermission(perm("not-list")).Ignore(v.List)
	app := newApp()
	app.Mount(Module{Name: "m", Routes: v.Routes(
		Get("items/", v.List).Permission(perm("route-1")).Permission(perm("route-2")),
		Post("items/", v.Create).Permission(perm("route")),
	)})
	tests := []struct {
		method string
		want   []string
	}{
		{http.MethodGet, []string{"all-1", "all-2", "route-1", "route-2"}},
		{http.MethodPost, []string{"all-1", "all-2", "create", "not-list", "route"}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			ran = nil
			petratest.New(t, app).Send(tt.method, "/api/v1/m/items/", "", nil)
			assert.Equal(t, tt.want, ran)
		})
	}
}

func TestRoutePermissionCopies(t *testing.T) {
	base := Get("x", reply("x")).Permission(AllowAny)
	guarded := base.Permission(deny)
	open := base.Permission(AllowAny)
	app := newApp()
	app.Mount(Module{Name: "a", Routes: []Route{guarded}}, Module{Name: "b", Routes: []Route{open}}, Module{Name: "c", Routes: []Route{base}})
	c := petratest.New(t, app)
	assert.Equal(t, status.HTTP_403_FORBIDDEN, c.Get("/api/v1/a/x").Code())
	assert.Equal(t, status.HTTP_200_OK, c.Get("/api/v1/b/x").Code(), "Permission returns a copy")
	assert.Equal(t, status.HTTP_200_OK, c.Get("/api/v1/c/x").Code(), "Permission returns a copy")
}

func TestTwoInstancesOfOneViewSetType(t *testing.T) {
	guarded, open := &itemViewSet{name: "guarded"}, &itemViewSet{name: "open"}
	guarded.SetPermission(deny).Only(guarded.Create)
	app := newApp()
	app.Mount(itemModule("guarded", guarded), itemModule("open", open))
	assert.Equal(t, []status.Code{200, 403, 200, 204}, codes(t, app, "guarded"))
	assert.Equal(t, []status.Code{200, 201, 200, 204}, codes(t, app, "open"))
	c := petratest.New(t, app)
	assert.JSONEq(t, `"open:list"`, c.Get("/api/v1/open/items/").Body())
	assert.JSONEq(t, `"guarded:list"`, c.Get("/api/v1/guarded/items/").Body())
}

func TestWrappedViewKeepsPermissions(t *testing.T) {
	v := &itemViewSet{}
	v.SetPermission(deny).Only(v.Create)
	// A wrapper such as dto.Form builds its Handler with NewHandler.
	wrapped := NewHandler(v.Create, func(r *Request) Result { return v.Create(r) })
	app := newApp()
	app.Mount(Module{Name: "m", Routes: v.Routes(
		Post("wrapped", wrapped),
		Post("rewrapped", NewHandler(wrapped, reply("rewrapped"))),
		Post("list", NewHandler(v.List, reply("list"))),
	)})
	c := petratest.New(t, app)
	assert.Equal(t, status.HTTP_403_FORBIDDEN, c.Send(http.MethodPost, "/api/v1/m/wrapped", "", nil).Code())
	assert.Equal(t, status.HTTP_403_FORBIDDEN, c.Send(http.MethodPost, "/api/v1/m/rewrapped", "", nil).Code())
	assert.Equal(t, status.HTTP_200_OK, c.Send(http.MethodPost, "/api/v1/m/list", "", nil).Code())
	assert.Equal(t, "m:create", app.Routes()[2].Name)
	assert.Equal(t, "petra.(*itemViewSet).Create", app.Routes()[3].View)
}

// valueViewSet has value-receiver views and embeds a *ViewSet.
type valueViewSet struct{ *ViewSet }

func (v valueViewSet) Get(*Request) Result { return Response("value") }

// genericViewSet is a viewset with a type parameter.
type genericViewSet[T any] struct{ ViewSet }

func (v *genericViewSet[T]) List(*Request) Result { return Response("generic") }

func TestValueAndGenericViewSets(t *testing.T) {
	vv := valueViewSet{&ViewSet{}}
	vv.SetPermission(deny).Only(vv.Get)
	gv := &genericViewSet[int]{}
	gv.SetPermission(deny).Only(gv.List)
	app := newApp()
	app.Mount(
		Module{Name: "value", Routes: vv.Routes(Get("x", vv.Get))},
		Module{Name: "generic", Routes: gv.Routes(Get("x", gv.List))},
	)
	c := petratest.New(t, app)
	assert.Equal(t, status.HTTP_403_FORBIDDEN, c.Get("/api/v1/value/x").Code())
	assert.Equal(t, status.HTTP_403_FORBIDDEN, c.Get("/api/v1/generic/x").Code(), "a generic viewset's permissions reach its routes")
	assert.Equal(t, "generic:list", app.Routes()[3].Name)
}

func TestFuncID(t *testing.T) {
	v := &itemViewSet{}
	vv := valueViewSet{}
	gv := &genericViewSet[string]{}
	closure := func(*Request) Result { return Result{} }
	const pkg = "github.com/go-petra/petra/petra"
	tests := []struct {
		name                   string
		fn                     any
		receiver, method, show string
	}{
		{"pointer receiver", v.List, pkg + ".itemViewSet", "List", "petra.(*itemViewSet).List"},
		{"value receiver", vv.Get, pkg + ".valueViewSet", "Get", "petra.valueViewSet.Get"},
		{"generic receiver", gv.List, pkg + ".genericViewSet", "List", "petra.(*genericViewSet[...]).List"},
		{"function", plainView, "", "plainView", "petra.plainView"},
		{"named func type", namedView(plainView), "", "plainView", "petra.plainView"},
		{"handler", NewHandler(v.Create, closure), pkg + ".itemViewSet", "Create", "petra.(*itemViewSet).Create"},
		{"method expression", (*itemViewSet).List, "", "List", "petra.(*itemViewSet).List"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := funcID(tt.fn)
			require.True(t, ok)
			assert.Equal(t, tt.receiver, id.receiver)
			assert.Equal(t, tt.method, id.method)
			assert.Equal(t, tt.show, id.String())
		})
	}

	id, ok := funcID(closure)
	require.True(t, ok)
	assert.Empty(t, id.receiver, "a closure has no receiver")
	assert.True(t, strings.HasPrefix(id.String(), "petra.TestFuncID.func"), id.String())

	for _, notFunc := range []any{nil, "List", 3, (func(*Request) Result)(nil)} {
		_, ok := funcID(notFunc)
		assert.False(t, ok, "%#v", notFunc)
	}
}

func TestParseFuncName(t *testing.T) {
	tests := []struct{ runtime, receiver, method, show string }{
		{"example.com/app/user.(*UserViewSet).GetUsers-fm", "example.com/app/user.UserViewSet", "GetUsers", "user.(*UserViewSet).GetUsers"},
		{"example.com/app/user.UserViewSet.GetUsers-fm", "example.com/app/user.UserViewSet", "GetUsers", "user.UserViewSet.GetUsers"},
		{"gopkg.in/api%2ev2.(*V).List-fm", "gopkg.in/api.v2.V", "List", "api.v2.(*V).List"},
		{"example.com/x.(*G[...]).List-fm", "example.com/x.G", "List", "x.(*G[...]).List"},
		{"main.(*V).List-fm", "main.V", "List", "main.(*V).List"},
		{"example.com/x.Handler", "", "Handler", "x.Handler"},
		{"example.com/x.F[...]", "", "F", "x.F[...]"},
		{"example.com/x.F.func1", "", "func1", "x.F.func1"},
		{"example.com/x.(*V).List.func2", "", "func2", "x.(*V).List.func2"},
		{"nodot", "", "nodot", "nodot"},
	}
	for _, tt := range tests {
		t.Run(tt.runtime, func(t *testing.T) {
			id := parseFuncName(tt.runtime)
			assert.Equal(t, tt.receiver, id.receiver)
			assert.Equal(t, tt.method, id.method)
			assert.Equal(t, tt.show, id.String())
		})
	}
}

func TestRuleArgumentsMustBeMethods(t *testing.T) {
	v := &itemViewSet{}
	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"function in Only", func() { v.SetPermission(deny).Only(plainView) }, "petra: Only takes the viewset's methods as values (v.GetUsers); got func(*petra.Request) petra.Result"},
		{"string in Ignore", func() { v.SetPermission(deny).Ignore("List") }, "petra: Ignore takes the viewset's methods as values (v.GetUsers); got string"},
		{"method expression", func() { v.SetPermission(deny).Only((*itemViewSet).List) }, "petra: Only takes the viewset's methods as values (v.GetUsers); got func(*petra.itemViewSet, *petra.Request) petra.Result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, panicMessage(tt.fn))
		})
	}
}

func TestMethodHandler(t *testing.T) {
	v := &itemViewSet{}
	vv := valueViewSet{&ViewSet{}}
	gv := &genericViewSet[int]{}
	tests := []struct {
		name     string
		viewset  any
		method   string
		sameAs   any
		receiver string
	}{
		{"pointer receiver", v, "List", v.List, "github.com/go-petra/petra/petra.itemViewSet"},
		{"value receiver", vv, "Get", vv.Get, "github.com/go-petra/petra/petra.valueViewSet"},
		{"value receiver through a pointer", &vv, "Get", vv.Get, "github.com/go-petra/petra/petra.valueViewSet"},
		{"generic", gv, "List", gv.List, "github.com/go-petra/petra/petra.genericViewSet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := MethodHandler(tt.viewset, tt.method, reply("x"))
			want, ok := funcID(tt.sameAs)
			require.True(t, ok)
			assert.Equal(t, want, h.id, "known as the method value is")
			assert.Equal(t, tt.receiver, h.id.receiver)
		})
	}

	v.SetPermission(deny).Only(v.Create)
	app := newApp()
	app.Mount(Module{Name: "m", Routes: v.Routes(
		Post("a", MethodHandler(v, "Create", reply("a"))),
		Post("b", MethodHandler(v, "List", reply("b"))),
	)})
	c := petratest.New(t, app)
	assert.Equal(t, status.HTTP_403_FORBIDDEN, c.Send(http.MethodPost, "/api/v1/m/a", "", nil).Code())
	assert.Equal(t, status.HTTP_200_OK, c.Send(http.MethodPost, "/api/v1/m/b", "", nil).Code())
	assert.Equal(t, "m:create", app.Routes()[2].Name)

	assert.Equal(t, "petra: *petra.itemViewSet has no method Missing", panicMessage(func() { MethodHandler(v, "Missing", reply("x")) }))
	assert.Equal(t, "petra: MethodHandler needs a viewset, got nil", panicMessage(func() { MethodHandler(nil, "List", reply("x")) }))
}

func TestViewSetRoutesMistakesPanic(t *testing.T) {
	v, w, o := &itemViewSet{}, &itemViewSet{}, &otherViewSet{}
	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"methods of two types", func() { v.Routes(Get("a", v.List), Get("b", o.List)) },
			"petra: Routes got views of two types, petra.(*itemViewSet).List and petra.(*otherViewSet).List; each viewset hands out its own routes"},
		{"a route of another viewset", func() { w.Routes(v.Routes(Get("a", v.List))...) },
			"petra: the route GET a already belongs to another viewset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, panicMessage(tt.fn))
		})
	}
}

// A rule without Only guards every route the viewset hands out, plain
// functions included; Route.Permission still adds to it.
func TestViewSetRoutesOfFunctions(t *testing.T) {
	v := &itemViewSet{}
	v.SetPermission(deny).Ignore(v.List)
	app := newApp()
	app.Mount(Module{Name: "m", Routes: v.Routes(Get("list", v.List), Get("plain", plainView))})
	c := petratest.New(t, app)
	assert.Equal(t, status.HTTP_200_OK, c.Get("/api/v1/m/list").Code())
	assert.Equal(t, status.HTTP_403_FORBIDDEN, c.Get("/api/v1/m/plain").Code())
}
