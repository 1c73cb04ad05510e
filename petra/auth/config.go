package auth

import (
	"fmt"
	"log/slog"
	"time"
)

// Defaults of a [Config] whose fields are zero.
const (
	// DefaultAccessTTL is the lifetime of an access token.
	DefaultAccessTTL = 15 * time.Minute
	// DefaultRefreshTTL is the lifetime of a refresh token.
	DefaultRefreshTTL = 7 * 24 * time.Hour
	// DefaultLeeway is the clock skew tolerated when checking "exp", "nbf" and "iat".
	DefaultLeeway = 30 * time.Second
	// DefaultIssuer is the "iss" claim tokens carry and must carry.
	DefaultIssuer = "petra"
	// MinSecretLen is the shortest signing secret [NewTokens] accepts, in bytes:
	// HS256 needs a key at least as long as its 256-bit output.
	MinSecretLen = 32
)

// Config configures [Tokens]. It is a plain value that the program fills from
// its settings (petra/config's JWT section has the same fields); a zero field
// takes its default.
type Config struct {
	// Secret is the HS256 signing key, at least [MinSecretLen] bytes; there is
	// no default. NewTokens copies it.
	Secret []byte
	// Issuer is the "iss" claim of issued tokens, and the only one accepted.
	// Default: [DefaultIssuer].
	Issuer string
	// AccessTTL is the lifetime of an access token. Default: [DefaultAccessTTL].
	AccessTTL time.Duration
	// RefreshTTL is the lifetime of a refresh token; it may not be shorter than
	// AccessTTL. Default: [DefaultRefreshTTL].
	RefreshTTL time.Duration
	// Leeway is the clock skew tolerated when checking "exp", "nbf" and "iat".
	// Zero means [DefaultLeeway]; a negative Leeway means none, so a program
	// whose setting says "0" passes -1.
	Leeway time.Duration
	// Now is the clock, for tests. Default: time.Now.
	Now func() time.Time
}

// withDefaults returns c with its zero fields set and its secret copied, or an
// error naming what is wrong. The error never contains the secret.
func (c Config) withDefaults() (Config, error) {
	if len(c.Secret) < MinSecretLen {
		return c, fmt.Errorf("auth: the secret is %d bytes, it must be at least %d (e.g. from: openssl rand -hex 32)", len(c.Secret), MinSecretLen)
	}
	c.Secret = append([]byte(nil), c.Secret...)
	if c.Issuer == "" {
		c.Issuer = DefaultIssuer
	}
	if c.AccessTTL == 0 {
		c.AccessTTL = DefaultAccessTTL
	}
	if c.RefreshTTL == 0 {
		c.RefreshTTL = DefaultRefreshTTL
	}
	switch {
	case c.Leeway == 0:
		c.Leeway = DefaultLeeway
	case c.Leeway < 0:
		c.Leeway = 0
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	switch {
	case c.AccessTTL < 0 || c.RefreshTTL < 0:
		return c, fmt.Errorf("auth: token lifetimes must be positive (access %s, refresh %s)", c.AccessTTL, c.RefreshTTL)
	case c.RefreshTTL < c.AccessTTL:
		return c, fmt.Errorf("auth: the refresh token lifetime (%s) is shorter than the access token lifetime (%s)", c.RefreshTTL, c.AccessTTL)
	}
	return c, nil
}

// String describes c with the secret redacted, so that printing a Config with
// any of fmt's %v forms does not leak it.
func (c Config) String() string {
	return fmt.Sprintf("auth.Config{Secret:%s Issuer:%q AccessTTL:%s RefreshTTL:%s Leeway:%s}",
		redact(c.Secret), c.Issuer, c.AccessTTL, c.RefreshTTL, c.Leeway)
}

// GoString makes %#v redact the secret too.
func (c Config) GoString() string { return c.String() }

// LogValue implements [slog.LogValuer]; the secret is redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("secret", redact(c.Secret)),
		slog.String("issuer", c.Issuer),
		slog.Duration("access_ttl", c.AccessTTL),
		slog.Duration("refresh_ttl", c.RefreshTTL),
		slog.Duration("leeway", c.Leeway),
	)
}

// redact shows whether a secret is set, never what it is.
func redact(secret []byte) string {
	if len(secret) == 0 {
		return `""`
	}
	return "[redacted]"
}
