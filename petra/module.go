package petra

import (
	"fmt"
	"net/http"
	"strings"
)

// Module is a group of routes mounted under one prefix, as a django-petra module
// is an app with its own urls.py. It is a plain declaration; [App.Mount] reads it.
//
//	petra.Module{Name: "user", Version: "v1", Routes: v.Routes(
//		petra.Post("registration/", dto.Form(v.Register)),
//		petra.Get("users/<uuid:user_id>", v.GetSingleUser),
//	)}
type Module struct {
	// Name names the module in show-routes and its mount path. Required unless
	// Path is set.
	Name string
	// Version is the API version in the mount path. Default: "v1".
	Version string
	// Path, when set, is where the module is mounted instead of
	// "/api/{Version}/{Name}/", e.g. "/hello-petra/api".
	Path string
	// Routes are the module's routes, relative to its mount path: a viewset's
	// from its [ViewSet.Routes], plain functions' as they are; append
	// several viewsets' routes to one slice.
	Routes []Route
	// Middleware wraps every route of the module, after the app's middleware.
	Middleware []func(http.Handler) http.Handler
}

// prefix returns where m is mounted, with a trailing slash.
func (m Module) prefix() string {
	if m.Path != "" {
		if !strings.HasPrefix(m.Path, "/") {
			panic(fmt.Sprintf("petra: module %q has the Path %q, which must start with '/'", m.Name, m.Path))
		}
		return strings.TrimSuffix(m.Path, "/") + "/"
	}
	if m.Name == "" {
		panic("petra: a Module needs a Name (or a Path)")
	}
	version := m.Version
	if version == "" {
		version = "v1"
	}
	return "/api/" + version + "/" + m.Name + "/"
}

// snakeCase turns a Go method name into a route name: "GetSingleUser" →
// "get_single_user", "UserID" → "user_id".
func snakeCase(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			prevLower := i > 0 && !('A' <= s[i-1] && s[i-1] <= 'Z')
			nextLower := i+1 < len(s) && 'a' <= s[i+1] && s[i+1] <= 'z'
			if i > 0 && (prevLower || nextLower) && s[i-1] != '_' {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}
