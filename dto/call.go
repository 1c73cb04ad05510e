package dto

import (
	"fmt"
	"reflect"
	"unsafe"

	"github.com/go-petra/petra/petra"
)

// A form's type enters dto through reflection when Resource finds a viewset's
// actions, and a form's Clean<Field> hooks are found by name, so neither can be
// a typed func value written in Go. Calling them through reflect.Value.Call
// would cost three allocations a request. Instead each is resolved once, when
// the route is declared, into a func value whose form pointer is an
// unsafe.Pointer: the func is the same, and a pointer is passed the same way
// whatever it points to.

// formView calls a view func(*petra.Request, *F) petra.Result with a *F.
type formView func(r *petra.Request, form unsafe.Pointer) petra.Result

// methodFormView calls a method expression func(*V, *petra.Request, *F)
// petra.Result with a *V and a *F.
type methodFormView func(recv unsafe.Pointer, r *petra.Request, form unsafe.Pointer) petra.Result

// requestHook calls a method expression func(*F, *petra.Request) error with a
// *F: a clean hook that takes the request only.
type requestHook func(form unsafe.Pointer, r *petra.Request) error

// hook calls a clean hook with a *F, the request and, when it takes one, the
// dependency given with [With] (a *D). A hook that takes the request only is
// wrapped into one, so that every hook is called alike.
type hook func(form unsafe.Pointer, r *petra.Request, dep unsafe.Pointer) error

// pointerFunc returns fn as a T, whose signature is fn's with unsafe.Pointer
// in place of some pointer parameters. It panics, when a route is declared, if
// the signatures differ otherwise.
func pointerFunc[T any](fn reflect.Value) T {
	want, got := reflect.TypeFor[T](), fn.Type()
	if !samePointerShape(want, got) {
		panic(fmt.Sprintf("dto: %s cannot be called as %s", got, want))
	}
	var out T
	// out's memory, seen as fn's type, takes fn: both are one func pointer.
	reflect.NewAt(got, unsafe.Pointer(&out)).Elem().Set(fn)
	return out
}

var unsafePointerType = reflect.TypeFor[unsafe.Pointer]()

// samePointerShape reports whether func types want and got differ only where
// want has an unsafe.Pointer parameter and got a pointer.
func samePointerShape(want, got reflect.Type) bool {
	if got.Kind() != reflect.Func || got.NumIn() != want.NumIn() || got.NumOut() != want.NumOut() || got.IsVariadic() {
		return false
	}
	for i := range want.NumIn() {
		w, g := want.In(i), got.In(i)
		if w != g && (w != unsafePointerType || g.Kind() != reflect.Pointer) {
			return false
		}
	}
	for i := range want.NumOut() {
		if want.Out(i) != got.Out(i) {
			return false
		}
	}
	return true
}
