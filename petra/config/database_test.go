package config_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/go-petra/petra/petra/config"
)

func TestDatabaseDSN(t *testing.T) {
	const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"
	tests := []struct {
		name   string
		env    map[string]string
		driver string
		dsn    string
		str    string // String(): redacted
	}{
		{"sqlite default", nil, "sqlite", "petra.sqlite3?" + pragmas, "sqlite:petra.sqlite3"},
		{"sqlite path", map[string]string{"DB_DATABASE": "/var/lib/petra/app.db"}, "sqlite",
			"/var/lib/petra/app.db?" + pragmas, "sqlite:/var/lib/petra/app.db"},
		{"postgres parts", map[string]string{
			"DB_CONNECTION": "postgres", "DB_HOST": "db.internal", "DB_DATABASE": "shop",
			"DB_USERNAME": "app", "DB_PASSWORD": "s3cret",
		}, "pgx", "postgres://app:s3cret@db.internal:5432/shop?sslmode=disable",
			"postgres://app:xxxxx@db.internal:5432/shop"},
		{"postgres no credentials", map[string]string{"DB_CONNECTION": "postgres"}, "pgx",
			"postgres://127.0.0.1:5432/petra?sslmode=disable", "postgres://127.0.0.1:5432/petra"},
		{"postgres ipv6", map[string]string{"DB_CONNECTION": "postgres", "DB_HOST": "::1", "DB_USERNAME": "app"}, "pgx",
			"postgres://app@[::1]:5432/petra?sslmode=disable", "postgres://app@[::1]:5432/petra"},
		{"mysql parts", map[string]string{
			"DB_CONNECTION": "mysql", "DB_HOST": "db.internal", "DB_PORT": "3307", "DB_DATABASE": "shop",
			"DB_USERNAME": "app", "DB_PASSWORD": "s3cret",
		}, "mysql", "app:s3cret@tcp(db.internal:3307)/shop?charset=utf8mb4&multiStatements=true&parseTime=true",
			"mysql://app:xxxxx@db.internal:3307/shop"},
		{"mysql no credentials", map[string]string{"DB_CONNECTION": "mysql"}, "mysql",
			"tcp(127.0.0.1:3306)/petra?charset=utf8mb4&multiStatements=true&parseTime=true", "mysql://127.0.0.1:3306/petra"},

		// DATABASE_URL, for each driver.
		{"url postgres", map[string]string{"DATABASE_URL": "postgres://app:s3cret@db:5432/shop"}, "pgx",
			"postgres://app:s3cret@db:5432/shop?sslmode=disable", "postgres://app:xxxxx@db:5432/shop"},
		{"url postgresql keeps sslmode and params", map[string]string{
			"DATABASE_URL": "postgresql://app:s3cret@db/shop?sslmode=verify-full&application_name=petra",
		}, "pgx", "postgres://app:s3cret@db:5432/shop?application_name=petra&sslmode=verify-full",
			"postgres://app:xxxxx@db:5432/shop?application_name=petra&sslmode=verify-full"},
		{"url postgres password param", map[string]string{"DATABASE_URL": "postgres://app@db/shop?password=s3cret"}, "pgx",
			"postgres://app:s3cret@db:5432/shop?sslmode=disable", "postgres://app:xxxxx@db:5432/shop"},
		{"url mysql converted", map[string]string{"DATABASE_URL": "mysql://app:s3cret@db:3307/shop?tls=true"}, "mysql",
			"app:s3cret@tcp(db:3307)/shop?charset=utf8mb4&multiStatements=true&parseTime=true&tls=true",
			"mysql://app:xxxxx@db:3307/shop?tls=true"},
		{"url mysql keeps its own defaults", map[string]string{
			"DATABASE_URL": "mariadb://app@db/shop?parseTime=false&charset=utf8mb4,utf8&loc=Europe%2FParis",
		}, "mysql", "app@tcp(db:3306)/shop?charset=utf8mb4,utf8&loc=Europe%2FParis&multiStatements=true&parseTime=false",
			"mysql://app@db:3306/shop?charset=utf8mb4%2Cutf8&loc=Europe%2FParis&parseTime=false"},
		{"url sqlite", map[string]string{"DATABASE_URL": "sqlite:data/app.db"}, "sqlite",
			"data/app.db?" + pragmas, "sqlite:data/app.db"},
		{"url sqlite absolute", map[string]string{"DATABASE_URL": "sqlite:///var/app.db"}, "sqlite",
			"/var/app.db?" + pragmas, "sqlite:/var/app.db"},
		{"url sqlite memory", map[string]string{"DATABASE_URL": "sqlite::memory:"}, "sqlite",
			":memory:?" + pragmas, "sqlite::memory:"},
		{"url sqlite own pragma", map[string]string{"DATABASE_URL": "sqlite:app.db?_pragma=journal_mode(DELETE)"}, "sqlite",
			"app.db?_pragma=journal_mode(DELETE)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)",
			"sqlite:app.db?_pragma=journal_mode(DELETE)"},
		{"url file uri", map[string]string{"DATABASE_URL": "file:app.db?mode=ro"}, "sqlite",
			"file:app.db?" + pragmas + "&mode=ro", "sqlite:file:app.db?mode=ro"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := load(t, tt.env).Database
			assert.Equal(t, tt.driver, d.Driver())
			assert.Equal(t, tt.dsn, d.DSN())
			assert.Equal(t, tt.str, d.String())
		})
	}
}

func TestDatabaseUnknownConnection(t *testing.T) {
	var d config.Database
	assert.Empty(t, d.Driver())
	assert.Empty(t, d.DSN())
}

// awkward is a password with every character that means something in a URL
// or a MySQL DSN.
const awkward = `p@ss:w/rd?#%&=+ ü(x)[y]'"\;`

func TestDatabaseDSNEscapesCredentials(t *testing.T) {
	t.Run("postgres parts", func(t *testing.T) {
		d := load(t, map[string]string{
			"DB_CONNECTION": "postgres", "DB_USERNAME": "app@corp", "DB_PASSWORD": awkward, "DB_DATABASE": "my shop",
		}).Database
		cfg, err := pgx.ParseConfig(d.DSN())
		require.NoError(t, err)
		assert.Equal(t, "app@corp", cfg.User)
		assert.Equal(t, awkward, cfg.Password)
		assert.Equal(t, "my shop", cfg.Database)
		assert.Equal(t, "127.0.0.1", cfg.Host)
		assert.EqualValues(t, 5432, cfg.Port)
		assert.Nil(t, cfg.TLSConfig, "sslmode=disable")
	})
	t.Run("postgres url", func(t *testing.T) {
		d := load(t, map[string]string{
			"DATABASE_URL": "postgres://" + url.UserPassword("app", awkward).String() + "@db:6432/shop",
		}).Database
		assert.Equal(t, config.Secret(awkward), d.Password)
		cfg, err := pgx.ParseConfig(d.DSN())
		require.NoError(t, err)
		assert.Equal(t, awkward, cfg.Password)
		assert.EqualValues(t, 6432, cfg.Port)
	})
	t.Run("mysql parts", func(t *testing.T) {
		d := load(t, map[string]string{
			"DB_CONNECTION": "mysql", "DB_USERNAME": "app@corp", "DB_PASSWORD": awkward, "DB_DATABASE": "my shop",
		}).Database
		cfg, err := mysql.ParseDSN(d.DSN())
		require.NoError(t, err)
		assert.Equal(t, "app@corp", cfg.User)
		assert.Equal(t, awkward, cfg.Passwd)
		assert.Equal(t, "my shop", cfg.DBName)
		assert.Equal(t, "tcp", cfg.Net)
		assert.Equal(t, "127.0.0.1:3306", cfg.Addr)
		assert.True(t, cfg.ParseTime)
		assert.True(t, cfg.MultiStatements)
	})
	t.Run("mysql url", func(t *testing.T) {
		d := load(t, map[string]string{
			"DATABASE_URL": "mysql://" + url.UserPassword("app", awkward).String() + "@[::1]:3307/shop?loc=Europe%2FParis",
		}).Database
		cfg, err := mysql.ParseDSN(d.DSN())
		require.NoError(t, err)
		assert.Equal(t, awkward, cfg.Passwd)
		assert.Equal(t, "[::1]:3307", cfg.Addr)
		assert.Equal(t, "Europe/Paris", cfg.Loc.String())
	})
}

func TestDatabaseDSNOpensSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir with space", "app #1.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	d := load(t, map[string]string{"DB_DATABASE": path}).Database

	db, err := sql.Open(d.Driver(), d.DSN())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	for pragma, want := range map[string]string{"journal_mode": "wal", "busy_timeout": "5000", "foreign_keys": "1"} {
		var got string
		require.NoError(t, db.QueryRow("PRAGMA "+pragma).Scan(&got), pragma)
		assert.Equal(t, want, got, pragma)
	}
	assert.FileExists(t, path)
}

func TestDatabaseRedaction(t *testing.T) {
	const pw = "hunter2-db-password"
	for _, env := range []map[string]string{
		{"DB_CONNECTION": "postgres", "DB_USERNAME": "app", "DB_PASSWORD": pw},
		{"DB_CONNECTION": "mysql", "DB_USERNAME": "app", "DB_PASSWORD": pw},
		{"DATABASE_URL": "postgres://app@db/shop?password=" + pw},
		{"DATABASE_URL": "mysql://app:" + pw + "@db/shop"},
	} {
		d := load(t, env).Database
		require.Contains(t, d.DSN(), pw, "the DSN is the one place with the password")
		for name, out := range printed(t, d) {
			assert.NotContains(t, out, pw, "%s of %v", name, env)
		}
	}
}

// printed renders v in every way a program might print or log it.
func printed(t *testing.T, v any) map[string]string {
	t.Helper()
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("settings", "v", v)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("settings", "v", v)
	enc, err := json.Marshal(v)
	require.NoError(t, err)
	return map[string]string{
		"%v": fmt.Sprintf("%v", v), "%+v": fmt.Sprintf("%+v", v), "%#v": fmt.Sprintf("%#v", v),
		"%s": fmt.Sprintf("%s", v), "%d": fmt.Sprintf("%d", v), "%x": fmt.Sprintf("%x", v), "Sprint": fmt.Sprint(v),
		"slog text": text.String(), "slog json": js.String(), "json": string(enc),
	}
}

func TestDatabaseLogValue(t *testing.T) {
	d := load(t, map[string]string{
		"DB_CONNECTION": "postgres", "DB_USERNAME": "app", "DB_PASSWORD": "pw",
		"DB_CONN_MAX_LIFETIME": "1m", "DB_MAX_OPEN_CONNS": "4",
	}).Database
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})).Info("db", "database", d)
	assert.Equal(t, "level=INFO msg=db database.connection=postgres database.host=127.0.0.1 database.port=5432 "+
		"database.database=petra database.username=app database.password=[redacted] database.max_open_conns=4 "+
		"database.max_idle_conns=4 database.conn_max_lifetime=1m0s database.migrate_on_start=true\n", buf.String())
}
