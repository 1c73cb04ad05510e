package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPasswordHashCost(t *testing.T) {
	tests := []struct {
		value string
		want  int
		err   string
	}{
		{"", DefaultPasswordHashCost, ""},
		{"4", 4, ""},
		{"12", 12, ""},
		{"31", 31, ""},
		{"3", 0, "config: PASSWORD_HASH_COST: 3 must be 4 or more"},
		{"32", 0, "config: PASSWORD_HASH_COST: 32 must be 31 or less"},
		{"ten", 0, `config: PASSWORD_HASH_COST: "ten" is not a whole number`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			s, err := LoadFrom(MapLookup(map[string]string{"PASSWORD_HASH_COST": tt.value}))
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.PasswordHashCost)
		})
	}
}
