package storage_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/storage"
)

// TestSpanishWordsEveryError checks that petra.Spanish translates the message
// of every error petra/storage answers clients with.
func TestSpanishWordsEveryError(t *testing.T) {
	for _, err := range []*petra.Error{storage.ErrInvalidPath, storage.ErrNotFound, storage.ErrTooLarge,
		storage.ErrUnsupportedType, storage.ErrLinkInvalid, storage.ErrLinkExpired, storage.ErrNoURL} {
		msg, ok := petra.Spanish.Message(err.Message)
		assert.True(t, ok && msg != err.Message, "petra.Spanish lacks %q", err.Message)
	}
}
