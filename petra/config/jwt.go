package config

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Defaults of the JWT settings.
const (
	DefaultJWTAccessTTL  = 15 * time.Minute
	DefaultJWTRefreshTTL = 7 * 24 * time.Hour
	DefaultJWTIssuer     = "petra"
	DefaultJWTLeeway     = 30 * time.Second
	// MinJWTSecretLen is the shortest JWT_SECRET production accepts, in bytes.
	MinJWTSecretLen = 32
	// MinJWTSecretDistinct is the fewest distinct byte values a JWT_SECRET
	// production accepts. It refuses a key of one repeated byte, of spaces,
	// or a short pattern repeated; any random key (openssl rand -hex 32 has
	// about 16, -base64 32 about 30) passes.
	MinJWTSecretDistinct = 10
)

// JWT configures the bearer tokens petra/auth issues and checks.
type JWT struct {
	// Secret is JWT_SECRET, the HMAC signing key (use []byte(Secret)), at
	// least 32 bytes in every environment (petra/auth signs with no less);
	// production also refuses an obviously weak one. In development an unset secret
	// is replaced by 32 random bytes, hex-encoded, and Generated is set, so
	// tokens stop working when the process restarts.
	Secret Secret
	// Generated reports that JWT_SECRET was not set and Secret is random, for
	// this run only. It is not among the settings' Warnings, which every
	// command logs: [JWT.Warning] is for the one that serves.
	Generated bool
	// AccessTTL is JWT_ACCESS_TTL, the lifetime of an access token (default 15m).
	AccessTTL time.Duration
	// RefreshTTL is JWT_REFRESH_TTL, the lifetime of a refresh token
	// (default 168h; never shorter than AccessTTL).
	RefreshTTL time.Duration
	// Issuer is JWT_ISSUER, the "iss" claim (default "petra").
	Issuer string
	// Leeway is JWT_LEEWAY, the clock skew tolerated when checking "exp" and
	// "nbf" (default 30s).
	Leeway time.Duration
}

// LogValue implements [slog.LogValuer]; the secret is redacted.
func (j JWT) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("secret", j.Secret.String()),
		slog.Duration("access_ttl", j.AccessTTL),
		slog.Duration("refresh_ttl", j.RefreshTTL),
		slog.String("issuer", j.Issuer),
		slog.Duration("leeway", j.Leeway),
	)
}

// jwt reads the JWT_* keys.
func (l *loader) jwt(env Environment) JWT {
	j := JWT{
		AccessTTL:  l.duration("JWT_ACCESS_TTL", DefaultJWTAccessTTL, true),
		RefreshTTL: l.duration("JWT_REFRESH_TTL", DefaultJWTRefreshTTL, true),
		Issuer:     l.str("JWT_ISSUER", DefaultJWTIssuer),
		Leeway:     l.duration("JWT_LEEWAY", DefaultJWTLeeway, false),
	}
	if j.RefreshTTL < j.AccessTTL {
		l.fail("JWT_REFRESH_TTL", "%s is shorter than JWT_ACCESS_TTL (%s)", j.RefreshTTL, j.AccessTTL)
	}

	secret, ok := l.secret("JWT_SECRET")
	switch {
	case !ok && env == Production:
		l.fail("JWT_SECRET", "must be set in production (at least %d bytes, e.g. from: openssl rand -hex 32)", MinJWTSecretLen)
	case len(secret) < MinJWTSecretLen && env == Production:
		l.fail("JWT_SECRET", "is shorter than %d bytes, too weak for production (e.g. use: openssl rand -hex 32)", MinJWTSecretLen)
	case weakSecret(secret) && env == Production:
		l.fail("JWT_SECRET", "has fewer than %d distinct bytes (or only white space), too weak for production (e.g. use: openssl rand -hex 32)", MinJWTSecretDistinct)
	case !ok:
		secret, j.Generated = randomSecret(), true
	case len(secret) < MinJWTSecretLen:
		l.fail("JWT_SECRET", "is shorter than %d bytes, which token signing refuses in any environment (e.g. use: openssl rand -hex 32)", MinJWTSecretLen)
	case weakSecret(secret):
		l.warn("JWT_SECRET has fewer than %d distinct bytes (or only white space); production would refuse it", MinJWTSecretDistinct)
	}
	j.Secret = secret
	return j
}

// Warning returns what a server that issues tokens should log about the
// secret: that it is random for this run when Generated, "" otherwise.
func (j JWT) Warning() string {
	if !j.Generated {
		return ""
	}
	return fmt.Sprintf("config: JWT_SECRET is not set; using a random secret for this run, so tokens stop working on restart (set it to at least %d bytes, e.g. openssl rand -hex 32)", MinJWTSecretLen)
}

// randomSecret returns 32 random bytes, hex-encoded. crypto/rand.Read does
// not fail (since Go 1.24 it crashes the program rather than return less).
func randomSecret() Secret {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return Secret(hex.EncodeToString(b))
}

// weakSecret reports whether s is white space only or has fewer than
// MinJWTSecretDistinct distinct bytes.
func weakSecret(s Secret) bool {
	if strings.TrimSpace(string(s)) == "" {
		return true
	}
	var seen [256]bool
	distinct := 0
	for i := 0; i < len(s); i++ {
		if !seen[s[i]] {
			seen[s[i]] = true
			distinct++
		}
	}
	return distinct < MinJWTSecretDistinct
}
