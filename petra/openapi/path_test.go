package openapi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
)

func TestOpenAPIPath(t *testing.T) {
	tests := []struct {
		path   string
		params []petra.PathParam
		want   string
	}{
		{"/api/v1/user/users/", nil, "/api/v1/user/users/"},
		{"/api/v1/user/users/<uuid:user_id>", nil, "/api/v1/user/users/{user_id}"},
		{"/a/<pk>/b", nil, "/a/{pk}/b"},
		{"/a/{id:[0-9]{2,3}}/b", nil, "/a/{id}/b"},
		{"/files/<path:rest>", nil, "/files/{rest}"},
		{"/files/*", []petra.PathParam{{Name: "rest", Converter: "path"}}, "/files/{rest}"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, openAPIPath(tt.path, tt.params), tt.path)
	}
}

// FuzzOpenAPIPath checks that the path translation never panics, even on
// paths petra refuses when they are mounted, and keeps a path without
// parameters as it is.
func FuzzOpenAPIPath(f *testing.F) {
	for _, seed := range []string{"/a/<int:pk>/", "/a/{id:[a-z]{2}}", "/<", "/{", "/a/<x:y:z>", "/*", "/}{>"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got := openAPIPath(path, nil)
		if !strings.ContainsAny(path, "<{") {
			assert.Equal(t, strings.ReplaceAll(path, "*", ""), got)
		}
	})
}
