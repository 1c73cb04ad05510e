package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/go-petra/petra/status"
)

// DB is a connection pool that knows its [Dialect]. Its query methods take
// SQL written with ? placeholders and rebind them for the dialect (see
// [DB.Rebind]), so one query text serves SQLite, PostgreSQL and MySQL.
//
// A DB is safe for concurrent use by many goroutines. The zero value is not
// usable: get one from [Open] or [New].
type DB struct {
	sql     *sql.DB
	dialect Dialect
}

// New wraps an already opened *sql.DB whose driver speaks dialect. It neither
// pings nor changes pool settings; [Open] is the usual way in.
func New(sqlDB *sql.DB, dialect Dialect) *DB {
	return &DB{sql: sqlDB, dialect: dialect}
}

// Open opens and pings a database.
//
// driver is "sqlite", "postgres" or "mysql" (aliases as in [ParseDialect]).
// The dsn is the driver's own format:
//
//   - sqlite: a file path or file: URI, e.g. "app.db" or "file:app.db?mode=rwc";
//     ":memory:" for a private in-memory database. Unless the DSN already
//     sets them, Open adds WAL journaling, busy_timeout=5000,
//     foreign_keys=on, immediate write transactions (_txlock=immediate) and
//     SQLite's own time format, and caps the pool (see [WithMaxOpenConns]).
//   - postgres: a URL or key=value string understood by pgx, e.g.
//     "postgres://user:pass@host:5432/app?sslmode=disable".
//   - mysql: go-sql-driver's format, e.g.
//     "user:pass@tcp(host:3306)/app?parseTime=true"; parseTime is turned on
//     unless the DSN sets it, so DATETIME columns arrive as time.Time.
//
// Open pings with a timeout (5s unless [WithPingTimeout] says otherwise or ctx
// ends sooner). A failure names the driver, never the DSN or its password; a
// server that cannot be reached gives an error for which [IsUnavailable] is
// true (an [UnavailableError]). The caller closes the DB.
func Open(ctx context.Context, driver, dsn string, opts ...Option) (*DB, error) {
	dialect, err := ParseDialect(driver)
	if err != nil {
		return nil, err
	}
	o := defaultOptions(dialect, dsn)
	for _, opt := range opts {
		opt(&o)
	}
	sqlDB, err := openPool(dialect, dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open %s: %w", dialect, err)
	}
	o.apply(sqlDB)
	d := &DB{sql: sqlDB, dialect: dialect}
	if err := d.ping(ctx, o.pingTimeout); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return d, nil
}

// openPool builds the *sql.DB for dialect without connecting.
func openPool(dialect Dialect, dsn string) (*sql.DB, error) {
	switch dialect {
	case Postgres:
		cfg, err := pgx.ParseConfig(dsn) // its errors redact the password
		if err != nil {
			return nil, err
		}
		return stdlib.OpenDB(*cfg), nil
	case MySQL:
		cfg, err := mysqlConfig(dsn)
		if err != nil {
			return nil, err
		}
		conn, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(conn), nil
	default:
		return sql.Open("sqlite", sqliteDSN(dsn))
	}
}

// SQL returns the underlying pool, for what petra does not wrap (Stats,
// driver-specific calls). Queries sent through it are not rebound.
func (d *DB) SQL() *sql.DB { return d.sql }

// Dialect reports the SQL flavour of the database.
func (d *DB) Dialect() Dialect { return d.dialect }

// Close closes the pool, waiting for queries in flight to finish.
func (d *DB) Close() error { return d.sql.Close() }

// Health pings the database. Without a deadline on ctx it waits at most 5s.
// A failure is an [UnavailableError], for which [IsUnavailable] is true,
// ready to become a 503 in a health endpoint.
func (d *DB) Health(ctx context.Context) error {
	return d.ping(ctx, defaultPingTimeout)
}

func (d *DB) ping(ctx context.Context, timeout time.Duration) error {
	if _, ok := ctx.Deadline(); !ok && timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if err := d.sql.PingContext(ctx); err != nil {
		// Whatever the driver's error looks like, a failed ping means the
		// server cannot be used: mark it so IsUnavailable recognises it.
		return &UnavailableError{Err: fmt.Errorf("connect to %s: %w", d.dialect, err)}
	}
	return nil
}

// ErrNotFound is returned by [DB.QueryMap], [Get] and the soft-delete helpers
// when no row matched. It wraps [sql.ErrNoRows], so either sentinel works with
// errors.Is, and its Status() is 404, so petra.Fail answers it, wrapped or not,
// as a 404 rather than a 500.
var ErrNotFound error = notFoundError{}

// notFoundError is the type of [ErrNotFound].
type notFoundError struct{}

func (notFoundError) Error() string { return "db: not found: " + sql.ErrNoRows.Error() }

// Unwrap returns sql.ErrNoRows.
func (notFoundError) Unwrap() error { return sql.ErrNoRows }

// Status reports 404, which petra's error envelope answers.
func (notFoundError) Status() status.Code { return status.HTTP_404_NOT_FOUND }
