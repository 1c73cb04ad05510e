package petra

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// ViewSet is embedded in a struct whose methods are views, as a DRF viewset
// groups the actions of one resource. It carries the permissions of those views:
//
//	type UserViewSet struct {
//		petra.ViewSet
//		users *Store
//	}
//
//	v := &UserViewSet{users: users}
//	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.DeleteUser)
//
// A module lists its viewsets in [Module.ViewSets]; when it is mounted, each route
// whose view is a method of a listed viewset gets that viewset's permissions.
// Rules are read once, at mount: set them before mounting. The zero ViewSet has
// no permissions, so every view is allowed. A ViewSet is not safe for concurrent
// modification.
type ViewSet struct {
	rules []*PermissionRule
}

// ViewSetter is implemented by every struct that embeds [ViewSet].
type ViewSetter interface {
	petraViewSet() *ViewSet
}

func (v *ViewSet) petraViewSet() *ViewSet { return v }

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
}

// Only limits the rule to the given views, named by method value (v.GetUsers),
// as django-petra's only= does. It panics if an argument is not a method.
func (p *PermissionRule) Only(views ...any) *PermissionRule {
	p.only = append(p.only, viewIDs("Only", views)...)
	return p
}

// Ignore exempts the given views, named by method value, from the rule, as
// django-petra's ignore= does. It panics if an argument is not a method.
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
	switch {
	case len(p.only) > 0:
		return has(p.only)
	case len(p.ignore) > 0:
		return !has(p.ignore)
	}
	return true
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
	runtimeName := runtime.FuncForPC(v.Pointer()).Name()
	full, isMethodValue := strings.CutSuffix(runtimeName, "-fm")
	id := viewID{full: full, method: full}
	// The method is after the last dot past the import path, and only a method
	// value's name ("pkg.(*T).M-fm") has a receiver before it; closures are
	// named "pkg.F.func1".
	slash := strings.LastIndexByte(full, '/')
	dot := strings.LastIndexByte(full, '.')
	if dot <= slash {
		return id, true
	}
	id.method = full[dot+1:]
	owner := full[:dot] // "github.com/x/user.(*UserViewSet)"
	if ownerDot := strings.LastIndexByte(owner, '.'); isMethodValue && ownerDot > slash {
		typ := strings.TrimSuffix(strings.TrimPrefix(owner[ownerDot+1:], "(*"), ")")
		id.receiver = owner[:ownerDot] + "." + typ
	}
	return id, true
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

// typeID names the struct type of a viewset as funcID names a receiver.
func typeID(vs ViewSetter) string {
	t := reflect.TypeOf(vs)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() + "." + t.Name()
}
