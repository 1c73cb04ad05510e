package outbox_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs/outbox"
)

// plan returns what the database says of how it runs query, every column
// of every row of its EXPLAIN, one row a line.
func plan(t *testing.T, d *db.DB, query string, args ...any) string {
	t.Helper()
	explain := map[db.Dialect]string{db.SQLite: "EXPLAIN QUERY PLAN ", db.Postgres: "EXPLAIN ", db.MySQL: "EXPLAIN "}[d.Dialect()]
	rows, err := d.Query(context.Background(), explain+query, args...)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var lines []string
	for rows.Next() {
		cells := make([]sql.NullString, len(cols))
		dest := make([]any, len(cols))
		for i := range cells {
			dest[i] = &cells[i]
		}
		require.NoError(t, rows.Scan(dest...))
		var line []string
		for _, c := range cells {
			line = append(line, c.String)
		}
		lines = append(lines, strings.Join(line, " | "))
	}
	require.NoError(t, rows.Err())
	return strings.Join(lines, "\n")
}

// TestClaimUsesTheDueIndex fills the table with parked rows, as months of an
// unattended failure would, beside a few due ones, on every database: the
// relay's claim reads the index of the rows not parked in id order, neither
// scanning the table nor sorting.
func TestClaimUsesTheDueIndex(t *testing.T) {
	const parked, due = 2000, 5
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, _, c := setup(t, driver)
			now := db.Now()
			require.NoError(t, app.InTx(ctx, func(tx *db.Tx) error {
				for i := range parked + due {
					var parkedAt any
					if i < parked {
						parkedAt = now.Add(-time.Hour)
					}
					if _, err := tx.Exec(ctx, "INSERT INTO petra_jobs_outbox (id, kind, args, opts, created, attempts, parked) VALUES (?, 'stray', '{}', '{}', ?, 0, ?)",
						db.NewUUID(), now, parkedAt); err != nil {
						return err
					}
				}
				return nil
			}))
			analyze := map[db.Dialect]string{db.SQLite: "ANALYZE", db.Postgres: "ANALYZE petra_jobs_outbox", db.MySQL: "ANALYZE TABLE petra_jobs_outbox"}[app.Dialect()]
			_, err := app.Exec(ctx, analyze)
			require.NoError(t, err)

			o := outbox.New(app, c, outbox.Config{})
			got := plan(t, app, o.Claim(), now, outbox.DefaultBatchSize)
			assert.Contains(t, got, "petra_jobs_outbox_due")
			for _, unwanted := range []string{"Seq Scan", "Sort", "TEMP B-TREE", "filesort"} {
				assert.NotContains(t, got, unwanted)
			}
		})
	}
}
