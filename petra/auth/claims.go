package auth

import "github.com/golang-jwt/jwt/v5"

// TokenType says what a token is for, in its "token_type" claim, so that an
// access token is never accepted as a refresh token and vice versa.
type TokenType string

// The token types [Tokens.Issue] produces.
const (
	// AccessToken authenticates requests, as a bearer token; it lives
	// [Config.AccessTTL].
	AccessToken TokenType = "access"
	// RefreshToken obtains new access tokens with [Tokens.Refresh]; it lives
	// [Config.RefreshTTL] and is never accepted as a bearer token.
	RefreshToken TokenType = "refresh"
)

// Claims are the claims of petra's tokens: the registered claims ("iss", "sub",
// "exp", "nbf", "iat" and a unique "jti" in ID) plus the token's type. After
// [Tokens.Verify] or [Tokens.Middleware], Subject names the user the token was issued
// to, and ID identifies the token, e.g. for a deny list of revoked tokens.
//
// A *Claims is the principal [Tokens.Middleware] stores for an authenticated
// request; treat it as read-only.
type Claims struct {
	jwt.RegisteredClaims
	// Type is AccessToken or RefreshToken.
	Type TokenType `json:"token_type"`
	// Family names the login a token descends from: [Sessions] gives every
	// token of one login, and of the refreshes that follow it, one family,
	// which a logout or a replayed refresh token revokes. Empty for tokens of
	// [Tokens.Issue].
	Family string `json:"fam,omitempty"`
	// Version is the user's token version when the token was issued (see
	// [Principal.TokenVersion]); [Sessions] refuses a token whose version is
	// no longer the user's.
	Version int64 `json:"ver,omitempty"`
}

// TokenPair is what a login answers: an access token for requests and a refresh
// token to renew it. Its JSON names are those of the API contract.
type TokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}
