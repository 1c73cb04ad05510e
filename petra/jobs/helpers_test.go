package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
)

// waitLimit bounds how long a test waits for the server side (River
// polling the database), generous for a busy machine.
const waitLimit = 15 * time.Second

// quickRetry retries a failed job after 50ms, so tests need not wait for
// River's real backoff.
type quickRetry struct{}

func (quickRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(50 * time.Millisecond)
}

// testConfig is a Config that polls often and retries fast.
func testConfig(workers *jobs.Workers) jobs.Config {
	return jobs.Config{
		Workers: workers, PollInterval: 100 * time.Millisecond, RetryPolicy: quickRetry{},
		Logger: quietLogger(),
	}
}

// openDB returns a migrated database of driver for this test alone.
func openDB(t *testing.T, driver string) *db.DB {
	t.Helper()
	d := dbtest.Open(t, driver)
	require.NoError(t, jobs.Migrate(context.Background(), d))
	return d
}

// eachDB runs f on SQLite and on PostgreSQL (when TEST_POSTGRES_DSN is set).
func eachDB(t *testing.T, f func(t *testing.T, d *db.DB)) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { f(t, openDB(t, driver)) })
	}
}

// samePostgres opens another pool on the schema of d, as another instance
// of the app would.
func samePostgres(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	var schema string
	require.NoError(t, d.SQL().QueryRow("SELECT current_schema()").Scan(&schema))
	cfg, err := pgx.ParseConfig(requirePostgresDSN(t))
	require.NoError(t, err)
	cfg.RuntimeParams["search_path"] = schema
	other := db.New(stdlib.OpenDB(*cfg), db.Postgres)
	t.Cleanup(func() { _ = other.Close() })
	return other
}

// start starts c and stops it at the end of the test.
func start(t *testing.T, c *jobs.Client) {
	t.Helper()
	require.NoError(t, c.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		_ = c.Stop(ctx)
	})
}

// jobState reads a job's state and attempt from the database.
func jobState(t *testing.T, c *jobs.Client, id int64) (rivertype.JobState, int) {
	t.Helper()
	row, err := c.River().JobGet(context.Background(), id)
	require.NoError(t, err)
	return row.State, row.Attempt
}

// recorder counts runs per job ID.
type recorder struct {
	mu   sync.Mutex
	runs map[int64]int
	by   map[string]int
}

func newRecorder() *recorder { return &recorder{runs: map[int64]int{}, by: map[string]int{}} }

func (r *recorder) add(id int64, who string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs[id]++
	r.by[who]++
	return len(r.runs)
}
