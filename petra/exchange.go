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

// release puts x back in the pool, unless the router or a route is still
// running with it (in a goroutine that a middleware such as
// http.TimeoutHandler started, which outlives the request): that x is left to
// the garbage collector.
func (x *exchange) release() {
	if x.ctx.walks.Load() != 0 {
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
	x     *exchange
	walks atomic.Int32 // the router and routes serving the request; see exchange.release
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

// enter records that the router or a route serves a request with ctx, until
// leave, so that the request's exchange is not pooled meanwhile. It returns
// nil for a ctx that is not the app's, which needs nothing of the kind.
func enter(ctx context.Context) *routeContext {
	c, ok := ctx.(*routeContext)
	if !ok {
		c, _ = ctx.Value(routeContextKey{}).(*routeContext)
	}
	if c != nil {
		c.walks.Add(1)
	}
	return c
}

// leave ends what enter recorded; c may be nil.
func (c *routeContext) leave() {
	if c != nil {
		c.walks.Add(-1)
	}
}
