package petra

import (
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"
)

// route is a mounted Route: everything a request needs, computed once.
type route struct {
	app       *App
	info      RouteInfo
	serve     func(*Request) Result
	perms     []Permission // the viewset's, then the route's own
	bodyLimit int64        // <0: none
	wildcard  string

	objectPerms []ObjectPermission // what Request.CheckObject runs, in the same order
}

// ServeHTTP runs the route under middleware of its own (a route without any
// is run by [pathHandler.dispatch] directly): such middleware may run it in
// a goroutine that outlives the request (http.TimeoutHandler's), so it
// records its walk in r's context. A panic leaves the record open: the
// request's state is then not pooled.
func (rt *route) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := walkOf(r.Context()).enter()
	rt.run(w, r)
	c.leave(true)
}

// run runs the view: body limit, permissions, view, response.
func (rt *route) run(w http.ResponseWriter, r *http.Request) {
	logger := rt.app.settings.logger
	req := request(w) // no alloc: the app's, see App.ServeHTTP
	*req = Request{Request: r, w: w, route: rt}
	if r.Body != nil && r.Body != http.NoBody {
		if rt.bodyLimit >= 0 && r.ContentLength > rt.bodyLimit {
			writeError(w, r, ErrBodyTooLarge, logger)
			return
		}
		req.body.start(r.Body, w, rt.bodyLimit, &rt.app.settings)
		r.Body = &req.body // no alloc: it lives in req
		if r.TransferEncoding != nil {
			// net/http drops a Content-Length sent with Transfer-Encoding
			// before petra sees it, so every chunked request closes its
			// connection, as RFC 9112 §6.3 asks of that pair: bytes a proxy
			// framed by the length are never read as a next request.
			w.Header()["Connection"] = connectionClose
		}
	}
	// net/http removes the temporary files of a multipart form parsed on the
	// request it passed in, but chi and middleware pass copies: remove ours.
	defer removeMultipart(r)
	if err := check(rt.perms, req); err != nil {
		writeError(w, r, err, logger)
		return
	}
	res := rt.serve(req)
	if req.tookWriter && res.isZero() {
		return // the view wrote its own response
	}
	res.write(w, r, logger)
}

func removeMultipart(r *http.Request) {
	if r.MultipartForm != nil {
		_ = r.MultipartForm.RemoveAll()
	}
}

// pathHandler serves every method declared on one path: it checks the path's
// converters, then dispatches by method, answering 405 with Allow for the rest.
type pathHandler struct {
	app       *App
	pattern   pattern
	firstPath string
	// routePattern is what chi's RoutePattern answers for the path when
	// it is the only pattern the request matched (see App.serveRoute).
	routePattern string
	methods      map[string]http.Handler // as declared
	allow        string

	// byMethod is what serves each method of methodSlots, HEAD by GET and
	// any by a Handle or Mount route, resolved when the app starts serving.
	byMethod [len(methodSlots)]http.Handler
	// bare is the route of byMethod's slot when nothing wraps it, which
	// dispatch runs directly.
	bare [len(methodSlots)]*route
}

// methodSlots are the methods a path dispatches without a map lookup.
var methodSlots = [...]string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// methodSlot returns the index of method in methodSlots, or -1.
func methodSlot(method string) int {
	switch method {
	case http.MethodGet:
		return 0
	case http.MethodHead:
		return 1
	case http.MethodPost:
		return 2
	case http.MethodPut:
		return 3
	case http.MethodPatch:
		return 4
	case http.MethodDelete:
		return 5
	case http.MethodOptions:
		return 6
	}
	return -1
}

// resolveMethods fills byMethod from methods.
func (ph *pathHandler) resolveMethods() {
	for i, m := range methodSlots {
		ph.byMethod[i] = ph.handler(m)
		ph.bare[i], _ = ph.byMethod[i].(*route)
	}
}

// handler returns what serves method on the path, or nil: the method's route,
// for HEAD the GET route, else a route of every method (Handle and Mount).
func (ph *pathHandler) handler(method string) http.Handler {
	h := ph.methods[method]
	if h == nil && method == http.MethodHead {
		h = ph.methods[http.MethodGet]
	}
	if h == nil {
		h = ph.methods[anyMethod]
	}
	return h
}

// ServeHTTP serves r as dispatch does; chi's tree files the path handlers.
func (ph *pathHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ph.dispatch(w, r, chi.RouteContext(r.Context()))
}

// dispatch checks the converters against the parameters in rctx, r's route
// context, then serves the method's route, HEAD by
// GET, OPTIONS with Allow, and anything else with 405. It reports whether a
// route's middleware took r, which may still be running the route; false
// means r was answered here: by the path itself or by a route without
// middleware, run directly.
func (ph *pathHandler) dispatch(w http.ResponseWriter, r *http.Request, rctx *chi.Context) bool {
	logger := ph.app.settings.logger
	if len(ph.pattern.params) > 0 || ph.pattern.wildcard != "" {
		for _, p := range ph.pattern.params {
			if !p.conv.match(paramValue(&rctx.URLParams, p.name)) {
				writeError(w, r, ErrNotFound, logger)
				return false
			}
		}
		if ph.pattern.wildcard != "" && paramValue(&rctx.URLParams, "*") == "" {
			writeError(w, r, ErrNotFound, logger)
			return false
		}
	}
	var h http.Handler
	if i := methodSlot(r.Method); i >= 0 {
		if rt := ph.bare[i]; rt != nil {
			rt.run(w, r)
			return false
		}
		h = ph.byMethod[i]
	} else {
		h = ph.handler(r.Method)
	}
	if h != nil {
		h.ServeHTTP(w, r)
		return true
	}
	w.Header().Set("Allow", ph.allow)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	writeError(w, r, ErrMethodNotAllowed, logger)
	return false
}

// sameParams reports whether two patterns of one shape, which chi cannot tell
// apart, name and check their parameters the same way.
func sameParams(a, b pattern) bool {
	return a.wildcard == b.wildcard && slices.Equal(a.keys, b.keys) &&
		slices.EqualFunc(a.params, b.params, func(x, y param) bool {
			return x.name == y.name && x.conv.name == y.conv.name
		})
}

// allowHeader lists the methods a path answers, HEAD and OPTIONS included.
func allowHeader(methods map[string]http.Handler) string {
	allow := []string{http.MethodOptions}
	for m := range methods {
		if m != anyMethod {
			allow = append(allow, m)
		}
	}
	if _, ok := methods[http.MethodGet]; ok {
		allow = append(allow, http.MethodHead)
	}
	slices.Sort(allow)
	return strings.Join(slices.Compact(allow), ", ")
}
