package outbox_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
)

// levels are the levels of the JSON log lines in buf, with their messages.
func levels(t *testing.T, buf *bytes.Buffer) (lv, msgs []string) {
	t.Helper()
	for _, rec := range records(t, buf) {
		lv = append(lv, rec["level"].(string))
		msgs = append(msgs, rec["msg"].(string))
	}
	return lv, msgs
}

// TestRunningRelayLogsAnOutageOnce runs the relay, polling each
// millisecond and woken again and again, while the jobs database is gone:
// the outage is logged once, not at every pass.
func TestRunningRelayLogsAnOutageOnce(t *testing.T) {
	ctx := context.Background()
	app, jd, c := setup(t, "sqlite")
	var logs bytes.Buffer
	o := outbox.New(app, c, outbox.Config{PollInterval: time.Millisecond, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	enqueueIn(ctx, t, o, app, false, "ann@x.io")
	require.NoError(t, jd.Close())

	o.Start(ctx)
	for range 30 {
		o.Wake()
		time.Sleep(10 * time.Millisecond)
	}
	require.Error(t, o.Stop(ctx), "the last pass fails as the others did")

	lv, msgs := levels(t, &logs)
	assert.Equal(t, []string{"ERROR"}, lv, "%q", msgs)
	assert.Equal(t, 1, count(t, app, "SELECT COUNT(*) FROM petra_jobs_outbox"), "the row waits")
}

// TestOutageIsLoggedOnceAndTheRecoveryOnce passes again and again while the
// jobs database is gone: one error line, waits that double from the poll up
// to MaxOutagePoll, quiet passes even when there is nothing left to move,
// and one info line once the jobs database answers, with the poll back.
func TestOutageIsLoggedOnceAndTheRecoveryOnce(t *testing.T) {
	ctx := context.Background()
	app, jd, c := setup(t, "sqlite")
	var logs bytes.Buffer
	o := outbox.New(app, c, outbox.Config{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	enqueueIn(ctx, t, o, app, false, "ann@x.io")
	require.NoError(t, jd.Close())

	var out outbox.Outage
	var waits []time.Duration
	for range 8 {
		waits = append(waits, o.Pass(ctx, &out))
	}
	s := time.Second
	assert.Equal(t, []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, outbox.MaxOutagePoll, outbox.MaxOutagePoll, outbox.MaxOutagePoll}, waits)

	// Another relay took the row: a pass moves nothing and fails nothing,
	// but the jobs database still does not answer.
	_, err := app.Exec(ctx, "DELETE FROM petra_jobs_outbox")
	require.NoError(t, err)
	assert.Equal(t, outbox.MaxOutagePoll, o.Pass(ctx, &out), "still down")

	back := dbtest.Open(t, "sqlite")
	require.NoError(t, jobs.Migrate(ctx, back))
	c, err = jobs.New(back, jobs.Config{Logger: quiet})
	require.NoError(t, err)
	o.Reconnect(c)
	assert.Equal(t, outbox.DefaultPollInterval, o.Pass(ctx, &out), "the poll is back")
	enqueueIn(ctx, t, o, app, false, "bo@x.io")
	assert.Equal(t, outbox.DefaultPollInterval, o.Pass(ctx, &out))
	assert.Equal(t, 1, count(t, back, "SELECT COUNT(*) FROM river_job"))

	lv, msgs := levels(t, &logs)
	assert.Equal(t, []string{"ERROR", "INFO"}, lv, "%q", msgs)
	assert.Contains(t, msgs[0], "the jobs database does not answer")
	assert.Contains(t, msgs[1], "the jobs database answers again")
}
