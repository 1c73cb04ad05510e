package petra

import (
	"io"
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

// ServeHTTP runs the view: body limit, permissions, view, response.
func (rt *route) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	logger := rt.app.settings.logger
	req := &Request{Request: r, w: w, route: rt} // 1 alloc
	if rt.bodyLimit >= 0 && r.Body != nil && r.Body != http.NoBody {
		if r.ContentLength > rt.bodyLimit {
			writeError(w, r, ErrBodyTooLarge, logger)
			return
		}
		req.limited = limitedBody{body: r.Body, left: rt.bodyLimit, limit: rt.bodyLimit}
		r.Body = &req.limited // no alloc: it lives in req
	}
	// net/http removes the temporary files of a multipart form parsed on the
	// request it passed in, but chi and middleware pass copies: remove ours.
	defer removeMultipart(r)
	// A panic in the view is recovered here, where r carries what middleware
	// added (the request ID), rather than in App.ServeHTTP.
	defer rt.app.recoverPanic(w, r)
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

// limitedBody reads a request body up to a limit, as http.MaxBytesReader does:
// past it, reads fail with an *http.MaxBytesError, which is answered 413.
type limitedBody struct {
	body  io.ReadCloser
	left  int64 // bytes that may still be read
	limit int64
	err   error // sticky, once the body ended or overflowed
}

// Read reads from the body, failing with *http.MaxBytesError past the limit.
func (l *limitedBody) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if int64(len(p))-1 > l.left {
		p = p[:l.left+1] // one byte more than allowed tells an overflow from the end
	}
	n, err := l.body.Read(p)
	if int64(n) <= l.left {
		l.left -= int64(n)
		l.err = err
		return n, err
	}
	n, l.left = int(l.left), 0
	l.err = &http.MaxBytesError{Limit: l.limit}
	return n, l.err
}

// Close closes the underlying body.
func (l *limitedBody) Close() error { return l.body.Close() }

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
	methods   map[string]http.Handler
	allow     string
}

// ServeHTTP checks the converters, then serves the method's route, HEAD by GET,
// OPTIONS with Allow, and anything else with 405.
func (ph *pathHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	logger := ph.app.settings.logger
	if len(ph.pattern.params) > 0 || ph.pattern.wildcard != "" {
		rctx := chi.RouteContext(r.Context())
		for _, p := range ph.pattern.params {
			if !p.conv.match(rctx.URLParam(p.name)) {
				writeError(w, r, ErrNotFound, logger)
				return
			}
		}
		if ph.pattern.wildcard != "" && rctx.URLParam("*") == "" {
			writeError(w, r, ErrNotFound, logger)
			return
		}
	}
	h := ph.methods[r.Method]
	if h == nil && r.Method == http.MethodHead {
		h = ph.methods[http.MethodGet]
	}
	if h != nil {
		h.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Allow", ph.allow)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeError(w, r, ErrMethodNotAllowed, logger)
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
		allow = append(allow, m)
	}
	if _, ok := methods[http.MethodGet]; ok {
		allow = append(allow, http.MethodHead)
	}
	slices.Sort(allow)
	return strings.Join(slices.Compact(allow), ", ")
}
