package config_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

func TestLoadJobs(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		enabled  bool
		separate config.Connection
		warning  string
	}{
		{"on by default, in the app's database", nil, true, "", ""},
		{"turned off", map[string]string{"JOBS_ENABLED": "false"}, false, "", ""},
		{"off on MySQL, with a warning", map[string]string{"DB_CONNECTION": "mysql"}, false, "", "JOBS_DATABASE_URL"},
		{"MySQL with a PostgreSQL jobs database",
			map[string]string{"DB_CONNECTION": "mysql", "JOBS_DATABASE_URL": "postgres://u:p@db/jobs"}, true, config.Postgres, ""},
		{"a SQLite jobs file", map[string]string{"JOBS_DATABASE_URL": "sqlite:jobs.sqlite3"}, true, config.SQLite, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"JWT_SECRET": strongSecret}
			for k, v := range tt.env {
				env[k] = v
			}
			s, err := config.LoadFrom(config.MapLookup(env))
			require.NoError(t, err)
			assert.Equal(t, tt.enabled, s.Jobs.Enabled)
			assert.Equal(t, tt.separate, s.Jobs.Database.Connection)
			assert.Equal(t, tt.separate != "", s.Jobs.Separate())
			if tt.warning != "" {
				require.Len(t, s.Warnings, 1)
				assert.Contains(t, s.Warnings[0], tt.warning)
			} else {
				assert.Empty(t, s.Warnings)
			}
		})
	}
}

func TestLoadJobsRefusesBadDatabase(t *testing.T) {
	for _, raw := range []string{"mysql://u:secret@db/jobs", "redis://db", "postgres://u:secret@db:99999/jobs"} {
		_, err := config.LoadFrom(config.MapLookup(map[string]string{"JWT_SECRET": strongSecret, "JOBS_DATABASE_URL": raw}))
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), "config: JOBS_DATABASE_URL:")
		assert.NotContains(t, err.Error(), "secret", "the password is never quoted")
	}
}

// Lookup hands the MAIL_* and STORAGE_* keys to petra/mail and
// petra/storage as they were read, the environment over .env.
func TestSettingsLookup(t *testing.T) {
	s, err := config.LoadFrom(config.MapLookup(map[string]string{
		"JWT_SECRET": strongSecret, "MAIL_MAILER": "smtp", "STORAGE_DISK": "", "PETRA_ENV": "development",
	}))
	require.NoError(t, err)
	v, ok := s.Lookup("MAIL_MAILER")
	assert.True(t, ok)
	assert.Equal(t, "smtp", v)
	_, ok = s.Lookup("STORAGE_DISK")
	assert.False(t, ok, "an empty value counts as unset")
	_, ok = s.Lookup("PETRA_ENV")
	assert.False(t, ok, "only the batteries' keys")
}
