package middleware

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
	"github.com/redis/go-redis/v9"

	"github.com/go-petra/petra/petra"
)

// DefaultRateLimit is the usual [RateLimitOptions.Limit]: 60 requests per
// minute per client and path.
const DefaultRateLimit = 60

// DefaultRateLimitPrefix is the default [RateLimitOptions.RedisPrefix].
const DefaultRateLimitPrefix = "petra:ratelimit:"

// RateLimitOptions configures [RateLimit].
//
// The zero value limits nothing (Limit 0), so that a zero setting turns the
// limit off; set Limit, usually to [DefaultRateLimit], to enable it.
type RateLimitOptions struct {
	// Limit is how many requests one key (by default, one client on one path)
	// may make per Window. 0 or less disables the limit: every request passes
	// through untouched.
	Limit int
	// Window is the period Limit counts over. Zero: one minute. Negative
	// panics.
	Window time.Duration
	// TrustedProxies lists the CIDR prefixes of the reverse proxies in front of
	// the app ("10.0.0.0/8", "127.0.0.1/32"). When set, the client is read
	// from X-Forwarded-For, right to left, skipping these proxies, as chi's
	// middleware.ClientIPFromXFF does; a request whose TCP peer is not one of
	// them is keyed by that peer. Empty (the default): the client is
	// [ClientIP], the TCP peer, and forwarding headers are ignored, because any
	// client can forge them. An invalid prefix panics.
	TrustedProxies []string
	// Key, when set, returns the key a request is counted under, instead of
	// the client's IP and the path. Call [ClientIP] in it for the client: it
	// sees the IP resolved through TrustedProxies. Keying by path lets a client
	// spread requests over many paths (say, /users/1, /users/2…); a Key of
	// ClientIP alone counts all of a client's requests together.
	Key func(r *http.Request) string
	// Redis, when set (a *redis.Client, *redis.ClusterClient…), keeps the counts
	// in Redis so that every app instance sharing it enforces one combined
	// limit; nil (the default) counts in memory, per instance.
	Redis redis.UniversalClient
	// RedisPrefix starts every key the limiter writes to Redis, after the
	// "rate:" that github.com/go-redis/redis_rate adds, so that apps and tests
	// sharing a Redis keep apart. Empty: [DefaultRateLimitPrefix].
	RedisPrefix string
	// Logger receives a warning when Redis fails. Nil: slog.Default().
	Logger *slog.Logger
}

// RateLimit returns middleware that allows each key opts.Limit requests per
// opts.Window and answers the rest 429 in petra's error envelope
// ([petra.ErrTooManyRequests]) with Retry-After (whole seconds, at least 1). The
// key is the client's IP (IPv6 clients by their /64, which one client usually
// holds whole) and the request path, without a trailing slash, unless opts.Key
// says otherwise. Every counted request's answer carries X-RateLimit-Limit and
// X-RateLimit-Remaining.
//
// In memory (opts.Redis nil) it counts with github.com/go-chi/httprate's
// sliding window, and Retry-After is the window. With opts.Redis it counts with
// github.com/go-redis/redis_rate: the GCRA algorithm in one Lua script, atomic
// across instances, which allows a burst of Limit and then one request every
// Window/Limit, and Retry-After is the wait for the next one.
//
// If Redis fails (down, timing out), the request passes through and a warning
// goes to opts.Logger, at most one every 10 seconds with the number of
// failures: the limit protects the app from abuse, and turning a Redis outage
// into an outage of every API it guards (with 500s) would hurt far more
// clients than a few minutes without limits. The middleware is safe for
// concurrent use; it panics, saying why, on invalid opts.
func RateLimit(opts RateLimitOptions) func(http.Handler) http.Handler {
	if opts.Limit <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	if opts.Window < 0 {
		panic(fmt.Sprintf("middleware: RateLimit Window must be positive, got %v", opts.Window))
	}
	if opts.Window == 0 {
		opts.Window = time.Minute
	}
	for _, p := range opts.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			panic(fmt.Sprintf("middleware: RateLimit TrustedProxies has %q, which is not a CIDR prefix such as 10.0.0.0/8", p))
		}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.RedisPrefix == "" {
		opts.RedisPrefix = DefaultRateLimitPrefix
	}
	key := opts.Key
	if key == nil {
		key = clientPathKey
	}
	var lim limiter
	if opts.Redis != nil {
		lim = newRedisLimiter(opts)
	} else {
		lim = newMemoryLimiter(opts)
	}
	return func(next http.Handler) http.Handler {
		h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !lim.allow(w, r, key(r)) {
				return
			}
			next.ServeHTTP(w, r)
		}))
		if len(opts.TrustedProxies) > 0 {
			h = middleware.ClientIPFromXFF(opts.TrustedProxies...)(h)
		}
		return h
	}
}

// limiter counts a request under key. It sets the X-RateLimit-* headers and
// reports whether the request may proceed; when it may not, it has answered.
type limiter interface {
	allow(w http.ResponseWriter, r *http.Request, key string) bool
}

// clientPathKey is the default key: the client's IP and the path, so that
// /users and /users/ count together.
func clientPathKey(r *http.Request) string {
	path := strings.TrimSuffix(r.URL.Path, "/")
	return httprate.CanonicalizeIP(ClientIP(r)) + " " + path
}

// Names of the rate-limit response headers.
const (
	headerLimit      = "X-RateLimit-Limit"
	headerRemaining  = "X-RateLimit-Remaining"
	headerRetryAfter = "Retry-After"
)

// tooManyRequests answers 429 in the envelope, asking the client to wait
// retryAfter, rounded up to whole seconds and at least 1.
func tooManyRequests(w http.ResponseWriter, r *http.Request, limit int, retryAfter time.Duration) {
	secs := max(1, int64(math.Ceil(retryAfter.Seconds())))
	h := w.Header()
	h.Set(headerLimit, strconv.Itoa(limit))
	h.Set(headerRemaining, "0")
	h.Set(headerRetryAfter, strconv.FormatInt(secs, 10))
	petra.WriteError(w, r, petra.ErrTooManyRequests)
}
