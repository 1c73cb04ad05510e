package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/go-petra/petra/status"
)

// UnavailableError is the error of a database call that failed because the
// database could not be reached or used at all ([IsUnavailable] is true of
// Err): [Open] and [DB.Health] when the server does not answer, and every
// query method of [DB], [Tx] and the helpers when the server goes away
// later. Its Status, 503, is what a web layer that looks for a
// `Status() status.Code` method (petra's error envelope does) answers, so a
// database outage is a 503 "try again later" rather than a 500. errors.Is
// and errors.As see through it to the driver's error.
type UnavailableError struct {
	// Err is the error of the driver or of database/sql. It is never nil.
	Err error
}

// Error implements the error interface. The message may carry the server's
// address but never the DSN's password.
func (e *UnavailableError) Error() string { return "db: database unavailable: " + e.Err.Error() }

// Unwrap returns the driver's error.
func (e *UnavailableError) Unwrap() error { return e.Err }

// Status reports 503 Service Unavailable.
func (e *UnavailableError) Status() status.Code { return status.HTTP_503_SERVICE_UNAVAILABLE }

// DeadlineError is the error of a database call whose context deadline
// passed while it waited on the database: for a connection from the pool, a
// lock, or the result of a query. errors.Is(err, context.DeadlineExceeded)
// is true of it, so callers can tell it apart as they would the bare
// context error; its Status, 503, turns a per-request deadline into a 503
// rather than a 500. [IsUnavailable] is false of it unless the deadline cut
// short a connection attempt (a server that accepts connections but never
// answers), which is both.
//
// A call that ends because its context was canceled (a client that went
// away) keeps its plain error, which wraps context.Canceled.
type DeadlineError struct {
	// Err is the error the call ended with; it wraps
	// context.DeadlineExceeded. It is never nil.
	Err error
}

// Error implements the error interface.
func (e *DeadlineError) Error() string {
	return "db: deadline passed waiting for the database: " + e.Err.Error()
}

// Unwrap returns the error the call ended with.
func (e *DeadlineError) Unwrap() error { return e.Err }

// Status reports 503 Service Unavailable.
func (e *DeadlineError) Status() status.Code { return status.HTTP_503_SERVICE_UNAVAILABLE }

// wrapErr gives err, the error of a database call made with ctx, its status:
// an [UnavailableError] when the database cannot be used, a [DeadlineError]
// when ctx's deadline passed while the call waited. Every other error,
// including nil, is returned unchanged, and so is one already wrapped.
func wrapErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var ue *UnavailableError
	var de *DeadlineError
	if errors.As(err, &ue) || errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) { // even when it cut a connection attempt short
		return &DeadlineError{Err: err}
	}
	if IsUnavailable(err) {
		return &UnavailableError{Err: err}
	}
	// database/sql rolls a transaction back when its context ends, and a
	// later Commit only says the transaction is done: say why.
	if errors.Is(err, sql.ErrTxDone) && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &DeadlineError{Err: fmt.Errorf("%w: %w", ctx.Err(), err)}
	}
	return err
}

// Row is the result of [DB.QueryRow] and [Tx.QueryRow], a *sql.Row whose
// errors carry their status: as with *sql.Row, a query's error surfaces at
// Scan (or Err), sql.ErrNoRows when there is no row, and an unreachable
// database or a passed deadline comes as [UnavailableError] or
// [DeadlineError]. Like *sql.Row, it is for one goroutine, and Scan is called
// once.
type Row struct {
	row *sql.Row
	ctx context.Context // the query's, to tell a deadline from other errors
}

// Scan copies the row's columns into dest, as [sql.Row.Scan] does.
func (r *Row) Scan(dest ...any) error { return wrapErr(r.ctx, r.row.Scan(dest...)) }

// Err reports the query's error without scanning, as [sql.Row.Err] does.
func (r *Row) Err() error { return wrapErr(r.ctx, r.row.Err()) }
