package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// SQLite extended result codes (sqlite3.h).
const (
	sqliteBusy                 = 5
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

// IsUniqueViolation reports whether err comes from a UNIQUE or PRIMARY KEY
// constraint: SQLite's SQLITE_CONSTRAINT_UNIQUE (2067) or _PRIMARYKEY (1555),
// PostgreSQL's unique_violation (23505), MySQL/MariaDB's ER_DUP_ENTRY (1062)
// or ER_DUP_ENTRY_WITH_KEY_NAME (1586). It looks through wrapping.
//
// Let the unique index decide instead of checking first: an INSERT that fails
// this way is the only race-free answer to two registrations with one email.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqliteConstraintUnique || se.Code() == sqliteConstraintPrimaryKey
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062 || me.Number == 1586
	}
	return false
}

// IsConflict reports whether err means the database rolled a transaction
// back because it conflicted with a concurrent one, so that running the
// transaction again may succeed: PostgreSQL's serialization_failure (40001)
// and deadlock_detected (40P01), MySQL/MariaDB's ER_LOCK_DEADLOCK (1213).
// SQLite runs one writer at a time, which waits (see [IsUnavailable] for one
// that waited too long). It looks through wrapping.
func IsConflict(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1213
	}
	return false
}

// IsUnavailable reports whether err means the database could not be reached
// or used at all, as opposed to a problem with the query: a failed [Open] or
// [DB.Health], driver.ErrBadConn, a network error (refused, reset, timed
// out), a connection that died mid-query, pgx's connect errors, PostgreSQL's
// connection-exception, shutdown and too-many-connections codes, MySQL's
// invalid connection, too many connections or server shutdown, and SQLite
// staying busy past its busy_timeout. A web layer answers these with 503.
// Context cancellation by the caller is not unavailability and gives false,
// except when it cut a connection attempt short.
//
// The query methods of [DB] and [Tx] already wrap such errors in an
// [UnavailableError], whose Status is 503; IsUnavailable is for errors that
// come from elsewhere, such as rows.Err of a [DB.Query].
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var ue *UnavailableError
	var ce *pgconn.ConnectError
	if errors.As(err, &ue) || errors.As(err, &ce) {
		return true
	}
	// context.DeadlineExceeded is itself a net.Error: rule the caller's own
	// deadline and cancellation out before looking for network errors.
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || // connection_exception class
			pe.Code == "53300" || // too_many_connections
			pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" // shutdown, cannot_connect_now
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1040 || me.Number == 1053 || me.Number == 1203 // too many connections, shutdown, max_user_connections
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqliteBusy
	}
	return false
}
