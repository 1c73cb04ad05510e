package petra

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"

	"github.com/go-chi/chi/v5/middleware"
)

// request returns the Request for a route serving w: the exchange's, when
// w is (or wraps) the app's writer and no route took it yet, else a new one.
func request(w http.ResponseWriter) *Request {
	for range 8 { // middleware rarely wraps the writer more than a few times
		if sw, ok := w.(*startWriter); ok {
			if x := sw.x; !x.routed {
				x.routed = true
				return &x.req
			}
			break
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	return new(Request) // 1 alloc: a writer the app did not hand out
}

// finish ends the walk of r, deferred by [App.ServeHTTP]: it answers a panic,
// then puts x back in the pool. A panic is logged once, with the request ID,
// then answered 500 in the envelope, or, when the response has already started
// and no envelope can follow, aborted with http.ErrAbortHandler. A panic with
// http.ErrAbortHandler goes on untouched. An exchange that saw a panic is not
// pooled again.
func (x *exchange) finish(a *App, r *http.Request) {
	v := recover()
	if v == nil {
		x.release()
		return
	}
	if v == http.ErrAbortHandler { //nolint:errorlint // net/http compares it the same way
		panic(v)
	}
	if x.req.Request != nil {
		r = x.req.Request // as the route saw it, with what middleware added
	}
	id := middleware.GetReqID(r.Context())
	if id == "" {
		id = x.writer.Header().Get(middleware.RequestIDHeader)
	}
	a.settings.logger.ErrorContext(r.Context(), "petra: panic while serving a request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.String("request_id", id),
		slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
	if x.writer.started {
		panic(http.ErrAbortHandler)
	}
	writeError(x.writer.ResponseWriter, r, errInternal, a.settings.logger)
}

// startWriter is the writer [App.ServeHTTP] hands down: it records whether
// the response has started, and passes everything else through, to the
// writer it wraps and to http.ResponseController (Unwrap).
type startWriter struct {
	http.ResponseWriter
	x       *exchange
	started bool
}

// WriteHeader starts the response unless code is informational (1xx).
func (w *startWriter) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.started = true
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write starts the response and writes p.
func (w *startWriter) Write(p []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(p)
}

// ReadFrom starts the response and copies from src, with the wrapped writer's
// ReadFrom (sendfile) when it has one.
func (w *startWriter) ReadFrom(src io.Reader) (int64, error) {
	w.started = true
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(w.ResponseWriter, src)
}

// Flush starts the response and flushes it, if the wrapped writer can.
func (w *startWriter) Flush() {
	w.started = true
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection over, if the wrapped writer can; from then on
// nothing more is written.
func (w *startWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.started = true
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *startWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
