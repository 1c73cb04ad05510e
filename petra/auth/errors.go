package auth

import (
	"fmt"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// Errors of token checks. Each is a 401 [*petra.Error], so a view answers it with
// petra.Fail(err) and middleware with petra.WriteError; the errors [Tokens.Verify]
// returns wrap one of them and the library's reason, for logs. Compare with
// errors.Is. Each carries RFC 6750's challenge, so that every answer with it
// has a WWW-Authenticate header: error="invalid_token" for a token that was
// sent and refused, error="invalid_request" for a malformed header.
var (
	// ErrTokenInvalid means the token is malformed, not signed by this app's key
	// with HS256, from another issuer, not valid yet, or missing a claim.
	ErrTokenInvalid = invalidToken("Token is invalid")
	// ErrTokenExpired means the token was valid but its "exp" has passed.
	ErrTokenExpired = invalidToken("Token is expired")
	// ErrTokenRevoked means the token was valid but has been revoked: by a
	// logout, by the replay of a spent refresh token of its family, or because
	// its user is gone, inactive or changed password (see [Sessions]).
	ErrTokenRevoked = invalidToken("Token is revoked")
	// ErrRefreshTokenRequired means a valid access token was given where a
	// refresh token is expected.
	ErrRefreshTokenRequired = invalidToken("Refresh token required")
	// ErrRefreshTokenMissing means no refresh token was sent where one is
	// expected. Its challenge names no error, as RFC 6750 §3.1 asks of a
	// request without credentials.
	ErrRefreshTokenMissing = petra.NewError(status.HTTP_401_UNAUTHORIZED,
		"Refresh token required").WithHeader("WWW-Authenticate", "Bearer")
	// ErrAccessTokenRequired means a valid refresh token was given where an
	// access token is expected, as a bearer token.
	ErrAccessTokenRequired = invalidToken("Access token required")
	// ErrBearerRequired means the Authorization header uses another scheme than
	// Bearer, or carries no token after it.
	ErrBearerRequired = petra.NewError(status.HTTP_401_UNAUTHORIZED,
		"The Authorization header must be the word Bearer and an access token").
		WithHeader("WWW-Authenticate", `Bearer error="invalid_request"`)
)

// invalidToken returns a 401 whose challenge says the token sent was refused
// and why (RFC 6750 §3.1).
func invalidToken(message string) *petra.Error {
	return petra.NewError(status.HTTP_401_UNAUTHORIZED, message).
		WithHeader("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+message+`"`)
}

// rejected wraps public, what the client reads, around cause, what the log
// reads. errors.Is and errors.As find both; petra answers public's status and
// message, since it is the first *petra.Error in the chain.
func rejected(public *petra.Error, cause error) error {
	if cause == nil {
		return public
	}
	return fmt.Errorf("%w: %w", public, cause)
}
