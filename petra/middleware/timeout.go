package middleware

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// ErrTimeout (503) is the answer of [Timeout] to a request whose handler has
// not finished by the deadline.
var ErrTimeout = petra.NewError(status.HTTP_503_SERVICE_UNAVAILABLE, "The request took too long to complete, try again later")

// Timeout returns middleware that gives each request d to be answered. The
// request's context gets a deadline d from now, so that database calls and
// other context-aware work stop at it, and the handler runs in its own
// goroutine with a writer that buffers the response until the handler
// returns. A handler that returns having written its whole response before
// the deadline is answered as it wrote; otherwise the client gets [ErrTimeout],
// 503 in petra's error envelope, at the deadline, and the handler's writes
// from then on are discarded, failing with http.ErrHandlerTimeout. So a client
// gets either the whole response or the 503, never half of one. This is
// http.TimeoutHandler's design, answering with the envelope.
//
// Because responses are buffered, do not wrap handlers that stream (server-sent
// events, large downloads) or that need http.Flusher or http.Hijacker: scope
// Timeout to the routes that need it with [petra.Module].Middleware. A panic in
// the handler before the answer is re-raised in the serving goroutine for the
// recoverer outside (a [petra.App], [Recover]); one after it can only be
// logged, to slog.Default(). When the connection ends or fails before the
// deadline (a client gone, a body sent too slowly), the handler, whose context
// is then canceled, still answers, up to the deadline: a slow body is petra's
// 408, not a 503. A d of zero or less leaves requests untouched. Timeout is safe
// for concurrent use.
func Timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if d <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			tw := &timeoutWriter{ctx: ctx, h: make(http.Header), w: w}
			done := make(chan struct{})
			panicked := make(chan any, 1)
			go func() {
				defer func() {
					if p := recover(); p != nil {
						tw.handlerPanicked(r, p, panicked)
					}
				}()
				next.ServeHTTP(tw, r.WithContext(ctx))
				close(done)
			}()
			select {
			case p := <-panicked:
				panic(p)
			case <-done:
			case <-ctx.Done():
				if ctx.Err() == context.Canceled { //nolint:errorlint // context's own value
					// Not the deadline: the connection ended or failed to
					// read (a body too slow), and the handler, its context
					// canceled, is answering that. Wait for it, up to d.
					waitHandler(ctx, done, panicked)
				}
			}
			tw.mu.Lock()
			defer tw.mu.Unlock()
			select { // the handler may have panicked or finished as the deadline came
			case p := <-panicked:
				panic(p)
			case <-done:
				if tw.err == nil {
					tw.answered = true
					tw.commit(w)
					return
				}
			default:
			}
			tw.err = http.ErrHandlerTimeout
			tw.answered = true
			petra.WriteError(w, r, ErrTimeout)
		})
	}
}

// timeoutWriter buffers the response of a handler run by [Timeout]. Its
// header map belongs to the handler's goroutine until the handler returns;
// everything else is guarded by mu.
type timeoutWriter struct {
	ctx context.Context // the handler's, with the deadline
	h   http.Header
	w   http.ResponseWriter // the connection's, written only by the serving goroutine

	mu          sync.Mutex
	buf         bytes.Buffer
	err         error // http.ErrHandlerTimeout once the deadline has passed
	answered    bool  // the serving goroutine has answered; nothing waits for the handler
	wroteHeader bool
	code        int
}

// Header returns the handler's header map, copied to the response when the
// handler returns in time.
func (tw *timeoutWriter) Header() http.Header { return tw.h }

// Write buffers p, or fails with http.ErrHandlerTimeout after the deadline.
func (tw *timeoutWriter) Write(p []byte) (int, error) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.expiredLocked() {
		return 0, tw.err
	}
	if !tw.wroteHeader {
		tw.writeHeaderLocked(http.StatusOK)
	}
	return tw.buf.Write(p)
}

// WriteHeader records the status, which is sent when the handler returns in
// time. Like net/http, it panics on a code outside 100–999.
func (tw *timeoutWriter) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.expiredLocked() || tw.wroteHeader {
		return
	}
	tw.writeHeaderLocked(code)
}

// SetReadDeadline sets the read deadline of the connection, as
// http.ResponseController does, so that petra's pace on request bodies
// reaches it through Timeout; once Timeout has answered, the connection is no
// longer the handler's, and it fails with http.ErrHandlerTimeout.
func (tw *timeoutWriter) SetReadDeadline(deadline time.Time) error {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.answered {
		return http.ErrHandlerTimeout
	}
	return http.NewResponseController(tw.w).SetReadDeadline(deadline)
}

// expiredLocked reports whether the deadline has passed,
// marking the response as timed out the first time it sees so: a response
// completes only if all of it is written in time.
func (tw *timeoutWriter) expiredLocked() bool {
	if tw.err == nil && tw.ctx.Err() == context.DeadlineExceeded { //nolint:errorlint // context's own value
		tw.err = http.ErrHandlerTimeout
	}
	return tw.err != nil
}

func (tw *timeoutWriter) writeHeaderLocked(code int) {
	if code < 200 { // informational answers are not buffered; the final one follows
		return
	}
	tw.wroteHeader = true
	tw.code = code
}

// commit sends the buffered response to w. The handler has returned, so its
// header map is no longer written to.
func (tw *timeoutWriter) commit(w http.ResponseWriter) {
	dst := w.Header()
	for k, vv := range tw.h {
		dst[k] = vv
	}
	if !tw.wroteHeader {
		tw.code = http.StatusOK
	}
	w.WriteHeader(tw.code)
	_, _ = w.Write(tw.buf.Bytes())
}

// handlerPanicked hands the handler's panic p to the serving goroutine, or,
// once the deadline has been answered and nothing waits for it, logs it.
func (tw *timeoutWriter) handlerPanicked(r *http.Request, p any, panicked chan<- any) {
	tw.mu.Lock()
	late := tw.answered
	if !late {
		panicked <- p // buffered: never blocks
	}
	tw.mu.Unlock()
	if late && p != http.ErrAbortHandler { //nolint:errorlint // net/http compares it the same way
		slog.Default().ErrorContext(r.Context(), "middleware: panic in a handler that had timed out",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Any("panic", p),
			slog.String("stack", string(debug.Stack())))
	}
}

// waitHandler waits, at most until ctx's deadline, for the handler run by
// Timeout to finish, re-raising its panic.
func waitHandler(ctx context.Context, done <-chan struct{}, panicked <-chan any) {
	deadline, _ := ctx.Deadline() // Timeout's context.WithTimeout sets it
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case p := <-panicked:
		panic(p)
	case <-done:
	case <-timer.C:
	}
}
