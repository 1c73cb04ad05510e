package middleware

import (
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// errPanic is what [Recover] answers: a plain 500, which petra.WriteError does
// not log again, since Recover has logged the panic.
var errPanic = petra.NewError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")

// Recover returns middleware that turns a panic in the handlers it wraps into
// a 500 in petra's error envelope, after logging the panic value and the stack
// to logger (nil: slog.Default()) with the method, path and request ID.
// A [petra.App] already recovers this way; Recover is for handlers served
// outside one (a plain chi router, a health check, a file server).
//
// A panic with http.ErrAbortHandler is passed on untouched: it is how a
// handler asks net/http to abort the response. If the handler had already
// started its response, no envelope can follow it: the panic is logged and the
// response aborted with http.ErrAbortHandler, so that the client sees a broken
// response rather than a truncated one that looks complete. Recover is safe for
// concurrent use.
func Recover(logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor) // 1 alloc: to know if the answer started
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler { //nolint:errorlint // net/http compares it the same way
					panic(v)
				}
				logger.ErrorContext(r.Context(), "middleware: panic while serving a request",
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.String("request_id", middleware.GetReqID(r.Context())),
					slog.Any("panic", v),
					slog.String("stack", string(debug.Stack())))
				if ww.Status() != 0 {
					panic(http.ErrAbortHandler)
				}
				petra.WriteError(w, r, errPanic)
			}()
			next.ServeHTTP(ww, r)
		})
	}
}
