package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConfirm(t *testing.T) {
	tests := []struct {
		name, answer string
		terminal     bool
		err          string
	}{
		{"yes on a terminal", "yes\n", true, ""},
		{"yes without a newline", "yes", true, ""},
		{"anything else", "y\n", true, "not confirmed"},
		{"no answer", "", true, "not confirmed"},
		{"not a terminal", "yes\n", false, "pass --yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := confirm(strings.NewReader(tt.answer), &out, tt.terminal, "Roll back?")
			if tt.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.err)
			}
			if tt.terminal {
				assert.Equal(t, "Roll back? Type yes to go on: ", out.String())
			}
		})
	}
}
