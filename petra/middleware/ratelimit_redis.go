package middleware

import (
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
)

// redisWarnEvery is the least time between two warnings about Redis failing,
// so that an outage logs a line every few seconds, not one per request.
const redisWarnEvery = 10 * time.Second

// maxRedisKey is the longest key (after the prefix) stored as it is; longer
// ones, which only unusual paths make, are hashed so that a client cannot make
// the limiter store large keys.
const maxRedisKey = 200

// redisLimiter counts in Redis with redis_rate's GCRA script, so that every
// instance sharing the Redis enforces one limit.
type redisLimiter struct {
	lim    *redis_rate.Limiter
	limit  redis_rate.Limit
	prefix string
	logger *slog.Logger

	failures atomic.Int64 // since the last warning
	lastWarn atomic.Int64 // unix nanoseconds of the last warning, 0 for none
}

func newRedisLimiter(opts RateLimitOptions) *redisLimiter {
	return &redisLimiter{
		lim:    redis_rate.NewLimiter(opts.Redis),
		limit:  redis_rate.Limit{Rate: opts.Limit, Burst: opts.Limit, Period: opts.Window},
		prefix: opts.RedisPrefix,
		logger: opts.Logger,
	}
}

func (l *redisLimiter) allow(w http.ResponseWriter, r *http.Request, key string) bool {
	if len(key) > maxRedisKey {
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	res, err := l.lim.Allow(r.Context(), l.prefix+key, l.limit)
	if err != nil {
		// Fail open: see RateLimit. A request whose client has gone away
		// fails here too, and is no news.
		if r.Context().Err() == nil {
			l.warn(r, err)
		}
		return true
	}
	if res.Allowed == 0 {
		tooManyRequests(w, r, l.limit.Rate, res.RetryAfter)
		return false
	}
	h := w.Header()
	h.Set(headerLimit, strconv.Itoa(l.limit.Rate))
	h.Set(headerRemaining, strconv.Itoa(res.Remaining))
	return true
}

// warn logs that Redis failed, unless it did so less than redisWarnEvery ago.
func (l *redisLimiter) warn(r *http.Request, err error) {
	failures := l.failures.Add(1)
	now := time.Now().UnixNano()
	last := l.lastWarn.Load()
	if last != 0 && now-last < int64(redisWarnEvery) || !l.lastWarn.CompareAndSwap(last, now) {
		return
	}
	l.failures.Add(-failures)
	l.logger.WarnContext(r.Context(), "middleware: rate limit store (Redis) failed; letting requests through unlimited until it is back",
		slog.Any("error", err), slog.Int64("failures", failures))
}
