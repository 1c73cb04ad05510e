package middleware_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/middleware"
)

// TestSpanishWordsTimeout checks that petra.Spanish translates the message
// of the timeout's 503.
func TestSpanishWordsTimeout(t *testing.T) {
	msg, ok := petra.Spanish.Message(middleware.ErrTimeout.Message)
	assert.True(t, ok && msg != middleware.ErrTimeout.Message, "petra.Spanish lacks %q", middleware.ErrTimeout.Message)
}
