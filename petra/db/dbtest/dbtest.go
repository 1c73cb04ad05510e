// Package dbtest gives each test its own, isolated database on every backend
// petra supports, so packages can table-test SQLite, PostgreSQL and MySQL
// with one loop:
//
//	for _, drv := range dbtest.Drivers() {
//		t.Run(drv, func(t *testing.T) {
//			d := dbtest.Open(t, drv)
//			…
//		})
//	}
//
// SQLite always runs. PostgreSQL runs when TEST_POSTGRES_DSN is set (e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable), MySQL/MariaDB when
// TEST_MYSQL_DSN is (e.g. root@tcp(127.0.0.1:3306)/test?parseTime=true). The
// DSN's user must be allowed to create and drop schemas (PostgreSQL) or
// databases (MySQL). Without a DSN the test is skipped, except when CI=true:
// CI must never skip a real backend silently, so there a missing DSN or an
// unreachable server fails the test.
//
// [OpenProxied] connects through a [Proxy] on 127.0.0.1 instead, so a test
// can take the server away ([Proxy.Cut], [Proxy.Blackhole]) and bring it
// back ([Proxy.Restore]) to see what an app does during an outage.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Environment variables naming the servers tests may use.
const (
	EnvPostgres = "TEST_POSTGRES_DSN"
	EnvMySQL    = "TEST_MYSQL_DSN"
)

// Drivers returns the drivers to test: "sqlite" always, then "postgres" and
// "mysql" when their DSN variable is set. With CI=true it returns all three,
// so a missing DSN fails in [Open] instead of shrinking the matrix.
func Drivers() []string {
	out := []string{"sqlite"}
	ci := inCI()
	if ci || os.Getenv(EnvPostgres) != "" {
		out = append(out, "postgres")
	}
	if ci || os.Getenv(EnvMySQL) != "" {
		out = append(out, "mysql")
	}
	return out
}

// Open returns a database for driver ("sqlite", "postgres" or "mysql") that
// belongs to this test alone, and removes it at t.Cleanup:
//
//   - sqlite: a file in t.TempDir();
//   - postgres: a fresh schema petra_t_<random> in the TEST_POSTGRES_DSN
//     database, made first on the connection's search_path and dropped with
//     CASCADE afterwards;
//   - mysql: a fresh database petra_t_<random> on the TEST_MYSQL_DSN server,
//     dropped afterwards.
//
// It skips the test when the driver's DSN variable is unset (fails under
// CI=true) and fails it when the server cannot be reached.
func Open(t testing.TB, driver string) *db.DB {
	t.Helper()
	dialect, err := db.ParseDialect(driver)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	var d *db.DB
	switch dialect {
	case db.Postgres:
		d = openPostgres(t, requireDSN(t, EnvPostgres))
	case db.MySQL:
		d = openMySQL(t, requireDSN(t, EnvMySQL))
	default:
		d = openDB(t, "sqlite", filepath.Join(t.TempDir(), "test.db"))
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func inCI() bool { return os.Getenv("CI") == "true" }

// requireDSN returns the DSN in env, or skips (fails under CI) without one.
func requireDSN(t testing.TB, env string) string {
	t.Helper()
	dsn := os.Getenv(env)
	if dsn == "" {
		if inCI() {
			t.Fatalf("dbtest: %s is not set; CI must test every backend", env)
		}
		t.Skipf("dbtest: %s is not set", env)
	}
	return dsn
}

func openDB(t testing.TB, driver, dsn string) *db.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := db.Open(ctx, driver, dsn)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	return d
}

// admin opens a plain connection for creating and dropping the test's space.
func admin(t testing.TB, driver, dsn string) *sql.DB {
	t.Helper()
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	conn.SetMaxOpenConns(1)
	return conn
}

func exec(t testing.TB, conn *sql.DB, query string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := conn.ExecContext(ctx, query); err != nil {
		t.Fatalf("dbtest: %s: %v", query, err)
	}
}

func openPostgres(t testing.TB, dsn string) *db.DB {
	t.Helper()
	return openDB(t, "postgres", postgresSchema(t, dsn))
}

// postgresSchema creates a schema for the test, dropped at its end, and
// returns dsn with the schema first on its search_path.
func postgresSchema(t testing.TB, dsn string) string {
	t.Helper()
	schema := "petra_t_" + randomName()
	conn := admin(t, "pgx", dsn)
	exec(t, conn, "CREATE SCHEMA "+schema)
	t.Cleanup(func() {
		exec(t, conn, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
		_ = conn.Close()
	})
	return withSearchPath(t, dsn, schema)
}

// withSearchPath adds search_path to a URL or key=value PostgreSQL DSN; pgx
// sends it as a run-time parameter on every connection.
func withSearchPath(t testing.TB, dsn, schema string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("dbtest: %s is not a valid URL", EnvPostgres)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + schema
}

func openMySQL(t testing.TB, dsn string) *db.DB {
	t.Helper()
	return openDB(t, "mysql", mysqlDatabase(t, dsn).FormatDSN())
}

// mysqlDatabase creates a database for the test, dropped at its end, and
// returns dsn's configuration naming it.
func mysqlDatabase(t testing.TB, dsn string) *mysql.Config {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("dbtest: %s: %v", EnvMySQL, err)
	}
	name := "petra_t_" + randomName()
	conn := admin(t, "mysql", dsn)
	exec(t, conn, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	t.Cleanup(func() {
		exec(t, conn, "DROP DATABASE IF EXISTS "+name)
		_ = conn.Close()
	})
	cfg.DBName = name
	return cfg
}

// OpenProxied is [Open] for "postgres" or "mysql" with the connection going
// through a [Proxy] on 127.0.0.1, so the test can cut the database off and
// bring it back. The database (schema) is the test's own, as with Open, and
// is created and dropped directly, not through the proxy. It skips or fails
// as Open does; "sqlite", which has no server, fails the test.
func OpenProxied(t testing.TB, driver string) (*db.DB, *Proxy) {
	t.Helper()
	dialect, err := db.ParseDialect(driver)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	var d *db.DB
	var p *Proxy
	switch dialect {
	case db.Postgres:
		u, err := url.Parse(postgresSchema(t, requireDSN(t, EnvPostgres)))
		if err != nil || u.Host == "" {
			t.Fatalf("dbtest: OpenProxied needs %s as a postgres:// URL with a host", EnvPostgres)
		}
		port := u.Port()
		if port == "" {
			port = "5432"
		}
		p = NewProxy(t, net.JoinHostPort(u.Hostname(), port))
		u.Host = p.Addr()
		d = openDB(t, "postgres", u.String())
	case db.MySQL:
		cfg := mysqlDatabase(t, requireDSN(t, EnvMySQL))
		if cfg.Net != "tcp" {
			t.Fatalf("dbtest: OpenProxied needs %s over tcp", EnvMySQL)
		}
		p = NewProxy(t, cfg.Addr)
		cfg.Addr = p.Addr()
		d = openDB(t, "mysql", cfg.FormatDSN())
	default:
		t.Fatalf("dbtest: OpenProxied: %s has no server to cut off", dialect)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d, p
}

// randomName returns 12 random lower-case hex digits.
func randomName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
