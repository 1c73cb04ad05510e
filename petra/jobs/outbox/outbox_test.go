package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// greetArgs is a job's arguments, with options of its own.
type greetArgs struct {
	To string `json:"to"`
}

func (greetArgs) Kind() string { return "greet" }

func (greetArgs) InsertOpts() jobs.InsertOpts { return jobs.InsertOpts{Queue: "mail", Priority: 3} }

// listArgs encode to a JSON array, which the outbox cannot key.
type listArgs []string

func (listArgs) Kind() string { return "list" }

// keyArgs have a field named as the outbox's key.
type keyArgs struct {
	Outbox string `json:"petra_outbox"`
}

func (keyArgs) Kind() string { return "key" }

// uniqueArgs ask River for uniqueness of their own.
type uniqueArgs struct{}

func (uniqueArgs) Kind() string { return "unique" }

func (uniqueArgs) InsertOpts() jobs.InsertOpts {
	return jobs.InsertOpts{UniqueOpts: jobs.UniqueOpts{ByPeriod: time.Hour}}
}

// setup returns the app's database of driver with the outbox table, and an
// insert-only jobs client on a SQLite database of its own, as an app on
// MySQL runs.
func setup(t *testing.T, driver string) (app, jd *db.DB, c *jobs.Client) {
	t.Helper()
	return setupOn(t, driver, "sqlite")
}

// setupOn is setup with the jobs in a database of jobsDriver.
func setupOn(t *testing.T, driver, jobsDriver string) (app, jd *db.DB, c *jobs.Client) {
	t.Helper()
	ctx := context.Background()
	app = dbtest.Open(t, driver)
	require.NoError(t, app.Migrate(ctx, outbox.Migrations))
	jd = dbtest.Open(t, jobsDriver)
	require.NoError(t, jobs.Migrate(ctx, jd))
	c, err := jobs.New(jd, jobs.Config{Logger: quiet})
	require.NoError(t, err)
	return app, jd, c
}

// count runs a COUNT(*) query.
func count(t *testing.T, d *db.DB, query string) int {
	t.Helper()
	n, err := db.Get[int](context.Background(), d, query)
	require.NoError(t, err)
	return n
}

// enqueueIn enqueues greet jobs for each of to in one transaction of app,
// which commits unless fail.
func enqueueIn(ctx context.Context, t *testing.T, o *outbox.Outbox, app *db.DB, fail bool, to ...string) {
	t.Helper()
	refused := errors.New("refused")
	err := app.InTx(ctx, func(tx *db.Tx) error {
		for _, addr := range to {
			if err := o.EnqueueTx(ctx, tx, greetArgs{To: addr}, nil); err != nil {
				return err
			}
		}
		if fail {
			return refused
		}
		return nil
	})
	if fail {
		require.ErrorIs(t, err, refused)
		return
	}
	require.NoError(t, err)
}

// jobRow is what the tests read of a River job.
type jobRow struct {
	Kind     string `db:"kind"`
	Args     string `db:"args"`
	Queue    string `db:"queue"`
	Priority int    `db:"priority"`
}

// TestJobsGoWithTheTransaction writes jobs in committed and rolled-back
// transactions of the app's database, on every database, with the queue in
// another: a relay pass queues exactly the committed ones, once, with their
// arguments and options, and empties the table.
func TestJobsGoWithTheTransaction(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, jd, c := setup(t, driver)
			o := outbox.New(app, c, outbox.Config{Logger: quiet})

			enqueueIn(ctx, t, o, app, false, "ann@x.io")
			enqueueIn(ctx, t, o, app, true, "bo@x.io", "cy@x.io")
			enqueueIn(ctx, t, o, app, false, "di@x.io", "ann@x.io")
			assert.Equal(t, 0, count(t, jd, "SELECT COUNT(*) FROM river_job"), "nothing is queued before the relay")

			moved, err := o.Relay(ctx)
			require.NoError(t, err)
			assert.Equal(t, 3, moved)
			assert.Equal(t, 0, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"), "relayed rows are deleted")
			got, err := db.Select[jobRow](ctx, jd, "SELECT kind, json(args) AS args, queue, priority FROM river_job ORDER BY id")
			require.NoError(t, err)
			var to []string
			for _, j := range got {
				assert.Equal(t, "greet", j.Kind)
				assert.Equal(t, "mail", j.Queue, "the arguments' own options")
				assert.Equal(t, 3, j.Priority)
				var args greetArgs
				require.NoError(t, json.Unmarshal([]byte(j.Args), &args), "the worker reads its arguments")
				to = append(to, args.To)
			}
			assert.Equal(t, []string{"ann@x.io", "di@x.io", "ann@x.io"}, to, "the committed jobs, in order; the same arguments twice are two jobs")

			moved, err = o.Relay(ctx)
			require.NoError(t, err)
			assert.Equal(t, 0, moved)
			assert.Equal(t, 3, count(t, jd, "SELECT COUNT(*) FROM river_job"))
		})
	}
}

// TestRelayDiesBetweenEnqueueAndDelete enqueues the rows' jobs as a relay
// that dies before it deletes them; the next pass finds the rows again and
// queues no second job.
func TestRelayDiesBetweenEnqueueAndDelete(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, jd, c := setup(t, driver)
			o := outbox.New(app, c, outbox.Config{Logger: quiet})
			enqueueIn(ctx, t, o, app, false, "ann@x.io", "bo@x.io")

			require.NoError(t, o.EnqueueOnly(ctx))
			assert.Equal(t, 2, count(t, jd, "SELECT COUNT(*) FROM river_job"))
			assert.Equal(t, 2, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"), "the rows outlive the dead relay")

			moved, err := o.Relay(ctx)
			require.NoError(t, err)
			assert.Equal(t, 2, moved)
			assert.Equal(t, 2, count(t, jd, "SELECT COUNT(*) FROM river_job"), "one job per row")
			assert.Equal(t, 0, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"))
		})
	}
}

// TestConcurrentRelays runs relays side by side over many rows, as
// instances of an app do, with their queue in PostgreSQL: each row is moved
// by one of them, and becomes one job; each row whose job is refused, spread
// among them, is tried by one of them, once.
func TestConcurrentRelays(t *testing.T) {
	const rows, strays, relays = 120, 12, 4
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, jd, c := setupOn(t, driver, "postgres")
			writer := outbox.New(app, c, outbox.Config{})
			to := make([]string, rows/strays)
			for i := range to {
				to[i] = "someone@x.io"
			}
			for range strays {
				enqueueStray(ctx, t, writer, app, 1, to...)
			}

			var (
				wg    sync.WaitGroup
				mu    sync.Mutex
				moved int
			)
			for range relays {
				o := outbox.New(app, greeter(t, jd), outbox.Config{BatchSize: 7, Logger: quiet})
				wg.Go(func() {
					n, err := o.Relay(ctx)
					assert.NoError(t, err)
					mu.Lock()
					moved += n
					mu.Unlock()
				})
			}
			wg.Wait()
			assert.Equal(t, rows, moved, "no row moved twice")
			assert.Equal(t, rows, count(t, jd, "SELECT COUNT(*) FROM river_job"))
			left := states(t, app)
			assert.Len(t, left, strays, "the refused rows are kept")
			for _, s := range left {
				assert.Equal(t, 1, s.Attempts, "tried once")
			}
		})
	}
}

// TestRelayRuns starts the relay with a poll too slow to matter: a request
// whose transaction wrote a row wakes it, and Stop relays what was
// committed without a wake.
func TestRelayRuns(t *testing.T) {
	ctx := context.Background()
	app, jd, c := setup(t, "sqlite")
	o := outbox.New(app, c, outbox.Config{PollInterval: time.Hour, Logger: quiet})
	o.Start(ctx)
	t.Cleanup(func() { _ = o.Stop(ctx) })

	h := o.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		enqueueIn(r.Context(), t, o, app, false, "ann@x.io")
		w.WriteHeader(http.StatusCreated)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil))
	require.Eventually(t, func() bool { return count(t, jd, "SELECT COUNT(*) FROM river_job") == 1 },
		30*time.Second, 10*time.Millisecond, "the request woke the relay")

	enqueueIn(ctx, t, o, app, false, "bo@x.io") // no request, no wake
	require.NoError(t, o.Stop(ctx))
	assert.Equal(t, 2, count(t, jd, "SELECT COUNT(*) FROM river_job"), "Stop relays the last rows")
	assert.Equal(t, 0, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"))
	assert.NoError(t, o.Stop(ctx), "a second Stop has nothing to do")
}

// TestSameDatabase enqueues in the app's transaction directly when the
// queue is in the app's database: the job is there once the transaction
// commits, never when it rolls back, and nothing waits in the table.
func TestSameDatabase(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.Open(t, driver)
			require.NoError(t, d.Migrate(ctx, outbox.Migrations))
			require.NoError(t, jobs.Migrate(ctx, d))
			c, err := jobs.New(d, jobs.Config{Logger: quiet})
			require.NoError(t, err)
			o := outbox.New(d, c, outbox.Config{SameDatabase: true})

			enqueueIn(ctx, t, o, d, false, "ann@x.io")
			enqueueIn(ctx, t, o, d, true, "bo@x.io")
			assert.Equal(t, 1, count(t, d, "SELECT COUNT(*) FROM river_job"))
			assert.Equal(t, 0, count(t, d, "SELECT COUNT(*) FROM petra_jobs_outbox"))
			moved, err := o.Relay(ctx)
			require.NoError(t, err)
			assert.Zero(t, moved)
		})
	}
}

// TestRefused lists the jobs the outbox cannot take, in either mode.
func TestRefused(t *testing.T) {
	ctx := context.Background()
	app, _, c := setup(t, "sqlite")
	for _, same := range []bool{false, true} {
		o := outbox.New(app, c, outbox.Config{SameDatabase: same})
		for _, tt := range []struct {
			name string
			args jobs.Args
			opts *jobs.InsertOpts
			want string
		}{
			{"unique by its options", greetArgs{}, &jobs.InsertOpts{UniqueOpts: jobs.UniqueOpts{ByArgs: true}}, "UniqueOpts"},
			{"unique by its arguments", uniqueArgs{}, nil, "UniqueOpts"},
			{"arguments not an object", listArgs{"a"}, nil, "JSON object"},
			{"arguments with the key", keyArgs{}, nil, "petra_outbox"},
		} {
			if same && tt.want != "UniqueOpts" {
				continue // encoded by River, which the outbox does not check
			}
			err := app.InTx(ctx, func(tx *db.Tx) error { return o.EnqueueTx(ctx, tx, tt.args, tt.opts) })
			require.Error(t, err, tt.name)
			assert.Contains(t, err.Error(), tt.want, tt.name)
		}
	}
	assert.Equal(t, 0, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"))
}
