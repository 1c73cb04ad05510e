package petra_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
)

// A Handler's MountCheck sees each route it serves when the route is mounted:
// its method, its full path and its path parameters.
func TestWithMountCheck(t *testing.T) {
	type mounted struct {
		method, path string
		params       []string
	}
	var got []mounted
	view := func(r *petra.Request) petra.Result { return petra.Response(nil) }
	h := petra.NewHandler(view, view).WithMountCheck(func(method, path string, params []string) {
		got = append(got, mounted{method, path, params})
	})
	app := petra.New()
	app.Mount(petra.Module{Name: "m", Routes: []petra.Route{
		petra.Get("a/<int:pk>/b/{slug}/<path:rest>", h),
		petra.Post("a/", h),
		petra.Delete("c/<int:id>", view), // no check: nothing is called
	}})
	assert.Equal(t, []mounted{
		{"GET", "/api/v1/m/a/<int:pk>/b/{slug}/<path:rest>", []string{"pk", "slug", "rest"}},
		{"POST", "/api/v1/m/a/", nil},
	}, got)
}
