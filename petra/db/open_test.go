package db_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenEachDriver(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		require.NoError(t, d.Health(ctx))
		var one int64
		require.NoError(t, d.QueryRow(ctx, "SELECT 1").Scan(&one))
		assert.Equal(t, int64(1), one)
		assert.Contains(t, []db.Dialect{db.SQLite, db.Postgres, db.MySQL}, d.Dialect())
	})
}

func TestParseDialect(t *testing.T) {
	tests := []struct {
		in   string
		want db.Dialect
		err  bool
	}{
		{"sqlite", db.SQLite, false},
		{"SQLite3", db.SQLite, false},
		{"postgres", db.Postgres, false},
		{"postgresql", db.Postgres, false},
		{"pgx", db.Postgres, false},
		{"mysql", db.MySQL, false},
		{" mariadb ", db.MySQL, false},
		{"oracle", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := db.ParseDialect(tt.in)
			if tt.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestOpenUnknownDriver(t *testing.T) {
	_, err := db.Open(context.Background(), "oracle", "x")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"oracle"`)
}

func TestOpenSQLiteDefaults(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", filepath.Join(t.TempDir(), "app.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })

	pragmas := []struct {
		name string
		want string
	}{
		{"journal_mode", "wal"},
		{"busy_timeout", "5000"},
		{"foreign_keys", "1"},
	}
	for _, p := range pragmas {
		t.Run(p.name, func(t *testing.T) {
			var got string
			require.NoError(t, d.QueryRow(ctx, "PRAGMA "+p.name).Scan(&got))
			assert.Equal(t, p.want, got)
		})
	}
	assert.LessOrEqual(t, d.SQL().Stats().MaxOpenConnections, 4)
	assert.GreaterOrEqual(t, d.SQL().Stats().MaxOpenConnections, 2)
}

func TestOpenSQLiteKeepsDSNSettings(t *testing.T) {
	ctx := context.Background()
	dsn := "file:" + filepath.Join(t.TempDir(), "app.db") +
		"?_pragma=busy_timeout(1234)&_pragma=journal_mode(DELETE)&_pragma=foreign_keys(0)"
	d, err := db.Open(ctx, "sqlite", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	var mode, timeout, fk string
	require.NoError(t, d.QueryRow(ctx, "PRAGMA journal_mode").Scan(&mode))
	require.NoError(t, d.QueryRow(ctx, "PRAGMA busy_timeout").Scan(&timeout))
	require.NoError(t, d.QueryRow(ctx, "PRAGMA foreign_keys").Scan(&fk))
	assert.Equal(t, []string{"delete", "1234", "0"}, []string{mode, timeout, fk})
}

func TestOpenSQLiteMemoryIsOneDatabase(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	assert.Equal(t, 1, d.SQL().Stats().MaxOpenConnections)
	_, err = d.Exec(ctx, "CREATE TABLE t (x INTEGER)")
	require.NoError(t, err)
	// A second connection would see an empty database; one pool, one database.
	rows, err := d.QueryMaps(ctx, "SELECT x FROM t")
	require.NoError(t, err)
	assert.Empty(t, rows)
}

func TestOpenOptions(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", filepath.Join(t.TempDir(), "app.db"),
		db.WithMaxOpenConns(7), db.WithMaxIdleConns(2),
		db.WithConnMaxLifetime(time.Minute), db.WithConnMaxIdleTime(time.Minute),
		db.WithPingTimeout(time.Second))
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	assert.Equal(t, 7, d.SQL().Stats().MaxOpenConnections)
}

// closedPort is a local address where nothing listens.
const closedPort = "127.0.0.1:1"

func TestOpenUnreachable(t *testing.T) {
	tests := []struct {
		driver, dsn string
	}{
		{"postgres", "postgres://alice:s3cret-pw@" + closedPort + "/app?sslmode=disable&connect_timeout=2"},
		{"mysql", "alice:s3cret-pw@tcp(" + closedPort + ")/app?timeout=2s"},
	}
	for _, tt := range tests {
		t.Run(tt.driver, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			d, err := db.Open(ctx, tt.driver, tt.dsn)
			require.Error(t, err)
			assert.Nil(t, d)
			assert.True(t, db.IsUnavailable(err), "%v", err)
			assert.Contains(t, err.Error(), tt.driver)
			assert.NotContains(t, err.Error(), "s3cret-pw")
		})
	}
}

func TestOpenBadDSNHidesPassword(t *testing.T) {
	_, err := db.Open(context.Background(), "postgres", "postgres://alice:s3cret-pw@host:notaport/app")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret-pw")
	assert.False(t, db.IsUnavailable(err), "a malformed DSN is a configuration error: %v", err)
}

func TestHealthAfterClose(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		require.NoError(t, d.Close())
		err := d.Health(context.Background())
		require.Error(t, err)
		assert.True(t, db.IsUnavailable(err))
	})
}
