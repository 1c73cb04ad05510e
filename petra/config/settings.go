package config

import (
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"
)

// Environment is the mode petra runs in. It picks some defaults
// (DB_MIGRATE_ON_START) and how strict the checks are (JWT_SECRET).
type Environment string

// The environments PETRA_ENV accepts.
const (
	Development Environment = "development" // the default: local work, friendly defaults
	Production  Environment = "production"  // strict: no generated secrets, no auto-migrate
)

// Defaults of the server settings.
const (
	DefaultAddr            = "127.0.0.1:8000"
	DefaultBodyLimit       = 1 << 20 // 1 MiB
	DefaultShutdownTimeout = 10 * time.Second
)

// Settings is petra's configuration, read once at start-up by [Load] or
// [LoadFrom]. Every field holds a valid, defaulted value. Settings is plain
// data: read it from any goroutine, but do not change it while others read.
// Secrets are of type [Secret], so printing or logging Settings never
// reveals them.
type Settings struct {
	// Env is PETRA_ENV: Development (default) or Production.
	Env Environment
	// Addr is PETRA_ADDR, the host:port the server listens on
	// (default "127.0.0.1:8000"; ":8000" listens on every interface).
	Addr string
	// BaseURL is PETRA_BASE_URL, the public absolute http(s) URL of the API
	// without a trailing slash, used to build absolute links such as
	// pagination URLs. Empty when unset: links are then built from the request.
	BaseURL string
	// BodyLimit is BODY_LIMIT, the largest request body in bytes
	// (default 1 MiB; always more than zero).
	BodyLimit int64
	// ShutdownTimeout is SHUTDOWN_TIMEOUT, how long a graceful shutdown waits
	// for in-flight requests (default 10s; always more than zero).
	ShutdownTimeout time.Duration

	Database Database // DB_* and DATABASE_URL
	JWT      JWT      // JWT_*
	// PasswordHashCost is PASSWORD_HASH_COST, bcrypt's cost for new password
	// hashes (default 10, from 4 to 31; each step doubles the time).
	PasswordHashCost int
	CORS             CORS      // CORS_*
	RateLimit        RateLimit // RATE_LIMIT_PER_MINUTE and REDIS_URL
	APILog           APILog    // API_LOG_*
	Log              Log       // LOG_FORMAT and LOG_LEVEL; see [Logger]
	// Docs is PETRA_DOCS: whether the app serves its OpenAPI document
	// (/openapi.json, /openapi.yaml) and docs UI (/docs). Default: true in
	// development, false in production.
	Docs bool
	Jobs Jobs // JOBS_ENABLED and JOBS_DATABASE_URL

	// Warnings are problems that do not stop start-up, such as a generated
	// development JWT secret, a DATABASE_URL that hides DB_* keys, or an
	// unknown petra key in the .env file. Load returns them instead of
	// logging them; the caller should log each one (slog.Warn).
	Warnings []string

	batteries map[string]string // MAIL_* and STORAGE_*, for Lookup
}

// IsProduction reports whether PETRA_ENV is "production".
func (s *Settings) IsProduction() bool { return s.Env == Production }

// IsDevelopment reports whether PETRA_ENV is "development" (the default).
func (s *Settings) IsDevelopment() bool { return s.Env == Development }

// LogValue implements [slog.LogValuer]: the settings as nested groups, with
// every secret redacted. Its receiver is a value so that both Settings and
// *Settings log this way.
func (s Settings) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("env", string(s.Env)),
		slog.String("addr", s.Addr),
		slog.String("base_url", s.BaseURL),
		slog.Int64("body_limit", s.BodyLimit),
		slog.Duration("shutdown_timeout", s.ShutdownTimeout),
		slog.Any("database", s.Database),
		slog.Any("jwt", s.JWT),
		slog.Int("password_hash_cost", s.PasswordHashCost),
		slog.Any("cors", s.CORS),
		slog.Any("rate_limit", s.RateLimit),
		slog.Any("api_log", s.APILog),
		slog.Any("log", s.Log),
		slog.Any("jobs", s.Jobs),
	)
}

// server reads the top-level keys: PETRA_ENV, PETRA_ADDR, PETRA_BASE_URL,
// BODY_LIMIT and SHUTDOWN_TIMEOUT.
func (l *loader) server(s *Settings) {
	s.Env = Development
	if v, ok := l.value("PETRA_ENV"); ok {
		switch env := Environment(strings.ToLower(v)); env {
		case Development, Production:
			s.Env = env
		default:
			l.fail("PETRA_ENV", "%q is not an environment (use development or production)", v)
		}
	}

	s.Addr = l.str("PETRA_ADDR", DefaultAddr)
	if _, port, err := net.SplitHostPort(s.Addr); err != nil {
		l.fail("PETRA_ADDR", "%q is not host:port (e.g. 127.0.0.1:8000 or :8000)", s.Addr)
		s.Addr = DefaultAddr
	} else if _, ok := parsePort(port); !ok {
		l.fail("PETRA_ADDR", "%q does not end in a port number (0-65535)", s.Addr)
		s.Addr = DefaultAddr
	}

	if v, ok := l.value("PETRA_BASE_URL"); ok {
		s.BaseURL = l.baseURL(v)
	}
	s.BodyLimit = l.size("BODY_LIMIT", DefaultBodyLimit, true)
	s.ShutdownTimeout = l.duration("SHUTDOWN_TIMEOUT", DefaultShutdownTimeout, true)
}

// baseURL validates PETRA_BASE_URL and drops a trailing slash.
func (l *loader) baseURL(v string) string {
	u, err := url.Parse(v)
	switch {
	case err == nil && u.User != nil: // checked first: never echo a password
		l.fail("PETRA_BASE_URL", "must not contain a user name or password")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		l.fail("PETRA_BASE_URL", "%q is not an absolute http(s) URL (e.g. https://api.example.com)", v)
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		l.fail("PETRA_BASE_URL", "%q must not have a query or fragment", v)
	default:
		return strings.TrimRight(v, "/")
	}
	return ""
}
