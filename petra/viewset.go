package petra

import (
	"fmt"
	"net/url"
	"reflect"
	"runtime"
	"strings"
)

// ViewSet is embedded in a struct whose methods are views, as a DRF viewset
// groups the actions of one resource. It carries the permissions of those views
// and hands out their routes, so that the two travel together:
//
//	type UserViewSet struct {
//		petra.ViewSet
//		users *Store
//	}
//
//	v := &UserViewSet{users: users}
//	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.DeleteUser)
//	module := petra.Module{Name: "user", Routes: v.Routes(
//		petra.Get("users/", v.GetUsers),
//		petra.Delete("users/<uuid:user_id>", v.DeleteUser),
//	)}
//
// A route whose view is a method reaches an app only through its viewset's
// [ViewSet.Routes]: [App.Mount] panics on one declared any other way, so a
// viewset's permissions cannot be left behind. Rules are read once, at mount:
// set them before mounting. The zero ViewSet has no permissions, so every view
// is allowed. A ViewSet is not safe for concurrent modification.
type ViewSet struct {
	rules []*PermissionRule
}

// ViewSetter is implemented by every struct that embeds [ViewSet], for packages
// that build a viewset's routes (dto.Resource).
type ViewSetter interface {
	Routes(routes ...Route) []Route
}

// Routes returns routes as the viewset's own: when they are mounted, the
// viewset's permissions guard each one as its rules say, before the route's own
// ([Route.Permission]). A rule without [PermissionRule.Only] guards every route
// of the viewset, plain functions included. The routes' views that are methods
// must be methods of one type, the viewset's; Routes panics on a route that
// another viewset already handed out, or on methods of two types.
func (v *ViewSet) Routes(routes ...Route) []Route {
	out := make([]Route, len(routes))
	var receiver viewID
	for i, rt := range routes {
		if rt.viewSet != nil && rt.viewSet != v {
			panic(fmt.Sprintf("petra: the route %s %s already belongs to another viewset", rt.method, rt.path))
		}
		if rt.id.receiver != "" {
			if receiver.receiver != "" && receiver.receiver != rt.id.receiver {
				panic(fmt.Sprintf("petra: Routes got views of two types, %s and %s; each viewset hands out its own routes", receiver, rt.id))
			}
			receiver = rt.id
		}
		rt.viewSet = v
		out[i] = rt
	}
	return out
}

// SetPermission adds a rule that perms guard the viewset's views: all of them, or
// those named by [PermissionRule.Only], or all but those named by
// [PermissionRule.Ignore]. Several rules apply in the order they were set.
func (v *ViewSet) SetPermission(perms ...Permission) *PermissionRule {
	rule := &PermissionRule{perms: perms}
	v.rules = append(v.rules, rule)
	return rule
}

// PermissionRule is one [ViewSet.SetPermission] and the views it applies to.
type PermissionRule struct {
	perms  []Permission
	only   []viewID
	ignore []viewID

	objectPerms []ObjectPermission // see SetObjectPermission
}

// Only limits the rule to the given views, named by method value (v.GetUsers),
// as django-petra's only= does. It panics if an argument is not a method.
func (p *PermissionRule) Only(views ...any) *PermissionRule {
	p.only = append(p.only, viewIDs("Only", views)...)
	return p
}

// Ignore exempts the given views, named by method value, from the rule, as
// django-petra's ignore= does; with [PermissionRule.Only] too, the rule guards
// the views Only names less those Ignore names. It panics if an argument is not
// a method.
func (p *PermissionRule) Ignore(views ...any) *PermissionRule {
	p.ignore = append(p.ignore, viewIDs("Ignore", views)...)
	return p
}

// appliesTo reports whether the rule guards the view method.
func (p *PermissionRule) appliesTo(method string) bool {
	has := func(ids []viewID) bool {
		for _, id := range ids {
			if id.method == method {
				return true
			}
		}
		return false
	}
	if len(p.only) > 0 && !has(p.only) {
		return false
	}
	return !has(p.ignore)
}

// viewID is what a view is known by: the type whose method it is (empty for a
// plain function) and the method's or function's name.
type viewID struct {
	receiver string // "github.com/x/app/modules/user.UserViewSet"
	method   string // "GetUsers"
	full     string // the runtime name, trimmed of "-fm"
}

// String is the short form shown by show-routes: "user.(*UserViewSet).GetUsers".
func (id viewID) String() string {
	name := id.full
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// funcID identifies fn, a func value, from the runtime's name of its code: a
// method value is named "pkg.(*T).M-fm" whatever the receiver, so the name gives
// the type and the method but never the instance.
func funcID(fn any) (viewID, bool) {
	if h, ok := fn.(Handler); ok {
		return h.id, true
	}
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return viewID{}, false
	}
	return parseFuncName(runtime.FuncForPC(v.Pointer()).Name()), true
}

// parseFuncName reads a runtime function name: "pkg.(*T).M-fm" and "pkg.T.M-fm"
// for method values, "pkg.F" for functions, "pkg.F.func1" for closures. The
// runtime writes a generic type's arguments as "[...]" and escapes the dots of
// the import path's last element ("gopkg.in/yaml%2ev3"); the receiver drops the
// former and unescapes the latter, so that it reads as [typeID] does.
func parseFuncName(runtimeName string) viewID {
	full, isMethodValue := strings.CutSuffix(runtimeName, "-fm")
	id := viewID{full: unescapePath(full), method: full}
	name := strings.ReplaceAll(full, "[...]", "")
	// The method is after the last dot past the import path, and only a method
	// value's name has a receiver before it.
	slash := strings.LastIndexByte(name, '/')
	dot := strings.LastIndexByte(name, '.')
	if dot <= slash {
		id.method = unescapePath(name)
		return id
	}
	id.method = name[dot+1:]
	owner := name[:dot] // "github.com/x/user.(*UserViewSet)"
	if ownerDot := strings.LastIndexByte(owner, '.'); isMethodValue && ownerDot > slash {
		typ := strings.TrimSuffix(strings.TrimPrefix(owner[ownerDot+1:], "(*"), ")")
		id.receiver = unescapePath(owner[:ownerDot]) + "." + typ
	}
	return id
}

// unescapePath undoes the runtime's escaping of import paths in symbol names.
func unescapePath(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

func viewIDs(caller string, views []any) []viewID {
	ids := make([]viewID, 0, len(views))
	for _, view := range views {
		id, ok := funcID(view)
		if !ok || id.receiver == "" {
			panic(fmt.Sprintf("petra: %s takes the viewset's methods as values (v.GetUsers); got %T", caller, view))
		}
		ids = append(ids, id)
	}
	return ids
}
