package db_test

import (
	"context"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewUUID(t *testing.T) {
	canonical := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	var ids []string
	for range 1000 {
		id := db.NewUUID()
		require.Regexp(t, canonical, id)
		require.False(t, seen[id], "duplicate %s", id)
		seen[id] = true
		ids = append(ids, id)
	}
	// Version 7: later IDs never sort before earlier ones.
	assert.True(t, sort.StringsAreSorted(ids))
}

func TestNow(t *testing.T) {
	n := db.Now()
	assert.Equal(t, time.UTC, n.Location())
	assert.Zero(t, n.Nanosecond()%1000, "truncated to microseconds")
}

func TestNowRoundTrips(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, "CREATE TABLE stamps (at {ts} NOT NULL)")
		at := db.Now()
		_, err := d.Exec(ctx, "INSERT INTO stamps (at) VALUES (?)", at)
		require.NoError(t, err)
		got, err := db.Get[time.Time](ctx, d, "SELECT at FROM stamps")
		require.NoError(t, err)
		assert.True(t, at.Equal(got), "%v != %v", at, got)
		// Comparisons in SQL see the same instant.
		n, err := db.Get[int](ctx, d, "SELECT COUNT(*) FROM stamps WHERE at = ?", at)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
	})
}

func TestSoftDelete(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, usersDDL)
		ann := addUser(t, d, "Ann", "ann@x.io", 30)
		addUser(t, d, "Bob", "bob@x.io", 40)
		live := func() []string {
			names, err := db.Select[string](ctx, d, "SELECT name FROM users WHERE "+db.NotDeleted+" ORDER BY name")
			require.NoError(t, err)
			return names
		}

		require.NoError(t, d.SoftDelete(ctx, "users", ann))
		assert.Equal(t, []string{"Bob"}, live())
		r, err := d.QueryMap(ctx, "SELECT deleted_at, created, modified FROM users WHERE uuid = ?", ann)
		require.NoError(t, err)
		assert.IsType(t, time.Time{}, r["deleted_at"])
		assert.True(t, r["modified"].(time.Time).After(r["created"].(time.Time)) ||
			r["modified"].(time.Time).Equal(r["created"].(time.Time)))

		assert.ErrorIs(t, d.SoftDelete(ctx, "users", ann), db.ErrNotFound, "already deleted")
		assert.ErrorIs(t, d.SoftDelete(ctx, "users", db.NewUUID()), db.ErrNotFound, "unknown")

		require.NoError(t, d.Restore(ctx, "users", ann))
		assert.Equal(t, []string{"Ann", "Bob"}, live())
		assert.ErrorIs(t, d.Restore(ctx, "users", ann), db.ErrNotFound, "not deleted")

		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			if err := tx.SoftDelete(ctx, "users", ann); err != nil {
				return err
			}
			return tx.Restore(ctx, "users", ann)
		}))
		assert.Equal(t, []string{"Ann", "Bob"}, live())
	})
}

func TestSoftDeleteRejectsUnsafeTable(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		mustExec(t, d, usersDDL)
		for _, table := range []string{"users; DROP TABLE users", "users --", `"users"`, ""} {
			err := d.SoftDelete(context.Background(), table, db.NewUUID())
			require.Error(t, err, table)
			assert.Contains(t, err.Error(), "invalid identifier")
		}
		n, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM users")
		require.NoError(t, err)
		assert.Zero(t, n)
	})
}
