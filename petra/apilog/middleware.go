package apilog

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	chimw "github.com/go-chi/chi/v5/middleware"

	"github.com/go-petra/petra/petra/middleware"
)

// ShowPath is where [Module] serves the API log. Requests to it are never
// logged, so that reading the log does not grow it.
const ShowPath = "/hello-petra/api/show-api-logs"

// ctxKey finds a request's [recording] in its context; one Logger's
// recordings are invisible to another.
type ctxKey struct{ l *Logger }

// recording is what inner middleware tells Middleware about its request.
type recording struct {
	inner atomic.Pointer[http.Request] // the request Identify saw, if any
}

// Middleware records every request that passes through it, in chi's shape
// (app.Use(logs.Middleware)): method, path, query string, status, duration,
// client IP ([middleware.ClientIP]), request ID ([middleware.RequestIDFrom]),
// user ([Options].User) and the bodies, capped and redacted (see the package
// documentation).
//
// It never slows or breaks the request: the handler reads the whole body
// while a copy of its first bytes is kept, the response is copied as it is
// written (Flush, Hijack and ReadFrom keep working, through chi's
// WrapResponseWriter), and the entry is handed to the writer goroutine
// without waiting, or dropped if its queue is full. A request body is
// recorded as far as the handler read it. A handler that panics is recorded
// with status 500 and the panic goes on to the recoverer outside.
//
// Place it after [middleware.RequestID] and after CORS, whose preflight
// answers are noise in an API log; to see the user of requests that an
// authentication middleware further in lets through, add [Logger.Identify]
// after that middleware.
func (l *Logger) Middleware(next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l.closed.Load() || l.skipped(r) {
			next.ServeHTTP(w, r)
			return
		}
		// About 10 allocations per request in all: the recording, the
		// context and request copy, the body tee and its buffer, chi's
		// wrapper, the response copy and the entry. Redaction and the SQL
		// happen in the writer.
		start := time.Now()
		rec := &recording{}
		r2 := r.WithContext(context.WithValue(r.Context(), ctxKey{l}, rec))
		var tee *bodyTee
		if r.Body != nil && r.Body != http.NoBody {
			tee = newBodyTee(r.Body, l.maxBody, r.ContentLength)
			r2.Body = tee
		}
		ww := chimw.NewWrapResponseWriter(w, r.ProtoMajor)
		resp := &capture{max: l.maxBody}
		if l.maxBody > 0 {
			ww.Tee(resp)
		}
		completed := false
		defer func() {
			l.record(start, r2, rec, tee, ww, resp, completed)
		}()
		next.ServeHTTP(ww, r2)
		completed = true
	})
}

// Identify is middleware that shows [Logger.Middleware] the request as the
// middleware before it left it, so that [Options].User sees the principal
// an authentication middleware put in the context:
//
//	app.Use(middleware.RequestID, logs.Middleware, tokens.Middleware, logs.Identify)
//
// Requests the authentication middleware rejects are still logged, without
// a user. Without Identify, User sees the request as Middleware received it.
// Identify does nothing for requests Middleware does not log.
func (l *Logger) Identify(next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec, ok := r.Context().Value(ctxKey{l}).(*recording); ok {
			rec.inner.Store(r)
		}
		next.ServeHTTP(w, r)
	})
}

// skipped reports whether r is not to be logged.
func (l *Logger) skipped(r *http.Request) bool {
	return strings.TrimSuffix(r.URL.Path, "/") == ShowPath || l.skip != nil && l.skip(r)
}

// record builds the entry of a finished request and queues it.
func (l *Logger) record(start time.Time, r *http.Request, rec *recording, tee *bodyTee,
	ww chimw.WrapResponseWriter, resp *capture, completed bool) {
	code := ww.Status()
	switch {
	case !completed && code == 0:
		code = http.StatusInternalServerError // panicked before answering
	case code == 0:
		code = http.StatusOK // net/http's answer to a handler that wrote nothing
	}
	inner := r
	if ir := rec.inner.Load(); ir != nil {
		inner = ir
	}
	e := &entry{
		created:   start,
		method:    r.Method,
		path:      r.URL.EscapedPath(),
		rawQuery:  r.URL.RawQuery,
		status:    code,
		duration:  time.Since(start),
		clientIP:  middleware.ClientIP(inner),
		requestID: middleware.RequestIDFrom(inner.Context()),
		header:    r.Header,
		response: body{
			contentType: ww.Header().Get("Content-Type"),
			data:        resp.data,
			size:        int64(ww.BytesWritten()),
			complete:    int64(len(resp.data)) == int64(ww.BytesWritten()),
		},
	}
	if l.user != nil {
		e.user = l.user(inner)
	}
	if tee != nil {
		e.request = tee.seal(r.Header.Get("Content-Type"))
	}
	l.enqueue(e)
}
