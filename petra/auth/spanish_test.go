package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
)

// TestSpanishWordsEveryError checks that petra.Spanish translates the message
// of every error petra/auth answers with.
func TestSpanishWordsEveryError(t *testing.T) {
	for _, err := range []*petra.Error{auth.ErrTokenInvalid, auth.ErrTokenExpired, auth.ErrTokenRevoked,
		auth.ErrRefreshTokenRequired, auth.ErrAccessTokenRequired, auth.ErrBearerRequired} {
		msg, ok := petra.Spanish.Message(err.Message)
		assert.True(t, ok && msg != err.Message, "petra.Spanish lacks %q", err.Message)
	}
}
