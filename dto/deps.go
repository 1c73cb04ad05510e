package dto

import (
	"fmt"
	"reflect"
	"unsafe"

	"github.com/go-petra/petra/petra"
)

// Option changes how [Form], [NewBinder] and [Resource] bind a form.
type Option func(*options)

type options struct {
	dep reflect.Value // given with With; invalid when none
}

// With gives the form's clean hooks dep, a pointer such as the viewset that
// holds the services they need (a store, for a uniqueness check), as Django
// passes a form what its clean methods use:
//
//	func (f *ProfileForm) CleanEmail(r *petra.Request, v *UserViewSet) error {
//		taken, err := v.users.EmailTaken(r.Context(), f.Email, f.ID)
//		…
//	}
//
//	petra.Patch("users/<uuid:id>", dto.Form(v.UpdateProfile, dto.With(v)))
//
// A hook may take the dependency as its second parameter, Clean(r, dep) and
// Clean<Field>(r, dep), of exactly dep's type. It is checked and resolved
// when the route is declared: a form whose hooks take a dependency that the
// declaration does not give, or of another type, panics there, and a request
// calls the hook directly, with no reflection. [Resource] gives its viewset.
func With(dep any) Option {
	v := reflect.ValueOf(dep)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		panic(fmt.Sprintf("dto: With needs a non-nil pointer, such as the viewset, got %T", dep))
	}
	return func(o *options) { o.dep = v }
}

// dependency returns the dependency opts give to p's hooks. It panics if p's
// hooks take one that opts do not give.
func (p *plan) dependency(opts []Option) unsafe.Pointer {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if p.dep == nil {
		return nil
	}
	if !o.dep.IsValid() {
		panic(fmt.Sprintf("dto: the clean hooks of %s take a %s: declare the form with dto.With(…)", p.typ, p.dep))
	}
	if o.dep.Type() != p.dep {
		panic(fmt.Sprintf("dto: the clean hooks of %s take a %s, but dto.With gives a %s", p.typ, p.dep, o.dep.Type()))
	}
	return o.dep.UnsafePointer()
}

// cleanHook resolves m, a clean hook of form pointer type ptr, which is
// func(*petra.Request) error or func(*petra.Request, *D) error; dep is *D, or
// nil for the first. It panics, naming want, for another signature.
func cleanHook(ptr reflect.Type, m reflect.Method, want string) (h hook, dep reflect.Type) {
	t := m.Type
	if t.NumIn() < 2 || t.NumIn() > 3 || t.In(1) != requestType || t.NumOut() != 1 || t.Out(0) != errorType ||
		(t.NumIn() == 3 && t.In(2).Kind() != reflect.Pointer) {
		panic(fmt.Sprintf("dto: %s.%s must be %s, or take a dependency given with dto.With as func(*petra.Request, *D) error",
			ptr, m.Name, want))
	}
	if t.NumIn() == 3 {
		return pointerFunc[hook](m.Func), t.In(2)
	}
	call := pointerFunc[requestHook](m.Func)
	return func(form unsafe.Pointer, r *petra.Request, _ unsafe.Pointer) error { return call(form, r) }, nil
}

// takeDep records that one of p's hooks takes dep, panicking if another takes
// a dependency of another type: one declaration gives one.
func (p *plan) takeDep(name string, dep reflect.Type) {
	if dep == nil {
		return
	}
	if p.dep != nil && p.dep != dep {
		panic(fmt.Sprintf("dto: the clean hooks of %s take a %s and a %s (%s): they must share one dependency",
			p.typ, p.dep, dep, name))
	}
	p.dep = dep
}
