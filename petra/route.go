package petra

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
)

// View is what a route serves: a view function or method value
// (func(*Request) Result), or a [Handler] such as dto.Form returns.
type View interface {
	~func(*Request) Result | Handler
}

// Handler is a view together with the identity of the function it came from, so
// that a wrapper such as dto.Form keeps the identity of the method it wraps:
// permissions and show-routes still see v.Register, not the wrapper.
type Handler struct {
	id    viewID
	serve func(*Request) Result
	form  reflect.Type // the form its view binds, for documentation: see Binds
	// partial: the view applies the fields sent to a stored object, none
	// required; see BindsPartial
	partial bool
	check   MountCheck // nil: none; see WithMountCheck

	appCheck AppCheck // nil: none; see WithAppCheck
}

// NewHandler returns a Handler that serves with serve and is known as view, the
// function or method value it wraps. It is for packages that wrap views, such as
// dto; it panics if view is not a func.
func NewHandler(view any, serve func(*Request) Result) Handler {
	id, ok := funcID(view)
	if !ok {
		panic(fmt.Sprintf("petra: NewHandler needs the wrapped view as a func, got %T", view))
	}
	return Handler{id: id, serve: serve}
}

// Route is one method on one path, built by [Get], [Post], [Put], [Patch],
// [Delete], [Head], [Options] or [Method], or every method for a plain
// http.Handler with [Handle] and [Mount], and placed in a [Module]. Its methods
// return a modified copy.
type Route struct {
	method     string
	path       string
	id         viewID
	serve      func(*Request) Result
	name       string
	perms      []Permission
	bodyLimit  *int64       // nil: the app's limit
	viewSet    *ViewSet     // the viewset that handed the route out, see ViewSet.Routes
	mount      http.Handler // the handler of a prefix mount, see Mount
	middleware []func(http.Handler) http.Handler

	form        reflect.Type
	partial     bool // the form binds partially: see Handler.BindsPartial
	multipart   bool // the view reads form from a multipart body itself: see Multipart
	doc         routeDoc
	objectPerms []ObjectPermission // see ObjectPermission
	check       MountCheck
	reverses    []target // see Reverses
	appCheck    AppCheck
}

// Get returns a route that serves GET (and HEAD) requests on path with view.
// path is relative to the module, Django style ("users/<uuid:user_id>") or chi
// style ("users/{id}"); see [Module] for where it is mounted.
func Get[V View](path string, view V) Route { return newRoute(http.MethodGet, path, view) }

// Post returns a route that serves POST requests on path with view.
func Post[V View](path string, view V) Route { return newRoute(http.MethodPost, path, view) }

// Put returns a route that serves PUT requests on path with view.
func Put[V View](path string, view V) Route { return newRoute(http.MethodPut, path, view) }

// Patch returns a route that serves PATCH requests on path with view.
func Patch[V View](path string, view V) Route { return newRoute(http.MethodPatch, path, view) }

// Delete returns a route that serves DELETE requests on path with view.
func Delete[V View](path string, view V) Route { return newRoute(http.MethodDelete, path, view) }

// Head returns a route that serves HEAD requests on path with view. A GET route
// already answers HEAD without a body; declare Head only to answer it differently.
func Head[V View](path string, view V) Route { return newRoute(http.MethodHead, path, view) }

// Options returns a route that serves OPTIONS requests on path with view. Without
// one, OPTIONS is answered 204 with the Allow header.
func Options[V View](path string, view V) Route {
	return newRoute(http.MethodOptions, path, view)
}

// Method returns a route that serves method on path with view, for methods
// without a constructor of their own.
func Method[V View](method, path string, view V) Route { return newRoute(method, path, view) }

func newRoute[V View](method, path string, view V) Route {
	h := asHandler(view)
	return Route{method: method, path: path, id: h.id, serve: h.serve, form: h.form, partial: h.partial, check: h.check, appCheck: h.appCheck}
}

// asHandler turns any View into a Handler. It runs when routes are declared,
// never per request.
func asHandler[V View](view V) Handler {
	switch v := any(view).(type) {
	case Handler:
		if v.serve == nil {
			panic("petra: a route's Handler is the zero Handler; build it with NewHandler")
		}
		return v
	case func(*Request) Result:
		if v == nil {
			panic("petra: a route's view is nil")
		}
		return NewHandler(v, v)
	default: // a named func type such as func(*Request) Result
		rv := reflect.ValueOf(view)
		if rv.IsNil() {
			panic("petra: a route's view is nil")
		}
		fn := rv.Convert(reflect.TypeFor[func(*Request) Result]()).Interface().(func(*Request) Result)
		return NewHandler(view, fn)
	}
}

// Named returns a copy of rt with the given name, shown by show-routes. The
// default name is "<module>:<view method in snake case>", e.g. "user:get_users".
func (rt Route) Named(name string) Route {
	rt.name = name
	return rt
}

// Permission returns a copy of rt guarded by perms as well, after the
// permissions of its viewset.
func (rt Route) Permission(perms ...Permission) Route {
	rt.perms = append(rt.perms[:len(rt.perms):len(rt.perms)], perms...)
	return rt
}

// BodyLimit returns a copy of rt whose request bodies may be at most n bytes
// instead of the app's limit (see [WithBodyLimit]); a negative n removes the limit.
// A larger body is answered 413.
func (rt Route) BodyLimit(n int64) Route {
	rt.bodyLimit = &n
	return rt
}

// MethodHandler returns a Handler that serves with serve and is known as the
// method named method of viewset, for packages that route a viewset's methods
// by name (dto.Resource): a method reached through reflection has lost its name.
// It panics if viewset has no such method.
func MethodHandler(viewset any, method string, serve func(*Request) Result) Handler {
	t := reflect.TypeOf(viewset)
	if t == nil {
		panic("petra: MethodHandler needs a viewset, got nil")
	}
	if _, ok := t.MethodByName(method); !ok {
		panic(fmt.Sprintf("petra: %s has no method %s", t, method))
	}
	// Name the method as the runtime names a method value (see funcID):
	// "pkg.(*T).M" for a pointer receiver, "pkg.T.M" for a value receiver, and
	// a generic type without its arguments.
	elem := t
	recv := "%s.%s"
	if t.Kind() == reflect.Pointer {
		elem = t.Elem()
		if _, onValue := elem.MethodByName(method); !onValue {
			recv = "%s.(*%s)"
		}
	}
	name, _, generic := strings.Cut(elem.Name(), "[")
	shown := name
	if generic {
		shown += "[...]"
	}
	return Handler{
		id: viewID{
			receiver: elem.PkgPath() + "." + name,
			method:   method,
			full:     fmt.Sprintf(recv, elem.PkgPath(), shown) + "." + method,
		},
		serve: serve,
	}
}
