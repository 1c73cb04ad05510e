package db_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"path/filepath"
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
