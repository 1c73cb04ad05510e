package config_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

func TestProductionRefusesWeakJWTSecret(t *testing.T) {
	tests := []struct{ name, secret string }{
		{"32 equal bytes", strings.Repeat("a", 32)},
		{"spaces", strings.Repeat(" ", 40)},
		{"few distinct bytes", strings.Repeat("abcd", 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := keyErrors(t, loadErr(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": tt.secret}))
			require.Len(t, errs, 1)
			assert.Equal(t, "JWT_SECRET", errs[0].Key)
			assert.Contains(t, errs[0].Msg, "distinct")
		})
		t.Run(tt.name+" warns in development", func(t *testing.T) {
			s := load(t, map[string]string{"JWT_SECRET": tt.secret})
			assert.Contains(t, strings.Join(s.Warnings, "\n"), "JWT_SECRET")
		})
	}
	load(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": strongSecret})
}

func TestProductionWarnsOnLowHashCost(t *testing.T) {
	s := load(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": strongSecret, "PASSWORD_HASH_COST": "8"})
	assert.Contains(t, strings.Join(s.Warnings, "\n"), "PASSWORD_HASH_COST 8 is below 10")
	s = load(t, map[string]string{"PASSWORD_HASH_COST": "4", "JWT_SECRET": strongSecret})
	assert.Empty(t, s.Warnings, "development may hash fast")
}

func TestPostgresSSLMode(t *testing.T) {
	prod := map[string]string{"PETRA_ENV": "production", "JWT_SECRET": strongSecret, "DB_CONNECTION": "postgres"}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"production defaults to require", prod, "sslmode=require"},
		{"development defaults to disable", map[string]string{"DB_CONNECTION": "postgres"}, "sslmode=disable"},
		{"DB_SSLMODE overrides", with(prod, "DB_SSLMODE", "disable"), "sslmode=disable"},
		{"DATABASE_URL overrides", with(prod, "DATABASE_URL", "postgres://u@db/app?sslmode=verify-full"), "sslmode=verify-full"},
		{"DATABASE_URL without sslmode in production", with(prod, "DATABASE_URL", "postgres://u@db/app"), "sslmode=require"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, load(t, tt.env).Database.DSN(), tt.want)
		})
	}
	errs := keyErrors(t, loadErr(t, with(prod, "DB_SSLMODE", "sometimes")))
	require.Len(t, errs, 1)
	assert.Equal(t, "DB_SSLMODE", errs[0].Key)
}

func TestServerKeysIgnoredWithSQLite(t *testing.T) {
	s := load(t, map[string]string{"DB_PORT": "abc", "DB_HOST": "db"})
	assert.Contains(t, s.Warnings, "config: DB_CONNECTION is sqlite, so DB_HOST, DB_PORT are ignored")
	assert.Equal(t, config.SQLite, s.Database.Connection)
}
