package db

import (
	"database/sql"
	"runtime"
	"time"
)

const defaultPingTimeout = 5 * time.Second

// Option configures [Open]. Options only override the defaults each one
// documents.
type Option func(*options)

type options struct {
	maxOpen, maxIdle      int
	maxLifetime, maxIdleT time.Duration
	pingTimeout           time.Duration
}

// defaultOptions returns the pool settings for a dialect:
//
//   - PostgreSQL and MySQL: 25 open, 25 idle, connections recycled after 5
//     minutes (below MySQL's usual wait_timeout and any proxy idle limit).
//   - SQLite file: NumCPU connections, at least 2 and at most 4. SQLite has
//     one writer at a time; a small pool keeps readers concurrent under WAL
//     while writers queue in Go's pool instead of spinning in SQLite's busy
//     handler, which is what turns into slow SQLITE_BUSY storms with an
//     unbounded pool. At least 2, so a query sent on the DB while a
//     transaction is open does not wait for a connection forever.
//   - SQLite in memory: exactly one connection, never recycled, because every
//     connection to ":memory:" is a separate, empty database.
func defaultOptions(d Dialect, dsn string) options {
	switch {
	case d == SQLite && sqliteInMemory(dsn):
		return options{maxOpen: 1, maxIdle: 1, pingTimeout: defaultPingTimeout}
	case d == SQLite:
		n := max(2, min(runtime.NumCPU(), 4))
		return options{maxOpen: n, maxIdle: n, pingTimeout: defaultPingTimeout}
	default:
		return options{maxOpen: 25, maxIdle: 25, maxLifetime: 5 * time.Minute,
			maxIdleT: 5 * time.Minute, pingTimeout: defaultPingTimeout}
	}
}

func (o options) apply(db *sql.DB) {
	db.SetMaxOpenConns(o.maxOpen)
	db.SetMaxIdleConns(o.maxIdle)
	db.SetConnMaxLifetime(o.maxLifetime)
	db.SetConnMaxIdleTime(o.maxIdleT)
}

// WithMaxOpenConns caps open connections; n <= 0 means no limit. Defaults:
// 25 for PostgreSQL and MySQL, NumCPU within [2, 4] for an SQLite file, 1 for
// in-memory SQLite (raising it there gives each connection its own database).
func WithMaxOpenConns(n int) Option { return func(o *options) { o.maxOpen = n } }

// WithMaxIdleConns sets how many idle connections are kept; n <= 0 keeps
// none. Defaults to the same number as the open-connection cap.
func WithMaxIdleConns(n int) Option { return func(o *options) { o.maxIdle = n } }

// WithConnMaxLifetime closes connections older than d; d <= 0 keeps them
// forever. Defaults to 5 minutes for PostgreSQL and MySQL, forever for SQLite.
func WithConnMaxLifetime(d time.Duration) Option { return func(o *options) { o.maxLifetime = d } }

// WithConnMaxIdleTime closes connections idle for longer than d; d <= 0 keeps
// them. Defaults to 5 minutes for PostgreSQL and MySQL, forever for SQLite.
func WithConnMaxIdleTime(d time.Duration) Option { return func(o *options) { o.maxIdleT = d } }

// WithPingTimeout bounds the ping [Open] sends; d <= 0 leaves only ctx's own
// deadline. Defaults to 5 seconds.
func WithPingTimeout(d time.Duration) Option { return func(o *options) { o.pingTimeout = d } }
