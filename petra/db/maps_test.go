package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQueryMapsTypes(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, `CREATE TABLE things (
			uuid {uuid} PRIMARY KEY, name {text} NOT NULL, n {int}, big BIGINT,
			score {float}, price {dec}, flag {bool}, at {ts}, gone {ts} NULL)`)
		id, at := db.NewUUID(), db.Now()
		_, err := d.Exec(ctx, "INSERT INTO things (uuid, name, n, big, score, price, flag, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			id, "Ann", 42, int64(1)<<40, 1.5, "12.50", true, at)
		require.NoError(t, err)

		// MySQL answers queries without arguments in its text protocol and
		// those with arguments in its binary one: both must agree.
		queries := []struct {
			name string
			args []any
			sql  string
		}{
			{"no args", nil, "SELECT * FROM things"},
			{"args", []any{"Ann"}, "SELECT * FROM things WHERE name = ?"},
		}
		for _, q := range queries {
			t.Run(q.name, func(t *testing.T) {
				rows, err := d.QueryMaps(ctx, q.sql, q.args...)
				require.NoError(t, err)
				require.Len(t, rows, 1)
				r := rows[0]
				assert.Equal(t, id, r["uuid"])
				assert.Equal(t, "Ann", r["name"])
				assert.Equal(t, int64(42), r["n"])
				assert.Equal(t, int64(1)<<40, r["big"])
				assert.Equal(t, 1.5, r["score"])
				assert.Nil(t, r["gone"])
				require.IsType(t, time.Time{}, r["at"])
				assert.True(t, at.Equal(r["at"].(time.Time)), "%v != %v", at, r["at"])
				assert.Equal(t, time.UTC, r["at"].(time.Time).Location())
				switch d.Dialect() {
				case db.Postgres:
					assert.Equal(t, true, r["flag"])
					assert.Equal(t, "12.50", r["price"])
				case db.MySQL:
					assert.Equal(t, int64(1), r["flag"])
					assert.Equal(t, "12.50", r["price"])
				default: // SQLite has no boolean or decimal storage
					assert.Equal(t, int64(1), r["flag"])
					assert.Equal(t, 12.5, r["price"])
				}
			})
		}

		t.Run("expressions", func(t *testing.T) {
			r, err := d.QueryMap(ctx, "SELECT COUNT(*) AS c, 1 + 1 AS two, 'x' AS s FROM things")
			require.NoError(t, err)
			assert.Equal(t, map[string]any{"c": int64(1), "two": int64(2), "s": "x"}, r)
		})
		t.Run("empty", func(t *testing.T) {
			rows, err := d.QueryMaps(ctx, "SELECT * FROM things WHERE name = ?", "nobody")
			require.NoError(t, err)
			assert.NotNil(t, rows)
			assert.Empty(t, rows)
		})
		t.Run("not found", func(t *testing.T) {
			_, err := d.QueryMap(ctx, "SELECT * FROM things WHERE name = ?", "nobody")
			assert.ErrorIs(t, err, db.ErrNotFound)
		})
		t.Run("bad sql", func(t *testing.T) {
			_, err := d.QueryMaps(ctx, "SELECT nope FROM things")
			assert.Error(t, err)
			assert.False(t, db.IsUnavailable(err))
		})
		t.Run("in transaction", func(t *testing.T) {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, "UPDATE things SET n = ? WHERE uuid = ?", 7, id); err != nil {
					return err
				}
				r, err := tx.QueryMap(ctx, "SELECT n FROM things WHERE uuid = ?", id)
				if err != nil {
					return err
				}
				assert.Equal(t, int64(7), r["n"])
				return assert.AnError // roll back
			})
			require.ErrorIs(t, err, assert.AnError)
			r, err := d.QueryMap(ctx, "SELECT n FROM things WHERE uuid = ?", id)
			require.NoError(t, err)
			assert.Equal(t, int64(42), r["n"], "rolled back")
		})
	})
}

func TestInTxCommitsAndRollsBackOnPanic(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, "CREATE TABLE n (x {int})")
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO n (x) VALUES (?)", 1)
			return err
		}))
		assert.Panics(t, func() {
			_ = d.InTx(ctx, func(tx *db.Tx) error {
				_, _ = tx.Exec(ctx, "INSERT INTO n (x) VALUES (?)", 2)
				panic("boom")
			})
		})
		xs, err := db.Select[int64](ctx, d, "SELECT x FROM n ORDER BY x")
		require.NoError(t, err)
		assert.Equal(t, []int64{1}, xs)
	})
}
