package config_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

// TestEnvFileReferences: a reference to a variable the file does not set is
// an error naming the key, never a value silently cut short; single quotes
// and \$ keep a dollar sign literal; a variable set earlier expands.
func TestEnvFileReferences(t *testing.T) {
	tail := strings.Repeat("k", 36)
	tests := []struct {
		name, file string
		password   string // DB_PASSWORD loaded, when no error
		err        string
	}{
		{"unset in an unquoted value", "DB_PASSWORD=Pa$SW0RD\n", "",
			`line 2: DB_PASSWORD refers to $SW0RD, which the file does not set before it`},
		{"unset in braces, double-quoted", "DB_CONNECTION=postgres\nJWT_SECRET=\"" + tail + "${SECRETPART}\"\n", "",
			`line 3: JWT_SECRET refers to $SECRETPART`},
		{"single-quoted is literal", "DB_PASSWORD='Pa$SW0RD'\n", "Pa$SW0RD", ""},
		{"escaped dollar", `DB_PASSWORD=Pa\$SW0RD` + "\n", "Pa$SW0RD", ""},
		{"set earlier in the file", "PART=SW0RD\nDB_PASSWORD=Pa$PART\n", "PaSW0RD", ""},
		{"in a comment", "DB_PASSWORD=plain # see $DOCS\n", "plain", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, ".env", "DB_CONNECTION=postgres\n"+tt.file)
			s, err := config.Load(config.WithLookup(config.MapLookup(nil)), config.WithEnvFile(path))
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				assert.NotContains(t, err.Error(), "Pa$", "the value is never quoted")
				assert.NotContains(t, err.Error(), tail)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, config.Secret(tt.password), s.Database.Password)
		})
	}
}
