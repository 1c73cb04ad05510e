package dto

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

type pathIDForm struct {
	ID   int    `json:"-" path:"id"`
	Name string `json:"name"`
}

type pathViewSet struct{ petra.ViewSet }

func (v *pathViewSet) Update(r *petra.Request, f *pathIDForm) petra.Result {
	return petra.Response(f, status.HTTP_200_OK)
}

// A form's path tag that names no parameter of its route would stay zero on
// every request: mounting the route panics, saying which tag, which form and
// which parameters the route has.
func TestPathTagsMustNameARouteParameter(t *testing.T) {
	view := Form(func(r *petra.Request, f *pathIDForm) petra.Result { return petra.Response(f) })
	tests := []struct {
		name  string
		route petra.Route
		want  string // "" when mounting works
	}{
		{"the parameter is there", petra.Put("items/<int:id>", view), ""},
		{"a chi parameter", petra.Put("items/{id}", view), ""},
		{"another name", petra.Put("items/<int:pk>", view),
			`dto: dto.pathIDForm.ID has path:"id", but route PUT /api/v1/t/items/<int:pk> has the path parameters [pk]`},
		{"no parameter", petra.Put("items/", view),
			`dto: dto.pathIDForm.ID has path:"id", but route PUT /api/v1/t/items/ has the path parameters []`},
		{"a resource's lookup", Resource("items/<int:pk>", &pathViewSet{})[0],
			`dto: dto.pathIDForm.ID has path:"id", but route PUT /api/v1/t/items/<int:pk> has the path parameters [pk]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mount := func() { newApp(t, nil, tt.route) }
			if tt.want == "" {
				assert.NotPanics(t, mount)
				return
			}
			defer func() {
				v := recover()
				require.NotNil(t, v, "no panic")
				assert.Equal(t, tt.want, fmt.Sprint(v))
			}()
			mount()
		})
	}
}
