package petra

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
)

// exchange is the state of one request that [App.ServeHTTP] keeps across the
// walk: the writer that knows whether the response has started, the Request
// the route gives its view, chi's route context and the *http.Request that
// carries it. Exchanges are pooled, so that a request the app routes itself
// allocates none of them.
type exchange struct {
	writer startWriter
	req    Request
	routed bool // a route took req

	rctx    chi.Context   // what chi.RouteContext returns during the walk
	ctx     routeContext  // the walk's context: the request's, with rctx
	httpReq *http.Request // the request the walk serves; its context is ctx
}

var exchanges = sync.Pool{New: func() any {
	x := &exchange{}
	x.ctx.x = x
	x.httpReq = new(http.Request).WithContext(&x.ctx)
	return x
}}

// bind readies x for r and returns the request the walk serves: a copy of r
// whose context carries x's route context, so that chi.RouteContext,
// chi.URLParam and r.PathValue work in middleware and views as under chi.
func (x *exchange) bind(w http.ResponseWriter, r *http.Request, mux *chi.Mux) *http.Request {
	x.writer = startWriter{ResponseWriter: w, x: x}
	if r.Pattern != "" { // a router in front of the app matched r
		if chi.RouteContext(r.Context()) != nil {
			return r // chi's: route on in its context, as a chi sub-router does
		}
		// http.ServeMux's: a copy of r keeps the path values it set.
		x.ctx.Context, x.rctx.Routes = r.Context(), mux
		return r.WithContext(&x.ctx)
	}
	x.ctx.Context, x.rctx.Routes = r.Context(), mux
	copyRequest(x.httpReq, r)
	return x.httpReq
}

// release puts x back in the pool, unless a route is still running with it
// (in a goroutine a middleware such as http.TimeoutHandler started, which
// outlives the request): that x is left to the garbage collector.
func (x *exchange) release() {
	if x.ctx.routing.Load() {
		return
	}
	for _, key := range x.rctx.URLParams.Keys {
		if x.httpReq.PathValue(key) != "" {
			x.httpReq.SetPathValue(key, "") // as absent: PathValue returns ""
		}
	}
	// The rest is set anew by the next bind and route; what x still holds of
	// this request goes with x when the pool is emptied, at the second
	// garbage collection that finds it unused.
	x.rctx.Reset()
	x.routed = false
	exchanges.Put(x)
}

// copyRequest sets every exported field of dst to src's. dst keeps its
// context and its path values: the router sets those.
func copyRequest(dst, src *http.Request) {
	dst.Method = src.Method
	dst.URL = src.URL
	dst.Proto, dst.ProtoMajor, dst.ProtoMinor = src.Proto, src.ProtoMajor, src.ProtoMinor
	dst.Header = src.Header
	dst.Body, dst.GetBody = src.Body, src.GetBody
	dst.ContentLength = src.ContentLength
	dst.TransferEncoding = src.TransferEncoding
	dst.Close = src.Close
	dst.Host = src.Host
	dst.Form, dst.PostForm, dst.MultipartForm = src.Form, src.PostForm, src.MultipartForm
	dst.Trailer = src.Trailer
	dst.RemoteAddr = src.RemoteAddr
	dst.RequestURI = src.RequestURI
	dst.TLS = src.TLS
	//lint:ignore SA1019 copied, as net/http's WithContext copies it
	dst.Cancel = src.Cancel
	dst.Response = src.Response
	dst.Pattern = src.Pattern
}

// routeContext is the context of a request the app routes: the request's own,
// plus chi's route context under chi.RouteCtxKey. It is the exchange's, so
// that carrying the route context allocates nothing.
type routeContext struct {
	context.Context
	x       *exchange
	routing atomic.Bool // the router is serving the request; see exchange.release
}

type routeContextKey struct{}

// Value returns the route context for chi.RouteCtxKey, and the parent's value
// for any other key.
func (c *routeContext) Value(key any) any {
	switch key {
	case chi.RouteCtxKey:
		return &c.x.rctx
	case routeContextKey{}:
		return c
	}
	return c.Context.Value(key)
}

// routeContextOf returns the app's routeContext in ctx, or nil when ctx has none.
func routeContextOf(ctx context.Context) *routeContext {
	if c, ok := ctx.(*routeContext); ok {
		return c
	}
	c, _ := ctx.Value(routeContextKey{}).(*routeContext)
	return c
}
