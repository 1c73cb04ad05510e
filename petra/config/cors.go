package config

import (
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Defaults of the CORS lists (copied, never handed out).
var (
	defaultCORSAllowedOrigins = []string{"http://localhost:3000"}
	defaultCORSAllowedMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	defaultCORSAllowedHeaders = []string{"Accept", "Authorization", "Content-Type", "X-Request-ID"}
)

// DefaultCORSMaxAge is the default of CORS_MAX_AGE.
const DefaultCORSMaxAge = 300 * time.Second

// CORS configures cross-origin requests, in the terms of
// github.com/go-chi/cors.Options.
type CORS struct {
	// AllowedOrigins is CORS_ALLOWED_ORIGINS, a comma-separated list of
	// origins (scheme://host[:port], no path; one "*" wildcard in the host is
	// allowed, as in https://*.example.com) or "*" for any origin
	// (default http://localhost:3000).
	AllowedOrigins []string
	// AllowedMethods is CORS_ALLOWED_METHODS, upper-cased
	// (default GET,POST,PUT,PATCH,DELETE,OPTIONS).
	AllowedMethods []string
	// AllowedHeaders is CORS_ALLOWED_HEADERS
	// (default Accept,Authorization,Content-Type,X-Request-ID).
	AllowedHeaders []string
	// AllowCredentials is CORS_ALLOW_CREDENTIALS (default false). It cannot
	// be combined with a "*" origin.
	AllowCredentials bool
	// MaxAge is CORS_MAX_AGE, how long browsers may cache a preflight answer:
	// whole seconds ("300") or a Go duration ("5m"); default 300s. go-chi/cors
	// takes it as int(MaxAge / time.Second).
	MaxAge time.Duration
}

// LogValue implements [slog.LogValuer].
func (c CORS) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("allowed_origins", strings.Join(c.AllowedOrigins, ",")),
		slog.String("allowed_methods", strings.Join(c.AllowedMethods, ",")),
		slog.String("allowed_headers", strings.Join(c.AllowedHeaders, ",")),
		slog.Bool("allow_credentials", c.AllowCredentials),
		slog.Duration("max_age", c.MaxAge),
	)
}

// cors reads the CORS_* keys.
func (l *loader) cors() CORS {
	c := CORS{
		AllowedOrigins:   l.list("CORS_ALLOWED_ORIGINS", defaultCORSAllowedOrigins),
		AllowedMethods:   l.list("CORS_ALLOWED_METHODS", defaultCORSAllowedMethods),
		AllowedHeaders:   l.list("CORS_ALLOWED_HEADERS", defaultCORSAllowedHeaders),
		AllowCredentials: l.boolean("CORS_ALLOW_CREDENTIALS", false),
		MaxAge:           l.seconds("CORS_MAX_AGE", DefaultCORSMaxAge),
	}
	anyOrigin := false
	for _, o := range c.AllowedOrigins {
		if o == "*" {
			anyOrigin = true
		} else if !isOrigin(o) {
			l.fail("CORS_ALLOWED_ORIGINS", "%q is not an origin (want scheme://host[:port] with no path, or *)", o)
		}
	}
	if anyOrigin && c.AllowCredentials {
		l.fail("CORS_ALLOWED_ORIGINS", `"*" cannot be combined with CORS_ALLOW_CREDENTIALS=true (browsers refuse it): list the origins, or turn credentials off`)
	}
	for i, m := range c.AllowedMethods {
		if !isToken(m) {
			l.fail("CORS_ALLOWED_METHODS", "%q is not an HTTP method", m)
		}
		c.AllowedMethods[i] = strings.ToUpper(m)
	}
	for _, h := range c.AllowedHeaders {
		if h != "*" && !isToken(h) {
			l.fail("CORS_ALLOWED_HEADERS", "%q is not a header name", h)
		}
	}
	return c
}

// isOrigin reports whether s is scheme://host[:port] with no path, query,
// fragment or user, as a browser sends in the Origin header.
func isOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.User == nil && u.Path == "" && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery &&
		strings.Count(u.Host, "*") <= 1
}
