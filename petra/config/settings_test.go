package config_test

import (
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

func TestLoadDefaults(t *testing.T) {
	s := load(t, nil)

	assert.Regexp(t, `^[0-9a-f]{64}$`, string(s.JWT.Secret), "development generates a 32-byte hex secret")
	assert.True(t, s.JWT.Generated)
	assert.Empty(t, s.Warnings, "the runtime that serves warns of the generated secret, not every command")
	s.JWT.Secret, s.JWT.Generated = "", false

	assert.Equal(t, &config.Settings{
		Env:             config.Development,
		Addr:            "127.0.0.1:8000",
		BaseURL:         "",
		BodyLimit:       1 << 20,
		ShutdownTimeout: 10 * time.Second,
		Database: config.Database{
			Connection:      config.SQLite,
			Name:            "petra.sqlite3",
			MaxOpenConns:    25,
			MaxIdleConns:    25,
			ConnMaxLifetime: 5 * time.Minute,
			MigrateOnStart:  true,
		},
		JWT: config.JWT{
			AccessTTL:  15 * time.Minute,
			RefreshTTL: 168 * time.Hour,
			Issuer:     "petra",
			Leeway:     30 * time.Second,
		},
		PasswordHashCost: 10,
		Docs:             true,
		Jobs:             config.Jobs{Enabled: true},
		CORS: config.CORS{
			AllowedOrigins: []string{"http://localhost:3000"},
			AllowedMethods: []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"},
			AllowedHeaders: []string{"Accept", "Authorization", "Content-Type", "X-Request-ID"},
			MaxAge:         300 * time.Second,
		},
		RateLimit: config.RateLimit{PerMinute: 60},
		APILog:    config.APILog{MaxBody: 4096},
		Log:       config.Log{Format: config.LogText, Level: slog.LevelInfo},
	}, s)
	assert.True(t, s.IsDevelopment())
	assert.False(t, s.IsProduction())
	assert.True(t, s.RateLimit.Enabled())
}

func TestLoadProductionDefaults(t *testing.T) {
	s := load(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": strongSecret})
	assert.True(t, s.IsProduction())
	assert.False(t, s.IsDevelopment())
	assert.False(t, s.Database.MigrateOnStart, "production does not migrate unless asked")
	assert.Equal(t, config.Secret(strongSecret), s.JWT.Secret)
	assert.Empty(t, s.Warnings)
}

func TestLoadEmptyValueMeansDefault(t *testing.T) {
	s := load(t, map[string]string{"PETRA_ADDR": "", "BODY_LIMIT": "  ", "JWT_SECRET": strongSecret})
	assert.Equal(t, "127.0.0.1:8000", s.Addr)
	assert.EqualValues(t, 1<<20, s.BodyLimit)
}

func TestLoadParsesEachKey(t *testing.T) {
	base := map[string]string{"JWT_SECRET": strongSecret}
	tests := []struct {
		key, value string
		got        func(*config.Settings) any
		want       any
	}{
		{"PETRA_ENV", "production", func(s *config.Settings) any { return s.Env }, config.Production},
		{"PETRA_ENV", " Development ", func(s *config.Settings) any { return s.Env }, config.Development},
		{"PETRA_ADDR", ":9000", func(s *config.Settings) any { return s.Addr }, ":9000"},
		{"PETRA_ADDR", "[::1]:0", func(s *config.Settings) any { return s.Addr }, "[::1]:0"},
		{"PETRA_BASE_URL", "https://api.example.com", func(s *config.Settings) any { return s.BaseURL }, "https://api.example.com"},
		{"PETRA_BASE_URL", "http://localhost:8000/app/", func(s *config.Settings) any { return s.BaseURL }, "http://localhost:8000/app"},
		{"BODY_LIMIT", "2048", func(s *config.Settings) any { return s.BodyLimit }, int64(2048)},
		{"BODY_LIMIT", "2MiB", func(s *config.Settings) any { return s.BodyLimit }, int64(2 << 20)},
		{"BODY_LIMIT", "512 KiB", func(s *config.Settings) any { return s.BodyLimit }, int64(512 << 10)},
		{"BODY_LIMIT", "1MB", func(s *config.Settings) any { return s.BodyLimit }, int64(1000 * 1000)},
		{"BODY_LIMIT", "3m", func(s *config.Settings) any { return s.BodyLimit }, int64(3 << 20)},
		{"SHUTDOWN_TIMEOUT", "1m30s", func(s *config.Settings) any { return s.ShutdownTimeout }, 90 * time.Second},

		{"DB_CONNECTION", "postgres", func(s *config.Settings) any { return s.Database.Connection }, config.Postgres},
		{"DB_CONNECTION", "pgsql", func(s *config.Settings) any { return s.Database.Connection }, config.Postgres},
		{"DB_CONNECTION", "MySQL", func(s *config.Settings) any { return s.Database.Connection }, config.MySQL},
		{"DB_CONNECTION", "mariadb", func(s *config.Settings) any { return s.Database.Connection }, config.MySQL},
		{"DB_CONNECTION", "sqlite3", func(s *config.Settings) any { return s.Database.Connection }, config.SQLite},
		{"DB_DATABASE", "data/app.db", func(s *config.Settings) any { return s.Database.Name }, "data/app.db"},
		{"DB_MAX_OPEN_CONNS", "0", func(s *config.Settings) any { return s.Database.MaxOpenConns }, 0},
		{"DB_MAX_OPEN_CONNS", "10", func(s *config.Settings) any { return s.Database.MaxIdleConns }, 10},
		{"DB_MAX_IDLE_CONNS", "3", func(s *config.Settings) any { return s.Database.MaxIdleConns }, 3},
		{"DB_CONN_MAX_LIFETIME", "0", func(s *config.Settings) any { return s.Database.ConnMaxLifetime }, time.Duration(0)},
		{"DB_CONN_MAX_LIFETIME", "1h", func(s *config.Settings) any { return s.Database.ConnMaxLifetime }, time.Hour},
		{"DB_MIGRATE_ON_START", "off", func(s *config.Settings) any { return s.Database.MigrateOnStart }, false},

		{"JWT_SECRET", "weak-but-32-bytes-is-fine-in-development", func(s *config.Settings) any { return s.JWT.Secret }, config.Secret("weak-but-32-bytes-is-fine-in-development")},
		{"JWT_SECRET", " spaces around a secret are kept ", func(s *config.Settings) any { return s.JWT.Secret }, config.Secret(" spaces around a secret are kept ")},
		{"JWT_ACCESS_TTL", "5m", func(s *config.Settings) any { return s.JWT.AccessTTL }, 5 * time.Minute},
		{"JWT_REFRESH_TTL", "720h", func(s *config.Settings) any { return s.JWT.RefreshTTL }, 720 * time.Hour},
		{"JWT_ISSUER", "shop-api", func(s *config.Settings) any { return s.JWT.Issuer }, "shop-api"},
		{"JWT_LEEWAY", "0s", func(s *config.Settings) any { return s.JWT.Leeway }, time.Duration(0)},

		{"CORS_ALLOWED_ORIGINS", "https://a.example, https://*.b.example,,", func(s *config.Settings) any { return s.CORS.AllowedOrigins },
			[]string{"https://a.example", "https://*.b.example"}},
		{"CORS_ALLOWED_ORIGINS", "*", func(s *config.Settings) any { return s.CORS.AllowedOrigins }, []string{"*"}},
		{"CORS_ALLOWED_METHODS", "get, post", func(s *config.Settings) any { return s.CORS.AllowedMethods }, []string{"GET", "POST"}},
		{"CORS_ALLOWED_HEADERS", "Content-Type,X-Api-Key", func(s *config.Settings) any { return s.CORS.AllowedHeaders },
			[]string{"Content-Type", "X-Api-Key"}},
		{"CORS_ALLOW_CREDENTIALS", "yes", func(s *config.Settings) any { return s.CORS.AllowCredentials }, true},
		{"CORS_MAX_AGE", "600", func(s *config.Settings) any { return s.CORS.MaxAge }, 600 * time.Second},
		{"CORS_MAX_AGE", "1h", func(s *config.Settings) any { return s.CORS.MaxAge }, time.Hour},
		{"CORS_MAX_AGE", "0", func(s *config.Settings) any { return s.CORS.MaxAge }, time.Duration(0)},

		{"RATE_LIMIT_PER_MINUTE", "0", func(s *config.Settings) any { return s.RateLimit.Enabled() }, false},
		{"RATE_LIMIT_PER_MINUTE", "120", func(s *config.Settings) any { return s.RateLimit.PerMinute }, 120},
		{"REDIS_URL", "redis://:pw@cache:6379/1", func(s *config.Settings) any { return s.RateLimit.RedisURL }, config.Secret("redis://:pw@cache:6379/1")},
		{"REDIS_URL", "rediss://cache:6380", func(s *config.Settings) any { return s.RateLimit.RedisURL }, config.Secret("rediss://cache:6380")},
		{"REDIS_URL", "unix:///run/redis.sock", func(s *config.Settings) any { return s.RateLimit.RedisURL }, config.Secret("unix:///run/redis.sock")},

		{"API_LOG_ENABLED", "TRUE", func(s *config.Settings) any { return s.APILog.Enabled }, true},
		{"API_LOG_MAX_BODY", "0", func(s *config.Settings) any { return s.APILog.MaxBody }, int64(0)},
		{"API_LOG_MAX_BODY", "16KiB", func(s *config.Settings) any { return s.APILog.MaxBody }, int64(16 << 10)},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			s := load(t, with(base, tt.key, tt.value))
			assert.Equal(t, tt.want, tt.got(s))
		})
	}
}

func TestLoadServerDatabaseParts(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want config.Database
	}{
		{"postgres defaults", map[string]string{"DB_CONNECTION": "postgres"}, config.Database{
			Connection: config.Postgres, Host: "127.0.0.1", Port: 5432, Name: "petra",
		}},
		{"mysql defaults", map[string]string{"DB_CONNECTION": "mysql"}, config.Database{
			Connection: config.MySQL, Host: "127.0.0.1", Port: 3306, Name: "petra",
		}},
		{"postgres parts", map[string]string{
			"DB_CONNECTION": "postgres", "DB_HOST": "db.internal", "DB_PORT": "6432",
			"DB_DATABASE": "shop", "DB_USERNAME": "app", "DB_PASSWORD": "s3cret",
		}, config.Database{
			Connection: config.Postgres, Host: "db.internal", Port: 6432, Name: "shop",
			Username: "app", Password: "s3cret",
		}},
		{"sqlite ignores server parts", map[string]string{
			"DB_HOST": "db.internal", "DB_PORT": "6432", "DB_USERNAME": "app", "DB_PASSWORD": "s3cret",
		}, config.Database{Connection: config.SQLite, Name: "petra.sqlite3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := load(t, tt.env).Database
			d.MaxOpenConns, d.MaxIdleConns, d.ConnMaxLifetime, d.MigrateOnStart = 0, 0, 0, false
			assert.Equal(t, tt.want, d)
		})
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		key  string
		msg  string // the whole error text of key, after "config: KEY: "
	}{
		{"env", map[string]string{"PETRA_ENV": "staging"}, "PETRA_ENV",
			`"staging" is not an environment (use development or production)`},
		{"addr without port", map[string]string{"PETRA_ADDR": "localhost"}, "PETRA_ADDR",
			`"localhost" is not host:port (e.g. 127.0.0.1:8000 or :8000)`},
		{"addr named port", map[string]string{"PETRA_ADDR": "localhost:http"}, "PETRA_ADDR",
			`"localhost:http" does not end in a port number (0-65535)`},
		{"addr port range", map[string]string{"PETRA_ADDR": ":99999"}, "PETRA_ADDR",
			`":99999" does not end in a port number (0-65535)`},
		{"base url relative", map[string]string{"PETRA_BASE_URL": "api.example.com"}, "PETRA_BASE_URL",
			`"api.example.com" is not an absolute http(s) URL (e.g. https://api.example.com)`},
		{"base url scheme", map[string]string{"PETRA_BASE_URL": "ftp://example.com"}, "PETRA_BASE_URL",
			`"ftp://example.com" is not an absolute http(s) URL (e.g. https://api.example.com)`},
		{"base url query", map[string]string{"PETRA_BASE_URL": "https://x.io/?a=1"}, "PETRA_BASE_URL",
			`"https://x.io/?a=1" must not have a query or fragment`},
		{"base url user", map[string]string{"PETRA_BASE_URL": "https://u:hunter2@x.io"}, "PETRA_BASE_URL",
			`must not contain a user name or password`},
		{"body limit word", map[string]string{"BODY_LIMIT": "lots"}, "BODY_LIMIT",
			`"lots" is not a size in bytes (e.g. 1048576, 512KiB or 2MiB)`},
		{"body limit unit", map[string]string{"BODY_LIMIT": "2XB"}, "BODY_LIMIT",
			`"2XB" is not a size in bytes (e.g. 1048576, 512KiB or 2MiB)`},
		{"body limit negative", map[string]string{"BODY_LIMIT": "-1"}, "BODY_LIMIT",
			`"-1" is not a size in bytes (e.g. 1048576, 512KiB or 2MiB)`},
		{"body limit overflow", map[string]string{"BODY_LIMIT": "99999999999GiB"}, "BODY_LIMIT",
			`"99999999999GiB" is not a size in bytes (e.g. 1048576, 512KiB or 2MiB)`},
		{"body limit zero", map[string]string{"BODY_LIMIT": "0"}, "BODY_LIMIT", `"0" must be more than zero`},
		{"shutdown no unit", map[string]string{"SHUTDOWN_TIMEOUT": "10"}, "SHUTDOWN_TIMEOUT",
			`"10" is not a duration (use a number with a unit, e.g. 30s, 15m or 1h30m)`},
		{"shutdown zero", map[string]string{"SHUTDOWN_TIMEOUT": "0s"}, "SHUTDOWN_TIMEOUT", `"0s" must be more than zero`},
		{"shutdown negative", map[string]string{"SHUTDOWN_TIMEOUT": "-1s"}, "SHUTDOWN_TIMEOUT", `"-1s" must not be negative`},

		{"connection", map[string]string{"DB_CONNECTION": "oracle"}, "DB_CONNECTION",
			`"oracle" is not a supported connection (use sqlite, postgres or mysql)`},
		{"port word", map[string]string{"DB_CONNECTION": "postgres", "DB_PORT": "abc"}, "DB_PORT",
			`"abc" is not a port number (1-65535)`},
		{"port zero", map[string]string{"DB_CONNECTION": "mysql", "DB_PORT": "0"}, "DB_PORT",
			`"0" is not a port number (1-65535)`},
		{"port range", map[string]string{"DB_CONNECTION": "mysql", "DB_PORT": "70000"}, "DB_PORT",
			`"70000" is not a port number (1-65535)`},
		{"database name slash", map[string]string{"DB_CONNECTION": "postgres", "DB_DATABASE": "a/b"}, "DB_DATABASE",
			`"a/b" is not a database name (it must be non-empty, without '/')`},
		{"mysql user colon", map[string]string{"DB_CONNECTION": "mysql", "DB_USERNAME": "a:b"}, "DB_USERNAME",
			`a MySQL user name cannot contain ':'`},
		{"sqlite no path", map[string]string{"DB_DATABASE": "?mode=ro"}, "DB_DATABASE",
			`the SQLite database has no file path (e.g. petra.sqlite3 or :memory:)`},
		{"sqlite bad query", map[string]string{"DB_DATABASE": "x.db?a=%zz"}, "DB_DATABASE",
			`the SQLite query "a=%zz" is malformed`},
		{"url scheme", map[string]string{"DATABASE_URL": "redis://h/0"}, "DATABASE_URL",
			`scheme "redis" is not supported (use postgres://…, mysql://…, sqlite:path or file:path)`},
		{"url not a url", map[string]string{"DATABASE_URL": "petra.db"}, "DATABASE_URL",
			`is not a URL (use postgres://…, mysql://…, sqlite:path or file:path)`},
		{"url port", map[string]string{"DATABASE_URL": "postgres://u:hunter2@h:5x/db"}, "DATABASE_URL",
			`is not a valid URL: invalid port ":5x" after host`},
		{"url port range", map[string]string{"DATABASE_URL": "mysql://u:hunter2@h:99999/db"}, "DATABASE_URL",
			`port "99999" is not a port number (1-65535)`},
		{"url escape", map[string]string{"DATABASE_URL": "postgres://u:hun%zzter2@h/db"}, "DATABASE_URL",
			`is not a valid URL: it has an invalid %-escape (write special characters of the password as %XX, e.g. @ as %40)`},
		{"url opaque", map[string]string{"DATABASE_URL": "postgres:hunter2"}, "DATABASE_URL",
			`is not a valid URL: want postgres://user:password@host:port/database`},
		{"url sqlite no path", map[string]string{"DATABASE_URL": "sqlite:"}, "DATABASE_URL",
			`the SQLite database has no file path (e.g. petra.sqlite3 or :memory:)`},
		{"url query", map[string]string{"DATABASE_URL": "postgres://h/db?sslmode=%zz"}, "DATABASE_URL",
			`the query is malformed`},
		{"url mysql db slash", map[string]string{"DATABASE_URL": "mysql://h/a/b"}, "DATABASE_URL",
			`"a/b" is not a database name (it must be non-empty, without '/')`},
		{"max open negative", map[string]string{"DB_MAX_OPEN_CONNS": "-1"}, "DB_MAX_OPEN_CONNS", `-1 must be 0 or more`},
		{"max open word", map[string]string{"DB_MAX_OPEN_CONNS": "many"}, "DB_MAX_OPEN_CONNS", `"many" is not a whole number`},
		{"max idle above open", map[string]string{"DB_MAX_OPEN_CONNS": "10", "DB_MAX_IDLE_CONNS": "30"}, "DB_MAX_IDLE_CONNS",
			`30 is more than DB_MAX_OPEN_CONNS (10)`},
		{"lifetime", map[string]string{"DB_CONN_MAX_LIFETIME": "5"}, "DB_CONN_MAX_LIFETIME",
			`"5" is not a duration (use a number with a unit, e.g. 30s, 15m or 1h30m)`},
		{"migrate", map[string]string{"DB_MIGRATE_ON_START": "maybe"}, "DB_MIGRATE_ON_START",
			`"maybe" is not a boolean (use true or false)`},

		{"access ttl unit", map[string]string{"JWT_ACCESS_TTL": "15"}, "JWT_ACCESS_TTL",
			`"15" is not a duration (use a number with a unit, e.g. 30s, 15m or 1h30m)`},
		{"access ttl zero", map[string]string{"JWT_ACCESS_TTL": "0"}, "JWT_ACCESS_TTL", `"0" must be more than zero`},
		{"refresh ttl zero", map[string]string{"JWT_REFRESH_TTL": "0s"}, "JWT_REFRESH_TTL", `"0s" must be more than zero`},
		{"refresh shorter", map[string]string{"JWT_REFRESH_TTL": "10m"}, "JWT_REFRESH_TTL",
			`10m0s is shorter than JWT_ACCESS_TTL (15m0s)`},
		{"leeway negative", map[string]string{"JWT_LEEWAY": "-1s"}, "JWT_LEEWAY", `"-1s" must not be negative`},
		{"production without secret", map[string]string{"PETRA_ENV": "production"}, "JWT_SECRET",
			`must be set in production (at least 32 bytes, e.g. from: openssl rand -hex 32)`},
		{"production short secret", map[string]string{"PETRA_ENV": "production", "JWT_SECRET": "hunter2"}, "JWT_SECRET",
			`is shorter than 32 bytes, too weak for production (e.g. use: openssl rand -hex 32)`},
		{"development short secret", map[string]string{"JWT_SECRET": "hunter2"}, "JWT_SECRET",
			`is shorter than 32 bytes, which token signing refuses in any environment (e.g. use: openssl rand -hex 32)`},

		{"origin without scheme", map[string]string{"CORS_ALLOWED_ORIGINS": "example.com"}, "CORS_ALLOWED_ORIGINS",
			`"example.com" is not an origin (want scheme://host[:port] with no path, or *)`},
		{"origin with slash", map[string]string{"CORS_ALLOWED_ORIGINS": "http://localhost:3000/"}, "CORS_ALLOWED_ORIGINS",
			`"http://localhost:3000/" is not an origin (want scheme://host[:port] with no path, or *)`},
		{"star with credentials", map[string]string{"CORS_ALLOWED_ORIGINS": "*", "CORS_ALLOW_CREDENTIALS": "true"}, "CORS_ALLOWED_ORIGINS",
			`"*" cannot be combined with CORS_ALLOW_CREDENTIALS=true (browsers refuse it): list the origins, or turn credentials off`},
		{"method", map[string]string{"CORS_ALLOWED_METHODS": "GET,PO ST"}, "CORS_ALLOWED_METHODS", `"PO ST" is not an HTTP method`},
		{"header", map[string]string{"CORS_ALLOWED_HEADERS": "X-Ok,X:Bad"}, "CORS_ALLOWED_HEADERS", `"X:Bad" is not a header name`},
		{"credentials", map[string]string{"CORS_ALLOW_CREDENTIALS": "maybe"}, "CORS_ALLOW_CREDENTIALS",
			`"maybe" is not a boolean (use true or false)`},
		{"max age negative", map[string]string{"CORS_MAX_AGE": "-5"}, "CORS_MAX_AGE", `"-5" is out of range (0 or more seconds)`},
		{"max age word", map[string]string{"CORS_MAX_AGE": "long"}, "CORS_MAX_AGE",
			`"long" is not a duration (use a number with a unit, e.g. 30s, 15m or 1h30m)`},

		{"rate negative", map[string]string{"RATE_LIMIT_PER_MINUTE": "-1"}, "RATE_LIMIT_PER_MINUTE", `-1 must be 0 or more`},
		{"rate word", map[string]string{"RATE_LIMIT_PER_MINUTE": "ten"}, "RATE_LIMIT_PER_MINUTE", `"ten" is not a whole number`},
		{"redis scheme", map[string]string{"REDIS_URL": "http://:hunter2@cache:6379"}, "REDIS_URL",
			`is not a redis://, rediss:// or unix:// URL`},
		{"redis host", map[string]string{"REDIS_URL": "redis://:hunter2@"}, "REDIS_URL",
			`has no host (e.g. redis://localhost:6379/0)`},
		{"redis parse", map[string]string{"REDIS_URL": "redis://:hunter2@cache:port"}, "REDIS_URL",
			`is not a valid URL: invalid port ":port" after host`},

		{"api log enabled", map[string]string{"API_LOG_ENABLED": "sometimes"}, "API_LOG_ENABLED",
			`"sometimes" is not a boolean (use true or false)`},
		{"api log body", map[string]string{"API_LOG_MAX_BODY": "-1"}, "API_LOG_MAX_BODY",
			`"-1" is not a size in bytes (e.g. 1048576, 512KiB or 2MiB)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := loadErr(t, tt.env)
			kes := keyErrors(t, err)
			require.Len(t, kes, 1, err.Error())
			assert.Equal(t, tt.key, kes[0].Key)
			assert.Equal(t, "config: "+tt.key+": "+tt.msg, err.Error())
			assert.NotContains(t, err.Error(), "hunter2", "a secret was echoed")
			var ke *config.KeyError
			require.True(t, errors.As(err, &ke))
			assert.Equal(t, tt.key, ke.Key)
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	err := loadErr(t, map[string]string{
		"PETRA_ENV":              "production", // and no JWT_SECRET
		"DB_CONNECTION":          "postgres",
		"DB_PORT":                "abc",
		"CORS_ALLOWED_ORIGINS":   "*",
		"CORS_ALLOW_CREDENTIALS": "true",
		"RATE_LIMIT_PER_MINUTE":  "-3",
	})
	var keys []string
	for _, ke := range keyErrors(t, err) {
		keys = append(keys, ke.Key)
	}
	assert.Equal(t, []string{"DB_PORT", "JWT_SECRET", "CORS_ALLOWED_ORIGINS", "RATE_LIMIT_PER_MINUTE"}, keys)
	assert.Len(t, strings.Split(err.Error(), "\n"), 4, "one line per problem")
	assert.Contains(t, err.Error(), "CORS_ALLOW_CREDENTIALS", "the CORS error names both keys")
}

func TestLoadJWTSecret(t *testing.T) {
	t.Run("development generates a fresh secret and says so", func(t *testing.T) {
		a, b := load(t, nil), load(t, nil)
		assert.Len(t, a.JWT.Secret, 64)
		assert.NotEqual(t, a.JWT.Secret, b.JWT.Secret)
		assert.True(t, a.JWT.Generated)
		assert.Equal(t, "config: JWT_SECRET is not set; using a random secret for this run, so tokens stop working on restart (set it to at least 32 bytes, e.g. openssl rand -hex 32)", a.JWT.Warning())
		assert.NotContains(t, a.JWT.Warning(), string(a.JWT.Secret))
		assert.Empty(t, config.JWT{Secret: "set"}.Warning())
	})
	t.Run("production accepts exactly 32 bytes", func(t *testing.T) {
		s := load(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": strongSecret[:32]})
		assert.Empty(t, s.Warnings)
	})
}

func TestLoadDatabaseURLWinsOverParts(t *testing.T) {
	s := load(t, map[string]string{
		"DB_CONNECTION": "mysql", "DB_HOST": "ignored", "DB_PORT": "not-even-checked",
		"DB_PASSWORD":  "ignored-pw",
		"DATABASE_URL": "postgres://app:s3cret@db.example:6432/shop?sslmode=require",
	})
	d := s.Database
	assert.Equal(t, config.Postgres, d.Connection)
	assert.Equal(t, "db.example", d.Host)
	assert.Equal(t, 6432, d.Port)
	assert.Equal(t, "shop", d.Name)
	assert.Equal(t, "app", d.Username)
	assert.Equal(t, config.Secret("s3cret"), d.Password)
	assert.Equal(t, url.Values{"sslmode": {"require"}}, d.Params)
	assert.Contains(t, s.Warnings, "config: DATABASE_URL is set, so DB_CONNECTION, DB_HOST, DB_PORT, DB_PASSWORD are ignored")

	one := load(t, map[string]string{"DB_HOST": "x", "DATABASE_URL": "sqlite:app.db"})
	assert.Contains(t, one.Warnings, "config: DATABASE_URL is set, so DB_HOST is ignored")
}
