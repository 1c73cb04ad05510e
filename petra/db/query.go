package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Querier is what [DB] and [Tx] have in common: rebinding query methods and a
// dialect. The generic helpers ([Select], [Get], [SelectPage]) and
// application stores take a Querier so they work inside and outside a
// transaction alike.
type Querier interface {
	// Exec runs a statement that returns no rows.
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	// Query runs a query that returns rows; the caller closes them.
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	// QueryRow runs a query expected to return at most one row.
	QueryRow(ctx context.Context, query string, args ...any) *Row
	// Dialect reports the SQL flavour the queries are rebound for.
	Dialect() Dialect
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

// Exec rebinds query and runs it with args, returning no rows. A database
// that cannot be reached gives an [UnavailableError], a deadline that passes
// first a [DeadlineError]; both report 503.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := d.sql.ExecContext(ctx, d.Rebind(query), args...)
	return res, wrapErr(ctx, err)
}

// Query rebinds query and runs it with args. The caller closes the rows.
// Errors are as [DB.Exec]'s; those that surface later, while the rows are
// read (rows.Err), are the driver's own, which [IsUnavailable] recognises.
// The helpers that read the rows for you ([DB.QueryMaps], [Select]…) wrap
// them too.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := d.sql.QueryContext(ctx, d.Rebind(query), args...)
	return rows, wrapErr(ctx, err)
}

// QueryRow rebinds query and runs it with args; errors surface at
// [Row.Scan], with sql.ErrNoRows when there is no row and otherwise as
// [DB.Exec]'s.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *Row {
	return &Row{row: d.sql.QueryRowContext(ctx, d.Rebind(query), args...), ctx: ctx}
}

// Tx is a transaction whose query methods rebind like [DB]'s. It must end
// with Commit or Rollback. Like *sql.Tx, it is not for concurrent use.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	ctx     context.Context // Begin's, which ends the transaction when done
}

// Begin starts a transaction; opts may be nil. On SQLite, transactions open
// with BEGIN IMMEDIATE (see [Open]), so they hold the write lock from the
// start. Errors are as [DB.Exec]'s. As with database/sql, the transaction is
// rolled back when ctx ends; a Commit after a deadline passed gives a
// [DeadlineError].
func (d *DB) Begin(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := d.sql.BeginTx(ctx, opts)
	if err != nil {
		return nil, wrapErr(ctx, err)
	}
	return &Tx{tx: tx, dialect: d.dialect, ctx: ctx}, nil
}

// InTx runs fn in a transaction: committed when fn returns nil, rolled back
// when it returns an error or panics (the panic then continues). fn must use
// the Tx it is given, not the DB, for queries that belong to the transaction.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	tx, err := d.Begin(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("db: rollback: %w", rbErr))
		}
		return err
	}
	return tx.Commit()
}

// SQL returns the underlying transaction. Queries sent through it are not
// rebound.
func (t *Tx) SQL() *sql.Tx { return t.tx }

// Dialect reports the SQL flavour of the transaction's database.
func (t *Tx) Dialect() Dialect { return t.dialect }

// Commit commits the transaction. Errors are as [DB.Exec]'s.
func (t *Tx) Commit() error { return wrapErr(t.ctx, t.tx.Commit()) }

// Rollback aborts the transaction. After Commit it returns sql.ErrTxDone.
func (t *Tx) Rollback() error { return t.tx.Rollback() }

// Exec rebinds query and runs it inside the transaction; errors are as
// [DB.Exec]'s.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(ctx, t.dialect.Rebind(query), args...)
	return res, wrapErr(t.either(ctx), err)
}

// Query rebinds query and runs it inside the transaction. The caller closes
// the rows. Errors are as [DB.Query]'s.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, t.dialect.Rebind(query), args...)
	return rows, wrapErr(t.either(ctx), err)
}

// QueryRow rebinds query and runs it inside the transaction; errors surface
// at [Row.Scan].
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *Row {
	row := t.tx.QueryRowContext(ctx, t.dialect.Rebind(query), args...) // runs the query now
	return &Row{row: row, ctx: t.either(ctx)}
}

// either returns the context whose end explains a failure inside the
// transaction: the query's own when it has ended, else Begin's, which ends
// the whole transaction.
func (t *Tx) either(ctx context.Context) context.Context {
	if ctx.Err() != nil {
		return ctx
	}
	return t.ctx
}
