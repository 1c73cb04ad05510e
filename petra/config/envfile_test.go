package config_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

// writeFile writes content to name in a new temporary directory and returns
// its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestLoadEnvFile(t *testing.T) {
	path := writeFile(t, "app.env", `# comment
PETRA_ADDR=127.0.0.1:9001
export DB_CONNECTION=postgres
DB_PASSWORD="from file # not a comment"
JWT_ISSUER=file-issuer
JWT_SECRET='`+strongSecret+`'
CORS_MAX_AGE=60 # trailing comment
`)
	env := map[string]string{
		"PETRA_ADDR": "127.0.0.1:9002", // the real environment wins
		"JWT_ISSUER": "",               // set but empty: still wins, so the default applies
	}
	s, err := config.Load(config.WithLookup(config.MapLookup(env)), config.WithEnvFile(path))
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9002", s.Addr)
	assert.Equal(t, config.Postgres, s.Database.Connection)
	assert.Equal(t, config.Secret("from file # not a comment"), s.Database.Password)
	assert.Equal(t, "petra", s.JWT.Issuer)
	assert.Equal(t, config.Secret(strongSecret), s.JWT.Secret)
	assert.Equal(t, 60*time.Second, s.CORS.MaxAge)
	assert.Empty(t, s.Warnings)
}

func TestLoadEnvFileDoesNotOverrideProcessEnvironment(t *testing.T) {
	// The one test of the default lookup: clear petra's keys for its duration.
	for _, key := range []string{
		"PETRA_ENV", "PETRA_ADDR", "PETRA_BASE_URL", "BODY_LIMIT", "SHUTDOWN_TIMEOUT",
		"DB_CONNECTION", "DB_HOST", "DB_PORT", "DB_DATABASE", "DB_USERNAME", "DB_PASSWORD", "DATABASE_URL",
		"DB_MAX_OPEN_CONNS", "DB_MAX_IDLE_CONNS", "DB_CONN_MAX_LIFETIME", "DB_MIGRATE_ON_START",
		"JWT_SECRET", "JWT_ACCESS_TTL", "JWT_REFRESH_TTL", "JWT_ISSUER", "JWT_LEEWAY",
		"CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_METHODS", "CORS_ALLOWED_HEADERS", "CORS_ALLOW_CREDENTIALS", "CORS_MAX_AGE",
		"RATE_LIMIT_PER_MINUTE", "REDIS_URL", "API_LOG_ENABLED", "API_LOG_MAX_BODY", "PETRA_DOCS",
	} {
		t.Setenv(key, "") // restores the original value after the test
		require.NoError(t, os.Unsetenv(key))
	}
	t.Setenv("PETRA_ADDR", "127.0.0.1:7001")
	path := writeFile(t, ".env", "PETRA_ADDR=127.0.0.1:7002\nJWT_ISSUER=from-file\n")

	s, err := config.Load(config.WithEnvFile(path))
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:7001", s.Addr)
	assert.Equal(t, "from-file", s.JWT.Issuer)
	_, set := os.LookupEnv("JWT_ISSUER")
	assert.False(t, set, ".env values are not exported into the process environment")
}

func TestLoadDefaultEnvFile(t *testing.T) {
	none := config.WithLookup(config.MapLookup(nil))

	t.Chdir(t.TempDir())
	s, err := config.Load(none)
	require.NoError(t, err, "a missing default .env is skipped")
	assert.Equal(t, "127.0.0.1:8000", s.Addr)

	require.NoError(t, os.WriteFile(config.DefaultEnvFile, []byte("PETRA_ADDR=:8123\n"), 0o600))
	s, err = config.Load(none)
	require.NoError(t, err)
	assert.Equal(t, ":8123", s.Addr)

	s, err = config.Load(none, config.WithEnvFile(""))
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8000", s.Addr, `WithEnvFile("") reads no file`)

	s, err = config.LoadFrom(config.MapLookup(nil))
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8000", s.Addr, "LoadFrom reads no file")
}

func TestLoadEnvFileErrors(t *testing.T) {
	t.Run("named file missing", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "missing.env")
		_, err := config.Load(config.WithLookup(config.MapLookup(nil)), config.WithEnvFile(path))
		require.ErrorIs(t, err, fs.ErrNotExist)
		assert.Equal(t, `config: env file "`+path+`": no such file or directory`, err.Error())
	})
	tests := []struct {
		name, content, msg string
	}{
		{"unterminated quote", "PETRA_ADDR=:8000\n\nJWT_SECRET=\"hunter2 never closed\nAPI_LOG_ENABLED=true\n",
			"line 3: unterminated quoted value"},
		{"bad key", "PETRA_ADDR=:8000\nDB-PASSWORD=hunter2\n",
			`line 2: unexpected character "-" in variable name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, ".env", tt.content)
			_, err := config.Load(config.WithLookup(config.MapLookup(nil)), config.WithEnvFile(path))
			require.Error(t, err)
			assert.Equal(t, `config: env file "`+path+`": `+tt.msg, err.Error())
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestLoadEnvFileWarnsAboutUnknownKeys(t *testing.T) {
	path := writeFile(t, ".env", "DB_PASWORD=x\nJWT_SECRET="+strongSecret+"\nMY_APP_KEY=y\nCORS_ORIGINS=z\n")
	s, err := config.Load(config.WithLookup(config.MapLookup(nil)), config.WithEnvFile(path))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"config: " + path + ": unknown key CORS_ORIGINS is ignored (see .env.example for petra's keys)",
		"config: " + path + ": unknown key DB_PASWORD is ignored (see .env.example for petra's keys)",
	}, s.Warnings)
}
