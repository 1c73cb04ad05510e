package petra

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/go-petra/petra/petra/internal/principal"
)

// Request is the request a view receives: the *http.Request it embeds (so
// r.Context(), r.Header and r.URL work as in net/http) plus helpers in the spirit
// of django-petra's: typed path and query parameters, the body as data, the
// authenticated principal. A Request is valid only during its view: the app
// reuses it, with the *http.Request it embeds, the route context and path
// values, for a later request; r.Context() stays the request's own (see
// Performance in the package doc).
type Request struct {
	*http.Request
	w     http.ResponseWriter
	route *route

	tookWriter bool // the view asked for w: see ResponseWriter

	query    url.Values // parsed on first use
	raw      []byte     // read on first use, see RawBody
	reader   bytes.Reader
	body     body // the body as the route reads it: limit, deadlines, errors
	bodyRead bool
	bodyErr  error
	data     map[string]any // see AllData
}

// ResponseWriter returns the writer of the response, for a view that streams or
// writes a body petra does not produce. A view that took the writer and returns
// the zero [Result] has answered itself: petra writes nothing more (so a view
// that wrote nothing answers 200 with an empty body). Any other Result is
// written as usual, which fails if the view has already written a status. A
// panic after the view started writing aborts the connection, since no error
// envelope can follow a response that has begun.
func (r *Request) ResponseWriter() http.ResponseWriter {
	r.tookWriter = true
	return r.w
}

// PathParam returns the path parameter name as the route declared it
// (`<int:id>`, `{id}`, `<path:rest>`), or "" when the route has none by that name.
func (r *Request) PathParam(name string) string {
	if r.route != nil && r.route.wildcard != "" && name == r.route.wildcard {
		name = "*"
	}
	if c, ok := r.Context().(*routeContext); ok { // the app's own walk: no lookup
		return paramValue(&c.x.rctx.URLParams, name)
	}
	return chi.URLParam(r.Request, name)
}

// PathInt returns the path parameter name as an int. A value that is not an
// integer, or does not fit, is [ErrNotFound]: a path that names no resource.
// A `<int:name>` converter has already checked the digits.
func (r *Request) PathInt(name string) (int, error) {
	n, err := strconv.Atoi(r.PathParam(name))
	if err != nil {
		return 0, ErrNotFound
	}
	return n, nil
}

// QueryValues returns the parsed query string. It is parsed once per request;
// the map must not be modified.
func (r *Request) QueryValues() url.Values {
	if r.query == nil {
		r.query = r.URL.Query()
	}
	return r.query
}

// Query returns the first value of the query parameter key, or "".
func (r *Request) Query(key string) string { return r.QueryValues().Get(key) }

// QueryInt returns the query parameter key as an int, or def when it is absent or
// empty. A value that is not an integer is a [*ValidationError] on key, which
// [Fail] answers with 400.
func (r *Request) QueryInt(key string, def int) (int, error) {
	s := r.Query(key)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def, Invalid(key, r.fieldMessage("The {field} must be an integer", key))
	}
	return n, nil
}

// QueryBool returns the query parameter key as a bool, or def when it is absent or
// empty. It accepts what strconv.ParseBool accepts plus "yes", "no", "on" and
// "off"; anything else is a [*ValidationError] on key.
func (r *Request) QueryBool(key string, def bool) (bool, error) {
	s := strings.ToLower(strings.TrimSpace(r.Query(key)))
	switch s {
	case "":
		return def, nil
	case "yes", "on":
		return true, nil
	case "no", "off":
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return def, Invalid(key, r.fieldMessage("The {field} must be true or false", key))
	}
	return b, nil
}

// MediaType returns the request's Content-Type without parameters, in lower case:
// "application/json" for "Application/JSON; charset=utf-8". It is "" when the
// header is absent.
func (r *Request) MediaType() string {
	ct := r.Header.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	for i := 0; i < len(ct); i++ {
		if c := ct[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(ct)
		}
	}
	return ct
}

// RawBody reads the whole body once, within the route's body limit, and returns
// it; later calls return the same bytes, and r.Body is replaced by a reader over
// them, so the body stays readable after a form was bound from it. A body over
// the limit is an error that [Fail] answers with 413.
//
// Multipart bodies, which may be large, are not buffered by the binder: read
// them with r.FormFile or [Request.File] instead.
func (r *Request) RawBody() ([]byte, error) {
	if r.bodyRead {
		return r.raw, r.bodyErr
	}
	r.bodyRead = true
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	r.raw, r.bodyErr = readAll(r.Body, initialBodyCap(r.ContentLength))
	r.reader.Reset(r.raw)
	r.Body = rereadable{&r.reader} // no alloc: the reader lives in r
	return r.raw, r.bodyErr
}

// readAll reads body to its end into a buffer of capacity size, growing it only
// when the body is larger: with size from Content-Length, one allocation.
func readAll(body io.Reader, size int) ([]byte, error) {
	buf := make([]byte, 0, size)
	for {
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		case len(buf) == cap(buf):
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// initialBodyCap sizes the body buffer from Content-Length when it is known and
// reasonable, so reading the body usually takes one allocation.
func initialBodyCap(contentLength int64) int {
	const maxInitial = 64 << 10
	if contentLength > 0 && contentLength <= maxInitial {
		return int(contentLength) + 1 // +1 so the read that finds EOF has room
	}
	return 512
}

// rereadable serves the buffered body again as r.Body after binding.
type rereadable struct{ *bytes.Reader }

// Close implements io.Closer; there is nothing to release.
func (rereadable) Close() error { return nil }

// Logger returns the app's logger (see [WithLogger]) for the view to log with,
// so that its lines go where the app's go, in the app's format and at its
// level. When the request has an ID (given by petra/middleware's RequestID or
// chi's), every record carries it as request_id, as petra's own lines about a
// request do. A Request built by [NewRequest] logs with slog.Default().
//
// The logger adds nothing else: what a view passes it is written as given, so
// secrets go in as values that redact themselves (slog.LogValuer), never as
// plain strings. With an ID, each call allocates a logger: a view that logs
// several lines keeps the one it got. Safe for concurrent use.
func (r *Request) Logger() *slog.Logger {
	logger := slog.Default()
	if r.route != nil {
		logger = r.route.app.settings.logger
	}
	if id := middleware.GetReqID(r.Context()); id != "" {
		return logger.With(slog.String("request_id", id))
	}
	return logger
}

// Principal returns who the request is authenticated as, set by an
// authentication middleware with [ContextWithPrincipal], or nil for an anonymous
// request.
func (r *Request) Principal() any { return PrincipalFrom(r.Context()) }

// ContextWithPrincipal returns a copy of ctx that carries p as the authenticated
// principal: a user, a token's claims, whatever the authentication produced. A nil
// p, including a nil pointer such as a (*User)(nil) that a failed lookup returned,
// leaves the request anonymous.
func ContextWithPrincipal(ctx context.Context, p any) context.Context { return principal.With(ctx, p) }

// PrincipalFrom returns the principal stored in ctx by [ContextWithPrincipal], or nil.
func PrincipalFrom(ctx context.Context) any { return principal.From(ctx) }

// NewRequest wraps r and w as the Request a view receives, for calling a view
// outside an app, as in a unit test. Such a Request has the app defaults
// (pagination sizes, no base URL) and no path parameters unless r's context
// carries chi's.
func NewRequest(w http.ResponseWriter, r *http.Request) *Request {
	return &Request{Request: r, w: w}
}
