package auth

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
)

// maxTokenLen bounds the tokens Verify parses; petra's are about 300 bytes.
const maxTokenLen = 8 << 10

// Tokens issues and verifies the JWT access and refresh tokens of one app, signed
// with HS256 and the configured secret. It is immutable after [NewTokens] and
// safe for concurrent use.
//
// Tokens are stateless: a token stays valid until it expires. [Sessions] add
// rotation and revocation on top, with their state in the app's database.
type Tokens struct {
	cfg    Config
	parser *jwt.Parser
}

// NewTokens returns Tokens configured by cfg, with defaults for its zero fields.
// It fails if the secret is shorter than [MinSecretLen] bytes, if a lifetime is
// negative, or if RefreshTTL is shorter than AccessTTL.
func NewTokens(cfg Config) (*Tokens, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	parser := jwt.NewParser(
		// Only HS256: "none", other HMAC sizes, RSA, ECDSA and EdDSA tokens are
		// refused before the key is even looked at.
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithLeeway(cfg.Leeway),
		jwt.WithTimeFunc(cfg.Now),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
	)
	return &Tokens{cfg: cfg, parser: parser}, nil
}

// Issue returns a new access token and a new refresh token for subject, the
// user's stable identifier (such as a UUID). An empty subject is an error.
func (t *Tokens) Issue(subject string) (TokenPair, error) {
	access, err := t.sign(subject, AccessToken)
	if err != nil {
		return TokenPair{}, err
	}
	refresh, err := t.sign(subject, RefreshToken)
	if err != nil {
		return TokenPair{}, err
	}
	return TokenPair{AccessToken: access, RefreshToken: refresh}, nil
}

// Refresh verifies refreshToken and returns a new access token for its subject.
// Its errors are those of [Tokens.Verify]: an access token given instead is
// [ErrRefreshTokenRequired]. The refresh token stays valid until it expires.
func (t *Tokens) Refresh(refreshToken string) (accessToken string, err error) {
	claims, err := t.Verify(refreshToken, RefreshToken)
	if err != nil {
		return "", err
	}
	return t.sign(claims.Subject, AccessToken)
}

// Verify checks token and returns its claims if it is an HS256 token signed with
// t's secret, from t's issuer, within its lifetime (give or take the leeway),
// with a subject, and of type want. Otherwise the claims are nil and the error
// wraps a 401 [*petra.Error]: [ErrTokenExpired], [ErrRefreshTokenRequired] or
// [ErrAccessTokenRequired] when the token is valid but of the other type, and
// [ErrTokenInvalid] for everything else. Verify never panics, whatever token is.
func (t *Tokens) Verify(token string, want TokenType) (*Claims, error) {
	if want != AccessToken && want != RefreshToken {
		return nil, rejected(ErrTokenInvalid, fmt.Errorf("auth: Verify called with the unknown token type %q", want))
	}
	if len(token) > maxTokenLen {
		return nil, rejected(ErrTokenInvalid, fmt.Errorf("auth: token of %d bytes is over the limit of %d", len(token), maxTokenLen))
	}
	claims := new(Claims)
	if _, err := t.parser.ParseWithClaims(token, claims, t.key); err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, rejected(ErrTokenExpired, err)
		}
		return nil, rejected(ErrTokenInvalid, err)
	}
	switch {
	case claims.Subject == "":
		return nil, rejected(ErrTokenInvalid, errors.New("auth: token has no subject"))
	case claims.Type == want:
		return claims, nil
	case claims.Type == AccessToken && want == RefreshToken:
		return nil, ErrRefreshTokenRequired
	case claims.Type == RefreshToken && want == AccessToken:
		return nil, ErrAccessTokenRequired
	}
	return nil, rejected(ErrTokenInvalid, errors.New("auth: token has no known token_type"))
}

// key is the parser's key function. The parser has already refused every
// method but HS256; checking again costs nothing and keeps the secret from ever
// being handed to another algorithm.
func (t *Tokens) key(token *jwt.Token) (any, error) {
	if token.Method != jwt.SigningMethodHS256 {
		return nil, fmt.Errorf("auth: unexpected signing method %v", token.Header["alg"])
	}
	return t.cfg.Secret, nil
}

// sign returns a token of type typ for subject, valid from now for its type's
// lifetime, with a random unique ID.
func (t *Tokens) sign(subject string, typ TokenType) (string, error) {
	if subject == "" {
		return "", errors.New("auth: cannot issue a token for an empty subject")
	}
	return t.signClaims(t.newClaims(subject, typ))
}

// newClaims returns the claims of a token of type typ for subject, valid from
// now for its type's lifetime, with a random unique ID.
func (t *Tokens) newClaims(subject string, typ TokenType) *Claims {
	ttl := t.cfg.AccessTTL
	if typ == RefreshToken {
		ttl = t.cfg.RefreshTTL
	}
	now := t.cfg.Now()
	return &Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.cfg.Issuer,
			Subject:   subject,
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        rand.Text(), // 128 random bits, base32
		},
		Type: typ,
	}
}

// signClaims signs claims with HS256 and the secret.
func (t *Tokens) signClaims(claims *Claims) (string, error) {
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.cfg.Secret)
	if err != nil {
		return "", fmt.Errorf("auth: signing a token: %w", err)
	}
	return signed, nil
}
