package petra

import (
	"fmt"
	"net/http"
	"strings"
)

// anyMethod is the method of a route that serves every method: [Handle] and
// [Mount]. Routes of the same path for one method take precedence over it.
const anyMethod = "*"

// Handle returns a route that serves every method on path with h, a plain
// http.Handler, as chi's Handle does: for what is not a view (a websocket, a
// proxy, a handler from another library). Routes declared for one method on
// the same path take precedence; [Route.Permission], [Route.With] and the
// body limit apply as to any route. It shows in [App.Routes] with the method
// "*" and the handler's function or type as its view.
func Handle(path string, h http.Handler) Route {
	if h == nil {
		panic(fmt.Sprintf("petra: Handle(%q) got a nil http.Handler", path))
	}
	return Route{method: anyMethod, path: path, id: handlerID(h), serve: serveHandler(h)}
}

// Mount returns a route that serves every path under prefix + "/" with h, as
// chi's Mount does, for a sub-app, a chi router or an http.FileServer: h sees
// the request with the mount path (the module's, then prefix) removed from
// r.URL.Path, as http.StripPrefix does, so "/api/v1/docs/static/a.css" under
// Mount("static", files) reaches files as "/a.css". It shows in [App.Routes]
// as "prefix/*".
func Mount(prefix string, h http.Handler) Route {
	rt := Handle(strings.TrimSuffix(prefix, "/")+"/*", h)
	rt.mount = h
	return rt
}

// With returns a copy of rt wrapped in middleware, after the app's and the
// module's, in the order given: chi's and net/http's middleware fit. It shows
// in [App.Routes] by the names of the functions.
func (rt Route) With(middleware ...func(http.Handler) http.Handler) Route {
	rt.middleware = append(rt.middleware[:len(rt.middleware):len(rt.middleware)], middleware...)
	return rt
}

// serveHandler adapts h to a view that answers itself.
func serveHandler(h http.Handler) func(*Request) Result {
	return func(r *Request) Result {
		h.ServeHTTP(r.ResponseWriter(), r.Request)
		return Result{}
	}
}

// handlerID names h as show-routes shows it: a func's name, else its type.
// A handler is never a viewset's view, so it has no receiver.
func handlerID(h http.Handler) viewID {
	if f, ok := h.(http.HandlerFunc); ok {
		if id, ok := funcID(f); ok {
			id.receiver = ""
			return id
		}
	}
	name := fmt.Sprintf("%T", h)
	return viewID{full: name, method: name}
}

// middlewareNames names middleware as show-routes shows it.
func middlewareNames(middleware []func(http.Handler) http.Handler) []string {
	if len(middleware) == 0 {
		return nil
	}
	names := make([]string, len(middleware))
	for i, mw := range middleware {
		id, _ := funcID(mw)
		names[i] = id.String()
	}
	return names
}
