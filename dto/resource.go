package dto

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"github.com/go-petra/petra/petra"
)

// action is one standard action of a resource, as DRF's routers know them.
type action struct {
	method string // Go method name on the viewset
	http   string
	detail bool // on the item path rather than the collection path
}

var actions = []action{
	{"List", "GET", false},
	{"Create", "POST", false},
	{"Retrieve", "GET", true},
	{"Update", "PUT", true},
	{"PartialUpdate", "PATCH", true},
	{"Destroy", "DELETE", true},
}

// Resource returns the routes of viewset's standard actions, as DRF's routers
// register a viewset in one line:
//
//	GET    articles/              List
//	POST   articles/              Create
//	GET    articles/<int:pk>      Retrieve
//	PUT    articles/<int:pk>      Update
//	PATCH  articles/<int:pk>      PartialUpdate
//	DELETE articles/<int:pk>      Destroy
//
// path is the item path; its last segment is the lookup, "<str:pk>" when path
// names only the collection ("articles/"). Each action is optional, and is a
// view (func(*petra.Request) petra.Result) or a view that takes a form
// (func(*petra.Request, *F) petra.Result), bound and validated as [Form] does,
// with viewset as the dependency of its clean hooks ([With]).
// PartialUpdate takes the same form as Update, as a *[Partial][F], and applies
// what the PATCH sends to the stored object. The routes are the viewset's own
// (see petra.ViewSet.Routes), so its permissions guard them.
//
// Resource panics if viewset has none of the actions, or one with another
// signature.
func Resource(path string, viewset petra.ViewSetter) []petra.Route {
	collection, item := resourcePaths(path)
	rv := reflect.ValueOf(viewset)
	var routes []petra.Route
	for _, a := range actions {
		m := rv.MethodByName(a.method)
		if !m.IsValid() {
			continue
		}
		serve, check := actionServe(rv, a.method, m)
		h := petra.MethodHandler(viewset, a.method, serve).WithMountCheck(check)
		if t := m.Type(); t.NumIn() == 2 && t.In(1).Implements(partialFormType) {
			ft := reflect.Zero(t.In(1)).Interface().(partialForm).formType()
			h = h.BindsPartial(ft).WithAppCheck(loadPlan(ft).checkApp)
		} else if t.NumIn() == 2 {
			h = h.Binds(t.In(1).Elem()).WithAppCheck(loadPlan(t.In(1).Elem()).checkApp)
		}
		p := collection
		if a.detail {
			p = item
		}
		routes = append(routes, petra.Method(a.http, p, h))
	}
	if len(routes) == 0 {
		panic(fmt.Sprintf("dto: Resource(%q): %T has none of List, Create, Retrieve, Update, PartialUpdate, Destroy", path, viewset))
	}
	return viewset.Routes(routes...)
}

// viewsetDep gives viewset, when it is a pointer, to the clean hooks of its
// actions' forms.
func viewsetDep(viewset reflect.Value) []Option {
	if viewset.Kind() != reflect.Pointer || viewset.IsNil() {
		return nil
	}
	return []Option{With(viewset.Interface())}
}

// resourcePaths splits a resource path into its collection and item paths.
func resourcePaths(path string) (collection, item string) {
	trimmed := strings.TrimSuffix(path, "/")
	i := strings.LastIndexByte(trimmed, '/')
	last := trimmed[i+1:]
	if strings.HasPrefix(last, "<") || strings.HasPrefix(last, "{") {
		return trimmed[:i+1], trimmed
	}
	return trimmed + "/", trimmed + "/<str:pk>"
}

var resultType = reflect.TypeFor[petra.Result]()

// actionServe adapts the method m of viewset to a view, binding its form when
// it takes one; check is the form's check of its route's path parameters, or
// nil.
func actionServe(viewset reflect.Value, name string, m reflect.Value) (serve func(*petra.Request) petra.Result, check petra.MountCheck) {
	t := m.Type()
	switch {
	case t.NumOut() != 1 || t.Out(0) != resultType || t.NumIn() < 1 || t.In(0) != requestType || t.NumIn() > 2:
	case t.NumIn() == 1:
		return m.Interface().(func(*petra.Request) petra.Result), nil
	case t.In(1).Implements(partialFormType):
		formType := t.In(1).Elem()
		p := loadPlan(reflect.Zero(t.In(1)).Interface().(partialForm).formType())
		dep := p.dependency(viewsetDep(viewset))
		view := formViewOf(viewset, name)
		return func(r *petra.Request) petra.Result {
			form := reflect.New(formType) // 1 alloc: the view receives it
			if err := form.Interface().(partialForm).start(r, p, dep); err != nil {
				return petra.Fail(err)
			}
			return view(r, form.UnsafePointer())
		}, p.checkPath
	case t.In(1).Kind() == reflect.Pointer && t.In(1).Elem().Kind() == reflect.Struct:
		formType := t.In(1).Elem()
		p := loadPlan(formType)
		dep := p.dependency(viewsetDep(viewset))
		view := formViewOf(viewset, name)
		return func(r *petra.Request) petra.Result {
			form := reflect.New(formType) // 1 alloc: the view receives it
			if err := p.bind(r, form.Interface(), dep); err != nil {
				return petra.Fail(err)
			}
			return view(r, form.UnsafePointer())
		}, p.checkPath
	}
	panic(fmt.Sprintf("dto: %s.%s must be func(*petra.Request) petra.Result or func(*petra.Request, *Form) petra.Result", viewset.Type(), name))
}

// formViewOf resolves the form action name of viewset. It is called through the
// method expression of viewset's pointer type, a direct call, with viewset's
// pointer (or a pointer to a copy of viewset) as receiver.
func formViewOf(viewset reflect.Value, name string) formView {
	if viewset.Kind() != reflect.Pointer {
		ptr := reflect.New(viewset.Type())
		ptr.Elem().Set(viewset)
		viewset = ptr
	}
	method, _ := viewset.Type().MethodByName(name)
	call, recv := pointerFunc[methodFormView](method.Func), viewset.UnsafePointer()
	return func(r *petra.Request, form unsafe.Pointer) petra.Result { return call(recv, r, form) }
}
