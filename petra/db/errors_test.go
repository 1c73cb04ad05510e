package db_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsUniqueViolation(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, usersDDL)
		ann := addUser(t, d, "Ann", "ann@x.io", 30)
		now := db.Now()
		insert := "INSERT INTO users (uuid, name, email, is_active, created, modified) VALUES (?, ?, ?, ?, ?, ?)"

		_, err := d.Exec(ctx, insert, db.NewUUID(), "Ann 2", "ann@x.io", true, now, now)
		require.Error(t, err)
		assert.True(t, db.IsUniqueViolation(err), "unique index: %v", err)
		assert.True(t, db.IsUniqueViolation(fmt.Errorf("user: %w", err)), "wrapped")
		assert.False(t, db.IsUnavailable(err))

		_, err = d.Exec(ctx, insert, ann, "Ann 3", "ann3@x.io", true, now, now)
		require.Error(t, err)
		assert.True(t, db.IsUniqueViolation(err), "primary key: %v", err)

		_, err = d.Exec(ctx, insert, db.NewUUID(), nil, "x@x.io", true, now, now)
		require.Error(t, err)
		assert.False(t, db.IsUniqueViolation(err), "NOT NULL is another constraint: %v", err)
		assert.False(t, db.IsUniqueViolation(nil))
		assert.False(t, db.IsUniqueViolation(errors.New("duplicate")))
	})
}

// TestIsConflict deadlocks two transactions, each holding a row the other
// wants: the database rolls one back, with an error IsConflict knows.
func TestIsConflict(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		if d.Dialect() == db.SQLite {
			t.Skip("SQLite has one writer at a time: a second one waits, it cannot deadlock")
		}
		ctx := context.Background()
		mustExec(t, d, usersDDL)
		ann, bob := addUser(t, d, "Ann", "ann@x.io", 30), addUser(t, d, "Bob", "bob@x.io", 40)
		var both, wg sync.WaitGroup
		both.Add(2)
		errs := make([]error, 2)
		for i, order := range [][2]string{{ann, bob}, {bob, ann}} {
			wg.Go(func() {
				errs[i] = d.InTx(ctx, func(tx *db.Tx) error {
					if _, err := tx.Exec(ctx, "UPDATE users SET age = age + 1 WHERE uuid = ?", order[0]); err != nil {
						return err
					}
					both.Done()
					both.Wait() // each holds its first row
					_, err := tx.Exec(ctx, "UPDATE users SET age = age + 1 WHERE uuid = ?", order[1])
					return err
				})
			})
		}
		wg.Wait()
		failed := slices.DeleteFunc(slices.Clone(errs), func(err error) bool { return err == nil })
		require.Len(t, failed, 1, "one transaction is rolled back: %v", errs)
		assert.True(t, db.IsConflict(failed[0]), "a deadlock: %v", failed[0])
		assert.True(t, db.IsConflict(fmt.Errorf("outbox: %w", failed[0])), "wrapped")
		assert.False(t, db.IsUnavailable(failed[0]))
	})
	for _, err := range []error{
		&pgconn.PgError{Code: "40001"}, &pgconn.PgError{Code: "40P01"}, &mysql.MySQLError{Number: 1213},
	} {
		assert.True(t, db.IsConflict(err), "%v", err)
	}
	for _, err := range []error{
		nil, errors.New("deadlock"), &pgconn.PgError{Code: "23505"}, &mysql.MySQLError{Number: 1062},
		&mysql.MySQLError{Number: 1205}, // a lock wait timeout rolls back the statement, not the transaction
	} {
		assert.False(t, db.IsConflict(err), "%v", err)
	}
}

// TestConcurrentRegistrations is the race a unique index settles: many
// requests register one email at once, exactly one wins.
func TestConcurrentRegistrations(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, usersDDL)
		const n = 20
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				now := db.Now()
				_, errs[i] = d.Exec(ctx, "INSERT INTO users (uuid, name, email, is_active, created, modified) VALUES (?, ?, ?, ?, ?, ?)",
					db.NewUUID(), "Ann", "same@x.io", true, now, now)
			})
		}
		wg.Wait()
		ok, dup := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case db.IsUniqueViolation(err):
				dup++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		assert.Equal(t, 1, ok)
		assert.Equal(t, n-1, dup)
	})
}

func TestIsUnavailable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", errors.New("syntax error"), false},
		{"bad conn", fmt.Errorf("q: %w", driver.ErrBadConn), true},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"mysql invalid conn", mysql.ErrInvalidConn, true},
		{"mysql too many connections", &mysql.MySQLError{Number: 1040}, true},
		{"mysql duplicate", &mysql.MySQLError{Number: 1062}, false},
		{"postgres shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"postgres connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"postgres unique", &pgconn.PgError{Code: "23505"}, false},
		{"caller deadline", fmt.Errorf("q: %w", context.DeadlineExceeded), false},
		{"caller cancel", context.Canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, db.IsUnavailable(tt.err))
		})
	}
}

func TestIsUnavailableSQLiteBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	holder, err := db.Open(ctx, "sqlite", path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = holder.Close() })
	_, err = holder.Exec(ctx, "CREATE TABLE t (x INTEGER)")
	require.NoError(t, err)
	other, err := db.Open(ctx, "sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	require.NoError(t, err)
	t.Cleanup(func() { _ = other.Close() })

	tx, err := holder.Begin(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	_, err = other.Exec(ctx, "INSERT INTO t (x) VALUES (1)")
	require.Error(t, err)
	assert.True(t, db.IsUnavailable(err), "%v", err)
}
