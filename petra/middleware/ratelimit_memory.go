package middleware

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/httprate"
)

// memoryLimiter counts in this process with httprate's sliding window.
type memoryLimiter struct {
	rl     *httprate.RateLimiter
	limit  int
	window time.Duration
}

func newMemoryLimiter(opts RateLimitOptions) *memoryLimiter {
	logger := opts.Logger
	rl := httprate.NewRateLimiter(opts.Limit, opts.Window,
		// httprate sets these two; Retry-After is set by tooManyRequests.
		httprate.WithResponseHeaders(httprate.ResponseHeaders{Limit: headerLimit, Remaining: headerRemaining}),
		// httprate's in-memory counter documents that it never fails; this
		// only keeps httprate from answering 428 itself if that changes.
		httprate.WithErrorHandler(func(_ http.ResponseWriter, r *http.Request, err error) {
			logger.WarnContext(r.Context(), "middleware: rate limit counter failed", slog.Any("error", err))
		}),
	)
	return &memoryLimiter{rl: rl, limit: opts.Limit, window: opts.Window}
}

func (m *memoryLimiter) allow(w http.ResponseWriter, r *http.Request, key string) bool {
	if !m.rl.OnLimit(w, r, key) {
		return true
	}
	// The sliding window frees a slot within one window.
	tooManyRequests(w, r, m.limit, m.window)
	return false
}
