// Package principal keeps the authenticated principal of a request in its
// context, for petra, which reads it, and petratest, which forces it in tests
// without importing petra (petra's own tests import petratest).
package principal

import (
	"context"
	"reflect"
)

type key struct{}

// With returns a copy of ctx that carries p as the authenticated principal. A
// nil p, including a nil pointer inside a non-nil any, leaves the request
// anonymous.
func With(ctx context.Context, p any) context.Context {
	if isNil(p) {
		p = nil
	}
	return context.WithValue(ctx, key{}, p)
}

// From returns the principal stored in ctx by With, or nil.
func From(ctx context.Context) any { return ctx.Value(key{}) }

// isNil reports whether v is nil or a nil pointer, map, slice, func, channel or
// interface inside a non-nil any.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}
