package auth

import (
	"errors"
	"fmt"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// Errors of token checks. Each is a 401 [*petra.Error], so a view answers it with
// petra.Fail(err) and middleware with petra.WriteError; the errors [Tokens.Verify]
// returns wrap one of them and the library's reason, for logs. Compare with
// errors.Is.
var (
	// ErrTokenInvalid means the token is malformed, not signed by this app's key
	// with HS256, from another issuer, not valid yet, or missing a claim.
	ErrTokenInvalid = petra.NewError(status.HTTP_401_UNAUTHORIZED, "Token is invalid")
	// ErrTokenExpired means the token was valid but its "exp" has passed.
	ErrTokenExpired = petra.NewError(status.HTTP_401_UNAUTHORIZED, "Token is expired")
	// ErrRefreshTokenRequired means a valid access token was given where a
	// refresh token is expected.
	ErrRefreshTokenRequired = petra.NewError(status.HTTP_401_UNAUTHORIZED, "Refresh token required")
	// ErrAccessTokenRequired means a valid refresh token was given where an
	// access token is expected, as a bearer token.
	ErrAccessTokenRequired = petra.NewError(status.HTTP_401_UNAUTHORIZED, "Access token required")
	// ErrBearerRequired means the Authorization header uses another scheme than
	// Bearer, or carries no token after it.
	ErrBearerRequired = petra.NewError(status.HTTP_401_UNAUTHORIZED,
		"The Authorization header must be the word Bearer and an access token")
)

// rejected wraps public, what the client reads, around cause, what the log
// reads. errors.Is and errors.As find both; petra answers public's status and
// message, since it is the first *petra.Error in the chain.
func rejected(public *petra.Error, cause error) error {
	if cause == nil {
		return public
	}
	return fmt.Errorf("%w: %w", public, cause)
}

// publicError returns the *petra.Error in err's chain, or ErrTokenInvalid.
func publicError(err error) *petra.Error {
	var pe *petra.Error
	if errors.As(err, &pe) {
		return pe
	}
	return ErrTokenInvalid
}
