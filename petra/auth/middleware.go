package auth

import (
	"context"
	"net/http"
	"strings"

	"github.com/go-petra/petra/petra"
)

// Middleware authenticates requests by their bearer token, in chi's shape
// (app.Use(tokens.Middleware)), as DRF's authentication classes do:
//
//   - no Authorization header: the request goes on anonymous, for permissions
//     such as [IsAuthenticated] to decide;
//   - "Bearer <access token>" with a token [Tokens.Verify] accepts: the request
//     goes on with the token's [*Claims] as its principal (see [ClaimsFrom]);
//   - anything else (another scheme, no token, an invalid, expired or refresh
//     token): 401 in petra's error envelope, even on a view anyone may see,
//     since a client that sends credentials expects them to be checked. The
//     answer carries a WWW-Authenticate challenge as RFC 6750 describes.
//
// The scheme is matched without regard to case, as RFC 7235 says. The tokens are
// checked but not looked up: for revocation and the app's user as principal,
// use [Sessions.Middleware] instead.
func (t *Tokens) Middleware(next http.Handler) http.Handler {
	return bearer(next, func(_ context.Context, token string) (any, error) {
		return t.Verify(token, AccessToken)
	})
}

// bearer is the shape of both bearer middlewares: a request without a token
// passes as anonymous, one with a token passes with the principal
// authenticate makes of it, and a malformed header or a refused token is
// answered with its error (and that error's challenge).
func bearer[P any](next http.Handler, authenticate func(ctx context.Context, token string) (P, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, err := bearerToken(r)
		switch {
		case err != nil:
			petra.WriteError(w, r, err)
			return
		case token == "":
			next.ServeHTTP(w, r)
			return
		}
		p, err := authenticate(r.Context(), token)
		if err != nil {
			petra.WriteError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(petra.ContextWithPrincipal(r.Context(), p)))
	})
}

// bearerToken returns the token of r's "Authorization: Bearer" header, "" when
// r has no Authorization header, or a 401 for any other header.
func bearerToken(r *http.Request) (string, error) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 || (len(values) == 1 && strings.TrimSpace(values[0]) == "") {
		return "", nil
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(values[0]), " ")
	if len(values) > 1 || !strings.EqualFold(scheme, "Bearer") {
		// RFC 6750 §3.1: no error code for a request without bearer credentials.
		return "", errOtherScheme
	}
	if token = strings.TrimSpace(token); token == "" {
		return "", ErrBearerRequired
	}
	return token, nil
}

// errOtherScheme is [ErrBearerRequired] for a request that sent credentials of
// another scheme, so no bearer token: its challenge has no error code.
var errOtherScheme = ErrBearerRequired.WithHeader("WWW-Authenticate", "Bearer")

// ClaimsFrom returns the claims of the access token that authenticated r, or nil
// for an anonymous request or one authenticated by something other than
// [Tokens.Middleware].
func ClaimsFrom(r *petra.Request) *Claims { return ClaimsFromContext(r.Context()) }

// ClaimsFromContext is [ClaimsFrom] for plain net/http handlers and for code
// that has only the request's context.
func ClaimsFromContext(ctx context.Context) *Claims {
	switch p := petra.PrincipalFrom(ctx).(type) {
	case *Claims:
		return p
	case *Principal:
		return p.Claims
	}
	return nil
}
