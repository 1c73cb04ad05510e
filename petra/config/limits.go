package config

import (
	"log/slog"
	"net/url"
	"strings"
)

// Defaults of the rate limit and API log settings.
const (
	DefaultRateLimitPerMinute = 60
	DefaultAPILogMaxBody      = 4096
)

// RateLimit configures the per-client request rate limit.
type RateLimit struct {
	// PerMinute is RATE_LIMIT_PER_MINUTE, the requests a client may make per
	// minute (default 60; 0 disables the limit).
	PerMinute int
	// RedisURL is REDIS_URL (redis://, rediss:// or unix://), the store that
	// shares the counts across instances; empty (the default) counts in
	// memory, per instance. It may hold a password, hence a [Secret]: pass
	// string(RedisURL) to redis.ParseURL.
	RedisURL Secret
}

// Enabled reports whether requests are limited (PerMinute > 0).
func (r RateLimit) Enabled() bool { return r.PerMinute > 0 }

// LogValue implements [slog.LogValuer]; the Redis URL is shown without its
// password.
func (r RateLimit) LogValue() slog.Value {
	redis := ""
	if r.RedisURL != "" {
		if u, err := url.Parse(string(r.RedisURL)); err == nil {
			redis = u.Redacted()
		}
	}
	return slog.GroupValue(slog.Int("per_minute", r.PerMinute), slog.String("redis_url", redis))
}

// APILog configures the API log, which records each request and response
// with their bodies.
type APILog struct {
	// Enabled is API_LOG_ENABLED (default false).
	Enabled bool
	// MaxBody is API_LOG_MAX_BODY, how many bytes of each body are kept
	// (default 4096; 0 keeps none). Sizes as for BODY_LIMIT.
	MaxBody int64
}

// LogValue implements [slog.LogValuer].
func (a APILog) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("enabled", a.Enabled), slog.Int64("max_body", a.MaxBody))
}

// rateLimit reads RATE_LIMIT_PER_MINUTE and REDIS_URL.
func (l *loader) rateLimit() RateLimit {
	r := RateLimit{PerMinute: l.integer("RATE_LIMIT_PER_MINUTE", DefaultRateLimitPerMinute, 0)}
	raw, ok := l.secret("REDIS_URL")
	if !ok {
		return r
	}
	raw = Secret(strings.TrimSpace(string(raw)))
	u, err := url.Parse(string(raw))
	switch {
	case err != nil:
		l.fail("REDIS_URL", "is not a valid URL: %s", urlProblem(err))
	case u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix":
		l.fail("REDIS_URL", "is not a redis://, rediss:// or unix:// URL")
	case u.Scheme != "unix" && u.Host == "":
		l.fail("REDIS_URL", "has no host (e.g. redis://localhost:6379/0)")
	default:
		r.RedisURL = raw
	}
	return r
}

// apiLog reads API_LOG_ENABLED and API_LOG_MAX_BODY.
func (l *loader) apiLog() APILog {
	return APILog{
		Enabled: l.boolean("API_LOG_ENABLED", false),
		MaxBody: l.size("API_LOG_MAX_BODY", DefaultAPILogMaxBody, false),
	}
}
