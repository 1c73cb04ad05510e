package outbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
)

// strayArgs are of a kind no worker runs, which River refuses to enqueue.
// Their e-mail stands for the personal data a log must not show.
type strayArgs struct {
	Email string `json:"email"`
}

func (strayArgs) Kind() string { return "stray" }

// greeter returns a client on jd with a worker for greet jobs only (not
// started: it only enqueues), so River refuses jobs of other kinds.
func greeter(t *testing.T, jd *db.DB) *jobs.Client {
	t.Helper()
	workers := jobs.NewWorkers()
	jobs.AddWorker(workers, jobs.WorkFunc(func(context.Context, *jobs.Job[greetArgs]) error { return nil }))
	c, err := jobs.New(jd, jobs.Config{Workers: workers, Logger: quiet})
	require.NoError(t, err)
	return c
}

// enqueueStray enqueues n stray jobs, then greet jobs for each of to, in
// one committed transaction of app.
func enqueueStray(ctx context.Context, t *testing.T, o *outbox.Outbox, app *db.DB, n int, to ...string) {
	t.Helper()
	require.NoError(t, app.InTx(ctx, func(tx *db.Tx) error {
		var errs error
		for range n {
			errs = errors.Join(errs, o.EnqueueTx(ctx, tx, strayArgs{Email: "ann@x.io"}, nil))
		}
		for _, addr := range to {
			errs = errors.Join(errs, o.EnqueueTx(ctx, tx, greetArgs{To: addr}, nil))
		}
		return errs
	}))
}

// state is what the relay recorded on a row.
type state struct {
	ID          string     `db:"id"`
	Attempts    int        `db:"attempts"`
	NextAttempt *time.Time `db:"next_attempt"`
	LastError   *string    `db:"last_error"`
	Parked      *time.Time `db:"parked"`
}

// states reads what the relay recorded on the rows, oldest first.
func states(t *testing.T, app *db.DB) []state {
	t.Helper()
	got, err := db.Select[state](context.Background(), app,
		"SELECT id, attempts, next_attempt, last_error, parked FROM petra_jobs_outbox ORDER BY id")
	require.NoError(t, err)
	return got
}

// TestFailingRowsDoNotHoldUpTheRest queues a whole batch of rows no worker
// runs before a good one, on every database: the good row's job is queued
// at the first pass, and the failing rows are kept with their error, not
// tried again before their next attempt is due.
func TestFailingRowsDoNotHoldUpTheRest(t *testing.T) {
	const batch = 3
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, jd, _ := setup(t, driver)
			o := outbox.New(app, greeter(t, jd), outbox.Config{BatchSize: batch, Logger: quiet})
			enqueueStray(ctx, t, o, app, batch, "ann@x.io")

			before := time.Now()
			moved, err := o.Relay(ctx)
			assert.Equal(t, 1, count(t, jd, "SELECT COUNT(*) FROM river_job WHERE kind = 'greet'"), "the good row is not held up")
			assert.Equal(t, 1, moved)
			assert.NoError(t, err, "a row that fails is the row's, not the pass's")
			assert.Equal(t, batch, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox WHERE kind = 'stray'"), "the failing rows are kept")
			for _, s := range states(t, app) {
				assert.Equal(t, 1, s.Attempts)
				require.NotNil(t, s.LastError)
				assert.Contains(t, *s.LastError, "not registered")
				require.NotNil(t, s.NextAttempt)
				assert.WithinRange(t, *s.NextAttempt, before.Add(outbox.DefaultRetryDelay-time.Second), time.Now().Add(outbox.DefaultRetryDelay))
				assert.Nil(t, s.Parked)
			}

			moved, err = o.Relay(ctx)
			require.NoError(t, err)
			assert.Zero(t, moved)
			for _, s := range states(t, app) {
				assert.Equal(t, 1, s.Attempts, "a row is not tried before it is due")
			}
		})
	}
}

// records decodes the JSON log lines in buf.
func records(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	dec := json.NewDecoder(buf)
	for dec.More() {
		var rec map[string]any
		require.NoError(t, dec.Decode(&rec))
		out = append(out, rec)
	}
	return out
}

// TestRowIsParkedAfterItsLastAttempt fails a row MaxAttempts times, on
// every database: it is parked, kept and no longer tried, logged once as an
// error without its arguments, listed by Parked, and queued once retried.
func TestRowIsParkedAfterItsLastAttempt(t *testing.T) {
	const tries, delay = 3, time.Millisecond
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, jd, _ := setup(t, driver)
			var logs bytes.Buffer
			o := outbox.New(app, greeter(t, jd), outbox.Config{MaxAttempts: tries, RetryDelay: delay,
				Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
			enqueueStray(ctx, t, o, app, 1)
			id := states(t, app)[0].ID

			for attempt := 1; attempt <= tries+1; attempt++ {
				time.Sleep(10 * delay << attempt) // past the row's backoff
				moved, err := o.Relay(ctx)
				require.NoError(t, err)
				assert.Zero(t, moved)
				assert.Equal(t, min(attempt, tries), states(t, app)[0].Attempts, "attempt %d; a parked row is not tried", attempt)
			}
			s := states(t, app)[0]
			assert.NotNil(t, s.Parked)
			assert.Nil(t, s.NextAttempt)

			parked, err := o.Parked(ctx)
			require.NoError(t, err)
			require.Len(t, parked, 1)
			assert.Equal(t, id, parked[0].ID)
			assert.Equal(t, "stray", parked[0].Kind)
			assert.Equal(t, tries, parked[0].Attempts)
			assert.Contains(t, parked[0].LastError, "not registered")
			assert.False(t, parked[0].Created.IsZero())
			assert.False(t, parked[0].Parked.Before(parked[0].Created))

			var levels []string
			for _, rec := range records(t, &logs) {
				levels = append(levels, rec["level"].(string))
				assert.Equal(t, id, rec["id"])
				assert.Equal(t, "stray", rec["kind"])
			}
			assert.Equal(t, []string{"WARN", "WARN", "ERROR"}, levels, "each failure logged once, the parking as an error")
			assert.NotContains(t, logs.String(), "ann@x.io", "never the arguments")

			// The kind gets a worker: the row is retried and queued.
			c, err := jobs.New(jd, jobs.Config{Logger: quiet})
			require.NoError(t, err)
			fixed := outbox.New(app, c, outbox.Config{Logger: quiet})
			require.ErrorIs(t, fixed.Retry(ctx, db.NewUUID()), outbox.ErrNotParked)
			require.NoError(t, fixed.Retry(ctx, id))
			require.ErrorIs(t, fixed.Retry(ctx, id), outbox.ErrNotParked, "no longer parked")
			moved, err := fixed.Relay(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, moved)
			assert.Equal(t, 1, count(t, jd, "SELECT COUNT(*) FROM river_job WHERE kind = 'stray'"))
			assert.Equal(t, 0, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"))
		})
	}
}

// TestRetryAll parks rows at their first failure and queues them all
// again.
func TestRetryAll(t *testing.T) {
	ctx := context.Background()
	app, jd, _ := setup(t, "sqlite")
	o := outbox.New(app, greeter(t, jd), outbox.Config{MaxAttempts: 1, Logger: quiet})
	enqueueStray(ctx, t, o, app, 2)
	_, err := o.Relay(ctx)
	require.NoError(t, err)
	parked, err := o.Parked(ctx)
	require.NoError(t, err)
	assert.Len(t, parked, 2)

	n, err := o.RetryAll(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for _, s := range states(t, app) {
		assert.Equal(t, state{ID: s.ID, LastError: s.LastError}, s, "due, with its attempts counted afresh")
	}
	n, err = o.RetryAll(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

// TestQueueDownChargesNoRow relays while the jobs database is gone, on
// every database: the pass fails, and no row is counted an attempt, however
// few are allowed.
func TestQueueDownChargesNoRow(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, jd, c := setup(t, driver)
			o := outbox.New(app, c, outbox.Config{MaxAttempts: 1, Logger: quiet})
			enqueueIn(ctx, t, o, app, false, "ann@x.io", "bo@x.io")
			require.NoError(t, jd.Close())

			for range 3 {
				moved, err := o.Relay(ctx)
				require.Error(t, err)
				assert.Contains(t, err.Error(), "does not answer")
				assert.Zero(t, moved)
			}
			for _, s := range states(t, app) {
				assert.Equal(t, state{ID: s.ID}, s, "untouched")
			}
		})
	}
}

// TestParkedSameDatabase has nothing parked when jobs are enqueued in the
// transaction directly.
func TestParkedSameDatabase(t *testing.T) {
	ctx := context.Background()
	app, _, c := setup(t, "sqlite")
	o := outbox.New(app, c, outbox.Config{SameDatabase: true})
	parked, err := o.Parked(ctx)
	require.NoError(t, err)
	assert.Empty(t, parked)
	n, err := o.RetryAll(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.ErrorIs(t, o.Retry(ctx, db.NewUUID()), outbox.ErrNotParked)
}

// TestBackoff lists the waits between attempts: doubling from RetryDelay,
// up to MaxRetryDelay, so that the defaults try a row for hours before it
// is parked.
func TestBackoff(t *testing.T) {
	app, _, c := setup(t, "sqlite")
	for _, tt := range []struct {
		name     string
		delay    time.Duration
		attempts int
		want     time.Duration
	}{
		{"first failure", 0, 1, outbox.DefaultRetryDelay},
		{"second", 0, 2, 2 * outbox.DefaultRetryDelay},
		{"ninth", 0, 9, 256 * outbox.DefaultRetryDelay},
		{"tenth, at the limit", 0, 10, outbox.MaxRetryDelay},
		{"far past it", 0, 1000, outbox.MaxRetryDelay},
		{"a delay longer than the limit", 2 * time.Hour, 5, 2 * time.Hour},
		{"a delay finer than databases store", time.Nanosecond, 1, time.Microsecond},
	} {
		o := outbox.New(app, c, outbox.Config{RetryDelay: tt.delay})
		assert.Equal(t, tt.want, o.Backoff(tt.attempts), tt.name)
	}

	o := outbox.New(app, c, outbox.Config{})
	var span time.Duration
	for attempts := 1; attempts < outbox.DefaultMaxAttempts; attempts++ {
		span += o.Backoff(attempts)
	}
	assert.WithinRange(t, time.Unix(0, 0).Add(span), time.Unix(0, 0).Add(16*time.Hour), time.Unix(0, 0).Add(17*time.Hour),
		"the defaults park a row after about 16 hours of failures")
}

// TestClip keeps short errors whole and cuts long ones on a character
// boundary, so that recording a failure never fails for its size.
func TestClip(t *testing.T) {
	long := strings.Repeat("é", 1500) // 3000 bytes
	for _, tt := range []struct {
		name, in string
		want     int // bytes kept before the ellipsis; -1 when whole
	}{
		{"short", "refused", -1},
		{"at the limit", strings.Repeat("x", 2000), -1},
		{"long", strings.Repeat("x", 5000), 2000},
		{"cut inside a character", "x" + long, 1999},
	} {
		got := outbox.Clip(tt.in)
		assert.True(t, utf8.ValidString(got), tt.name)
		if tt.want < 0 {
			assert.Equal(t, tt.in, got, tt.name)
			continue
		}
		assert.Equal(t, tt.in[:tt.want]+"…", got, tt.name)
	}
}

// TestRetryColumnsMigrate takes the retry columns' migration down and up
// again over a waiting row, on every database: the row outlives both, due,
// and the outbox reports itself behind in between.
func TestRetryColumnsMigrate(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			app, _, c := setup(t, driver)
			o := outbox.New(app, c, outbox.Config{})
			enqueueIn(ctx, t, o, app, false, "ann@x.io")
			m, err := db.NewMigrator(app, outbox.Migrations)
			require.NoError(t, err)

			_, err = m.Down(ctx)
			require.NoError(t, err)
			require.ErrorIs(t, outbox.CheckMigrated(ctx, app), outbox.ErrNotMigrated)
			_, err = m.Up(ctx)
			require.NoError(t, err)
			require.NoError(t, outbox.CheckMigrated(ctx, app))
			got := states(t, app)
			require.Len(t, got, 1)
			assert.Equal(t, state{ID: got[0].ID}, got[0], "due, never tried")
		})
	}
}

// TestConflictingBatchIsRelayedAgain stages what concurrent relays meet now
// and then on a busy database: the database rolls a batch's transaction back
// as a deadlock or a serialization failure (here the claim raises 40001 the
// first time it runs). The relay runs the batch again, and every row goes.
func TestConflictingBatchIsRelayedAgain(t *testing.T) {
	if !slices.Contains(dbtest.Drivers(), "postgres") {
		t.Skip("the conflict is staged in PostgreSQL, whose DSN is not set")
	}
	ctx := context.Background()
	app, jd, c := setupOn(t, "postgres", "sqlite")
	for _, q := range []string{
		"CREATE SEQUENCE claims",
		`CREATE FUNCTION conflict_once() RETURNS boolean AS $$
		BEGIN
			IF nextval('claims') = 1 THEN
				RAISE EXCEPTION 'a staged conflict' USING ERRCODE = '40001';
			END IF;
			RETURN true;
		END $$ LANGUAGE plpgsql`,
	} {
		_, err := app.Exec(ctx, q)
		require.NoError(t, err)
	}
	o := outbox.New(app, c, outbox.Config{Logger: quiet})
	enqueueIn(ctx, t, o, app, false, "ann@x.io", "bob@x.io")
	require.Contains(t, o.Claim(), " WHERE ")
	o.SetClaim(strings.Replace(o.Claim(), " WHERE ", " WHERE conflict_once() AND ", 1))

	moved, err := o.Relay(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, moved)
	assert.Equal(t, 2, count(t, jd, "SELECT COUNT(*) FROM river_job"))
	assert.Zero(t, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"))
}
