package petra

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
)

// exchange is the state of one request that [App.ServeHTTP] keeps across the
// walk: the writer that knows whether the response has started, the copy of
// the request that middleware and views see, the Request the route gives its
// view and chi's route context. Exchanges are pooled: of a request the app
// routes, only its context is allocated (see bind).
type exchange struct {
	app    *App // the app the request is walking
	writer startWriter
	http   http.Request // the request the walk serves: the caller's, with the walk's context
	req    Request
	routed bool // a route took req

	rctx chi.Context   // what chi.RouteContext returns during the walk
	ctx  *routeContext // the walk's context, nil when a chi router in front of the app routes

	// values is the map of path values the walk's requests share, so that
	// setting path values allocates nothing: like the route context, path
	// values are read during the request. See pathvalues.go.
	values map[string]string
	// named lists the names of the path values that petra set in the map
	// of values for the last request served without middleware, so that
	// the next one on the same route only overwrites them (see
	// setPathValues).
	named []string
	// ownValues: the walk's request shares the map of values (no
	// http.ServeMux matched the request before the app).
	ownValues bool
	// contexts are the walk contexts this exchange has not handed out yet.
	contexts []routeContext
	enc      encoder // what answers the request in JSON, see encoderFor

	choice   languageChoice // the language the request is answered in, when the app has catalogs
	walks    atomic.Int32   // the router and routes serving the request; see release
	answered atomic.Bool    // a route ran, or the router answered itself
}

// contextBatch is how many walk contexts an exchange allocates at once.
const contextBatch = 16

// newContext returns a walk context for one request, zero and never handed
// out before: code may keep a request's context past the request, so a
// context is never reused. They are allocated contextBatch at a time, one
// allocation for that many requests; a batch is collected once none of its
// contexts is referenced. The price: a context kept past its request keeps
// its batch (384 bytes) and the parents of its contexts alive with it.
func (x *exchange) newContext() *routeContext {
	if len(x.contexts) == 0 {
		x.contexts = make([]routeContext, contextBatch)
	}
	c := &x.contexts[0]
	x.contexts = x.contexts[1:]
	return c
}

var exchanges = sync.Pool{New: func() any {
	x := &exchange{values: map[string]string{}}
	x.enc.init().owned = true
	return x
}}

// bind readies x for r and returns the request the walk serves: a copy of r
// whose context carries x's route context, so that chi.RouteContext,
// chi.URLParam and r.PathValue work in middleware and views as under chi.
//
// The copy is pooled with x, and valid during the request, as the route
// context is. Its context is new (see newContext): code keeps a request's
// context past the request (a database driver watching ctx.Done() in a
// goroutine of its own), and a pooled one would be the next request's by then.
func (x *exchange) bind(w http.ResponseWriter, r *http.Request, a *App) *http.Request {
	x.writer = startWriter{ResponseWriter: w, x: x}
	if r.Pattern != "" && chi.RouteContext(r.Context()) != nil {
		x.ctx = nil
		// A chi router in front of the app matched r: route on in its
		// context, as a chi sub-router does.
		return a.withLanguageChoice(r)
	}
	if !a.direct {
		// Middleware sees the request before its route sets path values.
		clear(x.values)
		x.named = x.named[:0]
	}
	x.rctx.Routes = a.mux
	x.app = a
	ctx := x.newContext()
	ctx.Context, ctx.x = r.Context(), x
	x.answered.Store(false)
	x.choice.app = nil
	if a.settings.languages != nil {
		x.choice.app = a
	}
	x.choice.lang.Store(0)
	// When http.ServeMux matched r, the copy keeps the path values it set;
	// otherwise it takes the pooled map.
	x.ownValues = r.Pattern == ""
	switch {
	case !x.ownValues:
		x.http = *r.WithContext(ctx) // inlined: nothing escapes
	case valuesFound:
		x.http = *r.WithContext(ctx)
		*valuesField(&x.http) = x.values
	default: // no map to share: the copy starts with none, see pathvalues.go
		x.http = *blankRequest.WithContext(ctx)
		copyRequest(&x.http, r)
	}
	x.ctx = ctx
	return &x.http
}

// blankRequest has no path values; it is never changed.
var blankRequest http.Request

// copyRequest sets every exported field of dst to src's. dst keeps its
// context and its path values.
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

// release puts x back in the pool once the walk has answered within the app
// (a route ran, or the router answered itself) and nothing of it still runs.
// Any other x is left to the garbage collector: one a middleware answered
// without routing, and one whose route may yet run or still runs, in a
// goroutine that a middleware such as http.TimeoutHandler started and that
// outlives the request.
func (x *exchange) release() {
	if x.ctx != nil && (!x.answered.Load() || x.walks.Load() != 0) {
		return
	}
	// The rest is set anew by the next bind and route; what x still holds of
	// this request goes with x when the pool is emptied, at the second
	// garbage collection that finds it unused.
	x.rctx.Reset()
	x.http = http.Request{} // what it refers to is not kept alive by the pool
	x.ctx = nil
	x.app = nil
	x.routed = false
	exchanges.Put(x)
}

// setPathValues sets the path values of r, the walk's request served
// without middleware, to params. When the map holds exactly the names the
// previous request's route set, and params has the same, it overwrites their
// values: a request on the same route as the one before costs one map write
// per parameter. Otherwise, after another route or when code set a path value
// of its own, it empties the map first, so that no value of an earlier
// request shows in this one.
func (x *exchange) setPathValues(r *http.Request, params chi.RouteParams) {
	if valuesFound && (len(x.values) != len(x.named) || !slices.Equal(x.named, params.Keys)) {
		clear(x.values)
		x.named = append(x.named[:0], params.Keys...)
	}
	for i, key := range params.Keys {
		r.SetPathValue(key, params.Values[i])
	}
}

// routeContext is the context of a request the app routes: the request's own,
// plus chi's route context under chi.RouteCtxKey. What it adds is the pooled
// exchange's (chi's route context, the language choice, the record of the
// walk): like chi's route context, read it during the request, or keep
// chi's Context.Clone. Past the request, it is its parent that answers, for
// as long as code keeps it; a context this small (24 bytes) keeps the
// garbage collector's share of a request small.
type routeContext struct {
	context.Context
	x *exchange
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
	case languageKey{}:
		if c.x.choice.app != nil {
			return &c.x.choice
		}
	}
	return c.Context.Value(key)
}

// walkOf returns the walk's context that ctx is or carries, or nil for a ctx
// that is not the app's, which needs no record of its walk.
func walkOf(ctx context.Context) *routeContext {
	c, ok := ctx.(*routeContext)
	if !ok {
		c, _ = ctx.Value(routeContextKey{}).(*routeContext)
	}
	return c
}

// enter records that the router or a route serves the request of c, until
// leave, so that the request's exchange is not pooled meanwhile. It returns
// c, which may be nil.
func (c *routeContext) enter() *routeContext {
	if c != nil {
		c.x.walks.Add(1)
	}
	return c
}

// leave ends what enter recorded; answered says that the walk has answered
// (see answer).
func (c *routeContext) leave(answered bool) {
	if c != nil {
		c.answer(answered)
		c.x.walks.Add(-1)
	}
}

// answer records that the walk has answered, when answered is true: a route
// ran, or the router answered without one.
func (c *routeContext) answer(answered bool) {
	if c != nil && answered {
		c.x.answered.Store(true)
	}
}
