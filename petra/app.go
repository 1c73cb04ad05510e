package petra

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
)

// App is a petra application: the modules it mounts, their routes and the
// middleware around them. It is an http.Handler, so it can be served by any
// *http.Server, wrapped by any middleware and tested with httptest.
//
// Build it with [New], then call [App.Use] and [App.Mount]; routes are fixed the
// first time the app serves a request, after which Use and Mount panic. Serving
// is safe for concurrent use.
type App struct {
	settings   settings
	middleware []func(http.Handler) http.Handler
	paths      map[string]*pathHandler // by chi pattern, without trailing slash
	pathOrder  []string
	routes     []RouteInfo
	operations []Operation // the routes, described: see Operations

	build     sync.Once
	serving   atomic.Bool
	mux       *chi.Mux                // chi's tree of the app's paths, rctx.Routes
	router    *router                 // the app's paths, searched by find; nil when a pattern is not one it takes
	byPattern map[string]*pathHandler // without router: by the chi pattern mux files it at
	static    map[string]*pathHandler // without router: the paths without parameters, by the pattern that is the path itself
	handler   http.Handler            // the app's middleware around route
	direct    bool                    // no middleware: handler is route, run within ServeHTTP
}

// New returns an App configured by opts. New() alone is a working app that
// answers the project endpoints (see [App.Routes]).
func New(opts ...Option) *App {
	a := &App{settings: defaultSettings(), paths: map[string]*pathHandler{}}
	for _, opt := range opts {
		opt(&a.settings)
	}
	a.Mount(a.projectModule())
	return a
}

// Use appends middleware that wraps every request, including those answered 404
// or 405, in the order given: chi's and net/http's middleware fit as they are.
// It panics once the app has started serving.
func (a *App) Use(middleware ...func(http.Handler) http.Handler) {
	a.mustNotServe("Use")
	a.middleware = append(a.middleware, middleware...)
}

// Mount adds the routes of modules. Mistakes in a module (a malformed path, the
// same method and path twice, one path spelt with two sets of parameters, a
// method view declared outside its viewset's [ViewSet.Routes], a permission
// rule naming another type's method) panic here, saying what to fix.
// It panics once the app has started serving.
func (a *App) Mount(modules ...Module) {
	a.mustNotServe("Mount")
	for _, m := range modules {
		a.mount(m)
	}
}

func (a *App) mustNotServe(what string) {
	if a.serving.Load() {
		panic("petra: " + what + " called after the app started serving; set up routes and middleware first")
	}
}

func (a *App) mount(m Module) {
	prefix := m.prefix()
	for _, decl := range m.Routes {
		if decl.serve == nil {
			panic(fmt.Sprintf("petra: module %q has a zero Route; build routes with petra.Get, petra.Post…", m.Name))
		}
		rt := &route{
			app:       a,
			serve:     decl.serve,
			bodyLimit: a.settings.bodyLimit,
			info: RouteInfo{
				Method:     decl.method,
				Path:       prefix + strings.TrimPrefix(decl.path, "/"),
				View:       decl.id.String(),
				Name:       decl.name,
				Module:     m.Name,
				Middleware: middlewareNames(decl.middleware),
			},
		}
		if decl.mount != nil { // strip the mount path, as http.StripPrefix does
			rt.serve = serveHandler(http.StripPrefix(strings.TrimSuffix(rt.info.Path, "/*"), decl.mount))
		}
		decl.checkMount(a, rt.info.Path)
		if decl.bodyLimit != nil {
			rt.bodyLimit = *decl.bodyLimit
		}
		if rt.info.Name == "" && decl.id.receiver != "" {
			rt.info.Name = m.Name + ":" + snakeCase(decl.id.method)
		}
		rt.perms, rt.objectPerms = viewSetPerms(decl, rt.info)
		rt.perms = append(rt.perms, decl.perms...)
		rt.objectPerms = append(rt.objectPerms, decl.objectPerms...)
		pat := a.add(rt, append(m.Middleware[:len(m.Middleware):len(m.Middleware)], decl.middleware...))
		a.operations = append(a.operations, decl.operation(rt, pat))
	}
}

// viewSetPerms returns the permissions and object permissions decl's viewset
// puts on it, checking that a view that is a method came through its viewset's
// Routes and that the viewset's rules name its own methods.
func viewSetPerms(decl Route, info RouteInfo) (perms []Permission, objectPerms []ObjectPermission) {
	vs := decl.viewSet
	if vs == nil {
		if decl.id.receiver != "" {
			panic(fmt.Sprintf("petra: %s %s serves %s, a method, outside its viewset, where no permission of the viewset could guard it: "+
				"declare the route in v.Routes(...) (a type whose methods are views embeds petra.ViewSet)", info.Method, info.Path, info.View))
		}
		return nil, nil
	}
	for _, rule := range vs.rules {
		if decl.id.receiver != "" {
			for _, id := range append(rule.only[:len(rule.only):len(rule.only)], rule.ignore...) {
				if id.receiver != decl.id.receiver {
					panic(fmt.Sprintf("petra: a permission rule of the viewset of %s names %s, which is not one of its methods", info.View, id))
				}
			}
		}
		if rule.appliesTo(decl.id.method) {
			perms = append(perms, rule.perms...)
			objectPerms = append(objectPerms, rule.objectPerms...)
		}
	}
	return perms, objectPerms
}

// add files rt under its path, wrapped in middleware, and returns the path's pattern.
func (a *App) add(rt *route, middleware []func(http.Handler) http.Handler) pattern {
	pat := parsePattern(rt.info.Path)
	rt.wildcard = pat.wildcard
	// Paths are filed by shape: chi keeps one handler for "users/{id}" and
	// "users/{pk}", so the two must be one path or a mistake.
	key := strings.TrimSuffix(pat.shape, "/")
	ph := a.paths[key]
	if ph == nil {
		ph = &pathHandler{pattern: pat, app: a, methods: map[string]http.Handler{}}
		a.paths[key] = ph
		a.pathOrder = append(a.pathOrder, key)
	} else if !sameParams(ph.pattern, pat) {
		panic(fmt.Sprintf("petra: routes %q and %q match the same paths with different parameters; give them one spelling", ph.firstPath, rt.info.Path))
	}
	if _, dup := ph.methods[rt.info.Method]; dup {
		panic(fmt.Sprintf("petra: %s %s is declared twice", rt.info.Method, rt.info.Path))
	}
	if ph.firstPath == "" {
		ph.firstPath = rt.info.Path
	}
	ph.methods[rt.info.Method] = wrap(rt, middleware)
	ph.allow = allowHeader(ph.methods)
	a.routes = append(a.routes, rt.info)
	return pat
}

// ServeHTTP answers r. The first call fixes the routes. A panic anywhere in
// the walk, in a view or in middleware, is recovered here, once: it is logged
// with its stack and the request ID, and answered 500 in the error envelope,
// or, when the response has already started, aborted with
// http.ErrAbortHandler, so that a client never reads an envelope glued to a
// partial answer.
//
// The middleware and the view see a copy of r of their own; the rest of the
// walk's state (the [Request], chi's route context, the path values) comes
// from a pool (see the package doc, Performance).
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.build.Do(a.buildMux)
	x := exchanges.Get().(*exchange)
	defer x.finish(a, r)
	r = x.bind(w, r, a)
	if a.direct && x.ctx != nil {
		// Nothing runs before the route: serve it here, with x at hand.
		x.ctx.answer(a.serveRoute(&x.writer, r, x))
		return
	}
	a.handler.ServeHTTP(&x.writer, r)
}

// buildMux fixes the routes: the app's router ([router]; chi's tree, with a
// map of the paths without parameters before it, when a pattern is not one
// the router takes), searched by [App.find], and the app's middleware around
// it. chi's tree is built in every case: the route context points to it.
func (a *App) buildMux() {
	a.serving.Store(true)
	entries := make([]routerEntry, 0, 2*len(a.pathOrder))
	for _, key := range a.pathOrder {
		ph := a.paths[key]
		ph.resolveMethods()
		pat := strings.TrimSuffix(ph.pattern.chi, "/")
		if pat == "" {
			pat = "/"
		}
		ph.routePattern = (&chi.Context{RoutePatterns: []string{pat}}).RoutePattern()
		entries = append(entries, routerEntry{pat, ph})
		if pat != "/" && !strings.HasSuffix(pat, "*") {
			entries = append(entries, routerEntry{pat + "/", ph})
		}
	}
	a.mux = chi.NewMux()
	for _, e := range entries {
		a.mux.Handle(e.pattern, e.handler)
	}
	a.router = newRouter(entries)
	if a.router == nil {
		a.byPattern = make(map[string]*pathHandler, len(entries))
		a.static = map[string]*pathHandler{}
		for _, e := range entries {
			if strings.ContainsAny(e.pattern, "{*") {
				a.byPattern[e.pattern] = e.handler
			} else {
				a.static[e.pattern] = e.handler
			}
		}
	}
	a.handler = wrap(http.HandlerFunc(a.route), a.middleware)
	a.direct = len(a.middleware) == 0
}

// route finds r's path with the app's router, into the route context r
// carries, and serves it with the path's handler; a path the app does not
// have is 404. It is the innermost handler, under the app's middleware, so
// that they see the route context filled after it returns, as under chi's
// router: it sets RouteMethod, URLParams, RoutePatterns, r's path values and
// r.Pattern.
//
// route runs under middleware, which may run it in a goroutine of theirs
// that outlives [App.ServeHTTP] (http.TimeoutHandler's), so it records its
// walk in r's context. A panic leaves the record open: the request's state
// is then not pooled. An app without middleware serves its routes from
// ServeHTTP directly, which needs no such record.
func (a *App) route(w http.ResponseWriter, r *http.Request) {
	walkOf(r.Context()).enter().leave(a.serveRoute(w, r, nil))
}

// serveRoute does what route describes. It reports whether the walk has
// answered: false when a route's handler took r and may still run (a route
// under middleware of its own, which records its walk itself). x is the
// exchange whose request r is when no middleware runs before the route, and
// nil otherwise: see [exchange.setPathValues].
func (a *App) serveRoute(w http.ResponseWriter, r *http.Request, x *exchange) bool {
	ctx := r.Context()
	rctx := chi.RouteContext(ctx)
	if rctx == nil { // a middleware gave r a context of its own making
		rctx = chi.NewRouteContext()
		rctx.Routes = a.mux
		r = r.WithContext(context.WithValue(ctx, chi.RouteCtxKey, rctx))
	}
	path := rctx.RoutePath
	if path == "" {
		path = r.URL.RawPath
		if path == "" {
			path = r.URL.Path
		}
		if path == "" {
			path = "/"
		}
	}
	if rctx.RouteMethod == "" {
		rctx.RouteMethod = r.Method
	}
	ph := a.find(rctx, path)
	if x != nil && x.ownValues {
		x.setPathValues(r, rctx.URLParams)
	} else {
		for i, key := range rctx.URLParams.Keys {
			r.SetPathValue(key, rctx.URLParams.Values[i])
		}
	}
	if ph == nil {
		writeError(w, r, ErrNotFound, a.settings.logger)
		return true
	}
	if len(rctx.RoutePatterns) == 1 {
		r.Pattern = ph.routePattern // chi's join of one pattern, computed once
	} else {
		r.Pattern = rctx.RoutePattern()
	}
	return !ph.dispatch(w, r, rctx)
}

// find returns the handler of path, recording the pattern it matched, and
// any parameters, in rctx, as chi's tree would; nil when the app has no such
// path. The app's router answers when it took every pattern. Otherwise a path
// without parameters is looked up by itself: chi's tree, where every path
// answers every method and a static path wins over any parameter, would find
// the same handler and record the same pattern, the path.
func (a *App) find(rctx *chi.Context, path string) *pathHandler {
	if a.router != nil {
		return a.router.find(rctx, path)
	}
	if ph := a.static[path]; ph != nil {
		rctx.RoutePatterns = append(rctx.RoutePatterns, path)
		return ph
	}
	pat := a.mux.Find(rctx, rctx.RouteMethod, path)
	if pat == "" && rctx.RouteMethod != http.MethodGet {
		// A method chi does not know (PURGE, or a misspelt one): the path
		// answers it, with a view a route declared with Method, or 405.
		pat = a.mux.Find(rctx, http.MethodGet, path)
	}
	return a.byPattern[pat]
}

// wrap returns h inside middleware, the first outermost.
func wrap(h http.Handler, middleware []func(http.Handler) http.Handler) http.Handler {
	for i := len(middleware) - 1; i >= 0; i-- {
		h = middleware[i](h)
	}
	return h
}

// Routes returns every route the app serves, in the order they were mounted,
// starting with the project endpoints. The slice is a copy.
func (a *App) Routes() []RouteInfo {
	return append([]RouteInfo(nil), a.routes...)
}

// RouteInfo describes one route, as show-routes and `petra routes` list it.
type RouteInfo struct {
	// Method is the HTTP method, "GET".
	Method string `json:"method"`
	// Path is the full path as declared, "/api/v1/user/users/<uuid:user_id>".
	Path string `json:"path"`
	// View is the view's function, "user.(*UserViewSet).GetSingleUser".
	View string `json:"view"`
	// Name is the route's name, "user:get_single_user" unless set with [Route.Named].
	Name string `json:"name"`
	// Module is the name of the module that declared the route.
	Module string `json:"module"`
	// Middleware names the route's own middleware ([Route.With]), if any.
	Middleware []string `json:"middleware,omitempty"`
}
