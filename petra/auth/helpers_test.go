package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/status"
)

// testSecret is 32 bytes, the shortest secret NewTokens accepts.
var testSecret = []byte("0123456789abcdef0123456789abcdef")

// epoch is the fixed time test tokens are issued at.
var epoch = time.Date(2030, time.January, 2, 3, 4, 5, 0, time.UTC)

// newTokens returns Tokens with testSecret and a clock that reads *now
// (epoch when now is nil); edit changes the config first.
func newTokens(t testing.TB, now *time.Time, edit func(*auth.Config)) *auth.Tokens {
	t.Helper()
	if now == nil {
		fixed := epoch
		now = &fixed
	}
	cfg := auth.Config{Secret: testSecret, Now: func() time.Time { return *now }}
	if edit != nil {
		edit(&cfg)
	}
	tokens, err := auth.NewTokens(cfg)
	require.NoError(t, err)
	return tokens
}

// validClaims returns the claims of an access token for "user-1" issued at
// epoch by the default issuer, for tests to spoil.
func validClaims() auth.Claims {
	return auth.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    auth.DefaultIssuer,
			Subject:   "user-1",
			ExpiresAt: jwt.NewNumericDate(epoch.Add(auth.DefaultAccessTTL)),
			NotBefore: jwt.NewNumericDate(epoch),
			IssuedAt:  jwt.NewNumericDate(epoch),
			ID:        "test-jti",
		},
		Type: auth.AccessToken,
	}
}

// sign signs claims with method and key, as an attacker or another app would.
func sign(t testing.TB, method jwt.SigningMethod, key any, claims jwt.Claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	require.NoError(t, err)
	return s
}

// requireUnauthorized checks that err is a 401 *petra.Error with message.
func requireUnauthorized(t testing.TB, err error, message string) {
	t.Helper()
	require.Error(t, err)
	var pe *petra.Error
	require.True(t, errors.As(err, &pe), "%v is not a *petra.Error", err)
	require.Equal(t, status.HTTP_401_UNAUTHORIZED, pe.Code)
	require.Equal(t, message, pe.Message)
	require.Equal(t, `Bearer error="invalid_token", error_description="`+message+`"`, pe.Header.Get("WWW-Authenticate"),
		"a refused token is answered with RFC 6750's challenge, from a view as from the middleware")
}
