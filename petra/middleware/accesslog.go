package middleware

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// AccessLog returns middleware that logs one line per request to logger (nil:
// slog.Default()), once the response is written, with the attributes method,
// path, status, bytes (of the body), duration, request_id (see [RequestID];
// empty without it) and client_ip (see [ClientIP]). The level follows the
// status: Error for 5xx, Warn for 4xx, Info otherwise.
//
// It never logs bodies, headers (so never Authorization or cookies) or the
// query string, which often carries tokens: path is r.URL.Path alone. A
// handler that panics is logged with status 500, and the panic goes on to the
// recoverer outside (such as a [petra.App]'s). Put AccessLog after [RequestID],
// so that lines carry the ID, and before the middleware whose answers it
// should see (rate limit, timeout). It is safe for concurrent use.
func AccessLog(logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor) // 1 alloc
			completed := false
			defer func() {
				code := ww.Status()
				switch {
				case !completed && code == 0:
					code = http.StatusInternalServerError // panicked before answering
				case code == 0:
					code = http.StatusOK // net/http's answer to a handler that wrote nothing
				}
				level := slog.LevelInfo
				switch {
				case code >= 500:
					level = slog.LevelError
				case code >= 400:
					level = slog.LevelWarn
				}
				logger.LogAttrs(r.Context(), level, "request",
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.Int("status", code),
					slog.Int("bytes", ww.BytesWritten()),
					slog.Duration("duration", time.Since(start)),
					slog.String("request_id", middleware.GetReqID(r.Context())),
					slog.String("client_ip", ClientIP(r)),
				)
			}()
			next.ServeHTTP(ww, r)
			completed = true
		})
	}
}
