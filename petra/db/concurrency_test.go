package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSQLiteConcurrentWrites hammers one SQLite file from 50 goroutines with
// plain inserts and read-then-write transactions: none may fail with
// SQLITE_BUSY, and nothing acknowledged may be missing.
func TestSQLiteConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	// The test checks correctness, not latency: on a loaded machine a
	// writer may wait longer than the default 5s busy_timeout for its turn,
	// so it waits up to a minute here (a deadlock still fails).
	d, err := db.Open(ctx, "sqlite", "file:"+filepath.Join(t.TempDir(), "test.db")+"?_pragma=busy_timeout(60000)")
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	mustExec(t, d, "CREATE TABLE events (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL, seq INTEGER NOT NULL)",
		"CREATE TABLE counter (n INTEGER NOT NULL)", "INSERT INTO counter (n) VALUES (0)")

	const workers, perWorker = 50, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker*2)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				if _, err := d.Exec(ctx, "INSERT INTO events (worker, seq) VALUES (?, ?)", w, i); err != nil {
					errs <- fmt.Errorf("insert: %w", err)
				}
				// Read, then write, in one transaction: the pattern that fails
				// with SQLITE_BUSY under deferred transactions.
				err := d.InTx(ctx, func(tx *db.Tx) error {
					var n int64
					if err := tx.QueryRow(ctx, "SELECT n FROM counter").Scan(&n); err != nil {
						return err
					}
					_, err := tx.Exec(ctx, "UPDATE counter SET n = ?", n+1)
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("tx: %w", err)
				}
				// And reads alongside.
				if _, err := d.QueryMaps(ctx, "SELECT COUNT(*) AS c FROM events"); err != nil {
					errs <- fmt.Errorf("read: %w", err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	events, err := db.Get[int](ctx, d, "SELECT COUNT(*) FROM events")
	require.NoError(t, err)
	assert.Equal(t, workers*perWorker, events)
	counter, err := db.Get[int](ctx, d, "SELECT n FROM counter")
	require.NoError(t, err)
	assert.Equal(t, workers*perWorker, counter, "no lost updates")
}
