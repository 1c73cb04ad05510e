package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/cli"
)

// The outbox rows of TestJobs: two parked, one still waiting for its next
// attempt.
const (
	parkedMail  = "0190a1b2-c3d4-7e5f-8a9b-000000000001"
	parkedStray = "0190a1b2-c3d4-7e5f-8a9b-000000000002"
	waiting     = "0190a1b2-c3d4-7e5f-8a9b-000000000003"
)

// withOutbox sets the jobs in a database of their own, migrates, and
// returns the app's database, where the outbox's table is.
func withOutbox(t *testing.T, run func(args ...string) (int, string)) *sql.DB {
	t.Helper()
	t.Setenv("JOBS_DATABASE_URL", "sqlite:"+filepath.Join(t.TempDir(), "jobs.sqlite3"))
	code, out := run("migrate", "up")
	require.Equal(t, cli.ExitOK, code, out)
	appDB, err := sql.Open("sqlite", os.Getenv("DB_DATABASE"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = appDB.Close() })
	return appDB
}

// lastLine is the last line out holds.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestJobs lists the parked rows of the jobs outbox and queues them again,
// one by its id and then all.
func TestJobs(t *testing.T) {
	run := inProject(t)
	appDB := withOutbox(t, run)
	code, out := run("jobs", "parked")
	require.Equal(t, cli.ExitOK, code, out)
	assert.Equal(t, "No parked jobs.", lastLine(out))

	now := time.Now().UTC()
	for _, r := range []struct {
		id, kind  string
		attempts  int
		lastError string
		parked    any
	}{
		{parkedMail, "petra_mail", 25, "dial tcp: connection refused", now.Add(-time.Hour)},
		{parkedStray, "stray", 3, "job kind is not registered\n\tin the client", now},
		{waiting, "stray", 1, "job kind is not registered", nil},
	} {
		_, err := appDB.Exec(`INSERT INTO petra_jobs_outbox (id, kind, args, opts, created, attempts, last_error, next_attempt, parked)`+
			` VALUES (?, ?, '{"email":"ann@x.io"}', '{}', ?, ?, ?, ?, ?)`, r.id, r.kind, now.Add(-2*time.Hour), r.attempts, r.lastError, now.Add(time.Hour), r.parked)
		require.NoError(t, err)
	}

	code, out = run("jobs", "parked")
	require.Equal(t, cli.ExitOK, code, out)
	assert.Regexp(t, `ID +KIND +ATTEMPTS +PARKED AT +LAST ERROR\n`, out)
	assert.Regexp(t, parkedMail+` +petra_mail +25 +`+now.Add(-time.Hour).Format("2006-01-02T15:04")+`:\d\dZ +dial tcp: connection refused\n`, out)
	assert.Regexp(t, parkedStray+` +stray +3 +`+now.Format("2006-01-02T15:04")+`:\d\dZ +job kind is not registered in the client\n`, out, "one line a row")
	assert.NotContains(t, out, waiting, "a row still tried is not parked")
	assert.NotContains(t, out, "ann@x.io", "never the arguments")

	steps := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"jobs", "retry"}, cli.ExitUsage, `"app jobs retry" takes an ID or --all`},
		{[]string{"jobs", "retry", parkedMail, "--all"}, cli.ExitUsage, "give an ID or --all, not both"},
		{[]string{"jobs", "retry", "nope"}, cli.ExitError, "app: no parked job has the id \"nope\" (see `app jobs parked`)"},
		{[]string{"jobs", "retry", waiting}, cli.ExitError, "app: no parked job has the id \"" + waiting + "\""},
		{[]string{"jobs", "retry", parkedMail}, cli.ExitOK, "queued 1 parked job again (" + parkedMail + ")"},
		{[]string{"jobs", "retry", parkedMail}, cli.ExitError, "app: no parked job has the id \"" + parkedMail + "\""},
		{[]string{"jobs", "retry", "--all"}, cli.ExitOK, "queued 1 parked job(s) again"},
		{[]string{"jobs", "retry", "--all"}, cli.ExitOK, "queued 0 parked job(s) again"},
		{[]string{"jobs", "parked"}, cli.ExitOK, "No parked jobs."},
	}
	for _, step := range steps {
		code, out := run(step.args...)
		assert.Equal(t, step.code, code, "%v: %s", step.args, out)
		assert.Contains(t, out, step.says, step.args)
		if step.code == cli.ExitError {
			assert.True(t, strings.HasPrefix(lastLine(out), step.says), "%v: the error is the last line, alone: %s", step.args, out)
		}
	}

	var due int
	require.NoError(t, appDB.QueryRow(`SELECT COUNT(*) FROM petra_jobs_outbox WHERE parked IS NULL AND attempts = 0 AND next_attempt IS NULL`).Scan(&due))
	assert.Equal(t, 2, due, "the parked rows are due again, their attempts counted afresh")
}

// TestJobsWhenTheOutboxIsNotUsed: with jobs off the commands say so, and
// with jobs in the app's database nothing is ever parked.
func TestJobsWhenTheOutboxIsNotUsed(t *testing.T) {
	run := inProject(t)
	code, out := run("migrate", "up")
	require.Equal(t, cli.ExitOK, code, out)
	code, out = run("jobs", "parked")
	assert.Equal(t, cli.ExitOK, code, out)
	assert.Contains(t, out, "No parked jobs: jobs are in the app's database")

	t.Setenv("JOBS_ENABLED", "false")
	for _, args := range [][]string{{"jobs", "parked"}, {"jobs", "retry", "--all"}} {
		code, out := run(args...)
		assert.Equal(t, cli.ExitError, code, out)
		assert.Equal(t, "app: jobs are off (JOBS_ENABLED=false, or MySQL without JOBS_DATABASE_URL)", lastLine(out), args)
	}
	code, out = run("jobs")
	assert.Equal(t, cli.ExitUsage, code, out)
	assert.Contains(t, out, `"app jobs" needs a command`)
}
