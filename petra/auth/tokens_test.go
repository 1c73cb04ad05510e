package auth_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
)

// Messages the client reads.
const (
	msgInvalid         = "Token is invalid"
	msgExpired         = "Token is expired"
	msgRefreshRequired = "Refresh token required"
	msgAccessRequired  = "Access token required"
)

func TestNewTokens(t *testing.T) {
	tests := []struct {
		name    string
		cfg     auth.Config
		wantErr string
	}{
		{"defaults", auth.Config{Secret: testSecret}, ""},
		{"secret of 31 bytes", auth.Config{Secret: testSecret[:31]}, "auth: the secret is 31 bytes, it must be at least 32"},
		{"no secret", auth.Config{}, "auth: the secret is 0 bytes"},
		{"refresh shorter than access", auth.Config{Secret: testSecret, AccessTTL: time.Hour, RefreshTTL: time.Minute},
			"auth: the refresh token lifetime (1m0s) is shorter than the access token lifetime (1h0m0s)"},
		{"refresh shorter than default access", auth.Config{Secret: testSecret, RefreshTTL: time.Minute}, "is shorter than"},
		{"negative lifetime", auth.Config{Secret: testSecret, AccessTTL: -time.Minute}, "auth: token lifetimes must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokens, err := auth.NewTokens(tt.cfg)
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.NotNil(t, tokens)
				return
			}
			require.Error(t, err)
			assert.Nil(t, tokens)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.NotContains(t, err.Error(), string(testSecret[:31]))
		})
	}
}

func TestIssueLifetimes(t *testing.T) {
	tests := []struct {
		name                  string
		edit                  func(*auth.Config)
		issuer                string
		accessTTL, refreshTTL time.Duration
	}{
		{"defaults", nil, "petra", 15 * time.Minute, 168 * time.Hour},
		{"configured", func(c *auth.Config) {
			c.Issuer, c.AccessTTL, c.RefreshTTL = "api.example.com", 5*time.Minute, time.Hour
		}, "api.example.com", 5 * time.Minute, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokens := newTokens(t, nil, tt.edit)
			pair, err := tokens.Issue("user-1")
			require.NoError(t, err)

			access, err := tokens.Verify(pair.AccessToken, auth.AccessToken)
			require.NoError(t, err)
			refresh, err := tokens.Verify(pair.RefreshToken, auth.RefreshToken)
			require.NoError(t, err)

			for _, c := range []*auth.Claims{access, refresh} {
				assert.Equal(t, "user-1", c.Subject)
				assert.Equal(t, tt.issuer, c.Issuer)
				assert.True(t, c.IssuedAt.Equal(epoch))
				assert.True(t, c.NotBefore.Equal(epoch))
				assert.NotEmpty(t, c.ID)
			}
			assert.Equal(t, auth.AccessToken, access.Type)
			assert.Equal(t, auth.RefreshToken, refresh.Type)
			assert.Equal(t, tt.accessTTL, access.ExpiresAt.Sub(epoch))
			assert.Equal(t, tt.refreshTTL, refresh.ExpiresAt.Sub(epoch))
			assert.NotEqual(t, access.ID, refresh.ID)
		})
	}
}

func TestIssueEmptySubject(t *testing.T) {
	_, err := newTokens(t, nil, nil).Issue("")
	require.Error(t, err)
	assert.Equal(t, "auth: cannot issue a token for an empty subject", err.Error())
}

func TestVerifyRejects(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	publicDER, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	require.NoError(t, err)
	publicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: publicDER})

	tokens := newTokens(t, nil, nil)
	pair, err := tokens.Issue("user-1")
	require.NoError(t, err)

	hs256 := func(edit func(*auth.Claims)) func(t *testing.T) string {
		return func(t *testing.T) string {
			c := validClaims()
			if edit != nil {
				edit(&c)
			}
			return sign(t, jwt.SigningMethodHS256, testSecret, c)
		}
	}
	at := func(d time.Duration) *jwt.NumericDate { return jwt.NewNumericDate(epoch.Add(d)) }

	tests := []struct {
		name  string
		token func(t *testing.T) string
		want  auth.TokenType
		edit  func(*auth.Config) // of the verifying Tokens
		msg   string             // "" when the token is accepted
	}{
		// What is accepted.
		{"access token as access", func(*testing.T) string { return pair.AccessToken }, auth.AccessToken, nil, ""},
		{"refresh token as refresh", func(*testing.T) string { return pair.RefreshToken }, auth.RefreshToken, nil, ""},
		{"hand-made HS256 token", hs256(nil), auth.AccessToken, nil, ""},
		{"expired 10s ago, within the default leeway", hs256(func(c *auth.Claims) { c.ExpiresAt = at(-10 * time.Second) }),
			auth.AccessToken, nil, ""},
		{"valid in 10s, within the default leeway", hs256(func(c *auth.Claims) { c.NotBefore = at(10 * time.Second) }),
			auth.AccessToken, nil, ""},

		// Wrong type.
		{"refresh token as access", func(*testing.T) string { return pair.RefreshToken }, auth.AccessToken, nil, msgAccessRequired},
		{"access token as refresh", func(*testing.T) string { return pair.AccessToken }, auth.RefreshToken, nil, msgRefreshRequired},
		{"no token type", hs256(func(c *auth.Claims) { c.Type = "" }), auth.AccessToken, nil, msgInvalid},
		{"unknown token type", hs256(func(c *auth.Claims) { c.Type = "admin" }), auth.AccessToken, nil, msgInvalid},
		{"unknown wanted type", func(*testing.T) string { return pair.AccessToken }, "admin", nil, msgInvalid},

		// Algorithms and keys.
		{"alg none", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, validClaims())
		}, auth.AccessToken, nil, msgInvalid},
		{"alg None, hand-made", func(t *testing.T) string {
			return rawToken(t, `{"alg":"None","typ":"JWT"}`, validClaims(), "")
		}, auth.AccessToken, nil, msgInvalid},
		{"alg none with the HMAC signature", func(t *testing.T) string {
			return rawToken(t, `{"alg":"none","typ":"JWT"}`, validClaims(), "hmac")
		}, auth.AccessToken, nil, msgInvalid},
		{"HS256 with another key", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, []byte("another secret of at least 32 bytes"), validClaims())
		}, auth.AccessToken, nil, msgInvalid},
		{"HS256 with the RSA public key as secret", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, publicPEM, validClaims())
		}, auth.AccessToken, nil, msgInvalid},
		{"HS384 with the right key", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS384, testSecret, validClaims())
		}, auth.AccessToken, nil, msgInvalid},
		{"HS512 with the right key", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS512, testSecret, validClaims())
		}, auth.AccessToken, nil, msgInvalid},
		{"RS256 signed with an RSA key", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodRS256, rsaKey, validClaims())
		}, auth.AccessToken, nil, msgInvalid},
		{"RS256 header over an HMAC signature with the right key", func(t *testing.T) string {
			return rawToken(t, `{"alg":"RS256","typ":"JWT"}`, validClaims(), "hmac")
		}, auth.AccessToken, nil, msgInvalid},

		// Tampering.
		{"tampered payload", func(t *testing.T) string {
			parts := strings.Split(pair.AccessToken, ".")
			c := validClaims()
			c.Subject = "admin"
			parts[1] = segment(t, c)
			return strings.Join(parts, ".")
		}, auth.AccessToken, nil, msgInvalid},
		{"tampered signature", func(*testing.T) string {
			parts := strings.Split(pair.AccessToken, ".")
			parts[2] = flipFirst(parts[2])
			return strings.Join(parts, ".")
		}, auth.AccessToken, nil, msgInvalid},
		{"no signature", func(*testing.T) string {
			parts := strings.Split(pair.AccessToken, ".")
			return parts[0] + "." + parts[1] + "."
		}, auth.AccessToken, nil, msgInvalid},

		// Time.
		{"expired 10s ago without leeway", hs256(func(c *auth.Claims) { c.ExpiresAt = at(-10 * time.Second) }),
			auth.AccessToken, func(c *auth.Config) { c.Leeway = -1 }, msgExpired},
		{"expired 10s ago with a 5s leeway", hs256(func(c *auth.Claims) { c.ExpiresAt = at(-10 * time.Second) }),
			auth.AccessToken, func(c *auth.Config) { c.Leeway = 5 * time.Second }, msgExpired},
		{"expired 31s ago with the default leeway", hs256(func(c *auth.Claims) { c.ExpiresAt = at(-31 * time.Second) }),
			auth.AccessToken, nil, msgExpired},
		{"expired refresh token", hs256(func(c *auth.Claims) {
			c.Type, c.ExpiresAt = auth.RefreshToken, at(-time.Hour)
		}), auth.RefreshToken, nil, msgExpired},
		{"not valid for another minute", hs256(func(c *auth.Claims) { c.NotBefore = at(time.Minute) }),
			auth.AccessToken, nil, msgInvalid},
		{"valid in 10s without leeway", hs256(func(c *auth.Claims) { c.NotBefore = at(10 * time.Second) }),
			auth.AccessToken, func(c *auth.Config) { c.Leeway = -1 }, msgInvalid},
		{"issued in the future", hs256(func(c *auth.Claims) { c.IssuedAt = at(time.Hour) }),
			auth.AccessToken, nil, msgInvalid},
		{"no expiry", hs256(func(c *auth.Claims) { c.ExpiresAt = nil }), auth.AccessToken, nil, msgInvalid},

		// Claims.
		{"wrong issuer", hs256(func(c *auth.Claims) { c.Issuer = "evil" }), auth.AccessToken, nil, msgInvalid},
		{"no issuer", hs256(func(c *auth.Claims) { c.Issuer = "" }), auth.AccessToken, nil, msgInvalid},
		{"issuer of another app", hs256(nil), auth.AccessToken, func(c *auth.Config) { c.Issuer = "other" }, msgInvalid},
		{"no subject", hs256(func(c *auth.Claims) { c.Subject = "" }), auth.AccessToken, nil, msgInvalid},
		{"claims not an object", func(t *testing.T) string {
			return rawToken(t, `{"alg":"HS256","typ":"JWT"}`, []string{"sub"}, "hmac")
		}, auth.AccessToken, nil, msgInvalid},
		{"exp a string", func(t *testing.T) string {
			return rawToken(t, `{"alg":"HS256","typ":"JWT"}`, map[string]any{"sub": "u", "iss": "petra", "exp": "soon", "token_type": "access"}, "hmac")
		}, auth.AccessToken, nil, msgInvalid},

		// Garbage.
		{"empty", func(*testing.T) string { return "" }, auth.AccessToken, nil, msgInvalid},
		{"one word", func(*testing.T) string { return "garbage" }, auth.AccessToken, nil, msgInvalid},
		{"three dots", func(*testing.T) string { return "a.b.c" }, auth.AccessToken, nil, msgInvalid},
		{"empty segments", func(*testing.T) string { return ".." }, auth.AccessToken, nil, msgInvalid},
		{"four segments", func(*testing.T) string { return pair.AccessToken + ".x" }, auth.AccessToken, nil, msgInvalid},
		{"with padding", func(*testing.T) string { return pair.AccessToken + "=" }, auth.AccessToken, nil, msgInvalid},
		{"huge", func(*testing.T) string { return strings.Repeat("a", 1<<20) }, auth.AccessToken, nil, msgInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verifier := tokens
			if tt.edit != nil {
				verifier = newTokens(t, nil, tt.edit)
			}
			claims, err := verifier.Verify(tt.token(t), tt.want)
			if tt.msg == "" {
				require.NoError(t, err)
				require.NotNil(t, claims)
				assert.Equal(t, "user-1", claims.Subject)
				assert.Equal(t, tt.want, claims.Type)
				return
			}
			assert.Nil(t, claims)
			requireUnauthorized(t, err, tt.msg)
			assert.Equal(t, 401, int(petra.Fail(err).Status()), "petra answers it 401")
		})
	}
}

func TestRefresh(t *testing.T) {
	now := epoch
	tokens := newTokens(t, &now, nil)
	pair, err := tokens.Issue("user-1")
	require.NoError(t, err)

	t.Run("refresh token gives a new access token", func(t *testing.T) {
		now = epoch.Add(10 * time.Minute)
		access, err := tokens.Refresh(pair.RefreshToken)
		require.NoError(t, err)
		claims, err := tokens.Verify(access, auth.AccessToken)
		require.NoError(t, err)
		assert.Equal(t, "user-1", claims.Subject)
		assert.True(t, claims.IssuedAt.Equal(now))
		assert.True(t, claims.ExpiresAt.Equal(now.Add(auth.DefaultAccessTTL)))

		old, err := tokens.Verify(pair.AccessToken, auth.AccessToken)
		require.NoError(t, err)
		assert.NotEqual(t, old.ID, claims.ID)
	})

	tests := []struct {
		name  string
		now   time.Time
		token string
		msg   string
	}{
		{"access token", epoch, pair.AccessToken, msgRefreshRequired},
		{"refresh token past its lifetime", epoch.Add(auth.DefaultRefreshTTL + time.Minute), pair.RefreshToken, msgExpired},
		{"garbage", epoch, "not a token", msgInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now = tt.now
			access, err := tokens.Refresh(tt.token)
			assert.Empty(t, access)
			requireUnauthorized(t, err, tt.msg)
		})
	}
}

func TestVerifyErrorsWrapTheReason(t *testing.T) {
	tokens := newTokens(t, nil, nil)
	_, err := tokens.Verify(sign(t, jwt.SigningMethodHS256, testSecret, validClaims())+"x", auth.AccessToken)
	require.Error(t, err)
	assert.ErrorIs(t, err, auth.ErrTokenInvalid)
	assert.ErrorIs(t, err, jwt.ErrTokenSignatureInvalid)
	assert.Equal(t, petra.Fail(err).Status(), petra.Fail(auth.ErrTokenInvalid).Status())
}

func TestSecretIsCopied(t *testing.T) {
	secret := append([]byte(nil), testSecret...)
	tokens, err := auth.NewTokens(auth.Config{Secret: secret, Now: func() time.Time { return epoch }})
	require.NoError(t, err)
	pair, err := tokens.Issue("user-1")
	require.NoError(t, err)
	secret[0] ^= 0xff
	_, err = tokens.Verify(pair.AccessToken, auth.AccessToken)
	assert.NoError(t, err)
}

func TestConfigRedactsTheSecret(t *testing.T) {
	cfg := auth.Config{Secret: testSecret, Issuer: "petra"}
	out := strings.Join([]string{
		cfg.String(), cfg.GoString(), cfg.LogValue().String(),
	}, "\n")
	assert.NotContains(t, out, string(testSecret))
	assert.Contains(t, out, "[redacted]")
	assert.Contains(t, auth.Config{}.String(), `Secret:""`)
}

func FuzzVerify(f *testing.F) {
	tokens := newTokens(f, nil, nil)
	pair, err := tokens.Issue("user-1")
	require.NoError(f, err)
	f.Add(pair.AccessToken)
	f.Add(pair.RefreshToken)
	f.Add(sign(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, validClaims()))
	f.Add(sign(f, jwt.SigningMethodHS512, testSecret, validClaims()))
	f.Add("")
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJIUzI1NiJ9.e30.")
	f.Add(pair.AccessToken[:len(pair.AccessToken)-1])
	f.Fuzz(func(t *testing.T, token string) {
		claims, err := tokens.Verify(token, auth.AccessToken)
		if err != nil {
			assert.Nil(t, claims)
			var pe *petra.Error
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.Equal(t, 401, int(pe.Code))
			return
		}
		require.NotNil(t, claims)
		assert.NotEmpty(t, claims.Subject)
		assert.Equal(t, auth.AccessToken, claims.Type)
		assert.Equal(t, auth.DefaultIssuer, claims.Issuer)
	})
}

// segment encodes v as a JWT segment.
func segment(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return base64.RawURLEncoding.EncodeToString(b)
}

// rawToken builds a token by hand from a header and claims. sig "hmac" signs
// it with HMAC-SHA256 and testSecret whatever the header says; "" leaves it
// unsigned.
func rawToken(t testing.TB, header string, claims any, sig string) string {
	t.Helper()
	signed := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + segment(t, claims)
	if sig == "hmac" {
		mac := hmac.New(sha256.New, testSecret)
		mac.Write([]byte(signed))
		return signed + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	}
	return signed + "."
}

// flipFirst changes the first character of a base64url string to another one.
func flipFirst(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}
