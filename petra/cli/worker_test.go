package cli_test

import (
	"bytes"
	"context"
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

func TestWorker(t *testing.T) {
	inProject(t)
	t.Setenv("DB_MIGRATE_ON_START", "true")
	// The worker runs until its context ends (SIGINT in Main), then drains.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var out bytes.Buffer
	code := cli.Run(ctx, app, []string{"worker"}, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &out})
	assert.Equal(t, cli.ExitOK, code, out.String())
	assert.Contains(t, out.String(), "petra: worker started")
	assert.Contains(t, out.String(), "petra: worker stopped")
}

func TestWorkerWithJobsOff(t *testing.T) {
	run := inProject(t)
	t.Setenv("JOBS_ENABLED", "false")
	code, out := run("worker")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "jobs are off")
}

func TestMigrateUpBringsRiverWhenTheServerDoesNot(t *testing.T) {
	run := inProject(t)
	t.Setenv("DB_MIGRATE_ON_START", "false")
	code, out := run("worker")
	assert.Equal(t, cli.ExitError, code, out)
	assert.Contains(t, out, "River's tables are not up to date: run `migrate up`")

	code, out = run("migrate", "up")
	assert.Equal(t, cli.ExitOK, code, out)
	assert.Contains(t, out, "up jobs River's tables are up to date")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var buf bytes.Buffer
	code = cli.Run(ctx, app, []string{"worker"}, cli.Streams{In: strings.NewReader(""), Out: &buf, Err: &buf})
	assert.Equal(t, cli.ExitOK, code, buf.String())
	assert.Contains(t, buf.String(), "petra: worker started")
}

// TestWorkerRelaysTheOutbox: with jobs in a database of their own, a worker
// running without serve moves what the app's transactions wrote to the
// outbox into the jobs' queue.
func TestWorkerRelaysTheOutbox(t *testing.T) {
	run := inProject(t)
	t.Setenv("JOBS_DATABASE_URL", "sqlite:"+filepath.Join(t.TempDir(), "jobs.sqlite3"))
	code, out := run("migrate", "up")
	require.Equal(t, cli.ExitOK, code, out)
	appDB, err := sql.Open("sqlite", os.Getenv("DB_DATABASE"))
	require.NoError(t, err)
	defer appDB.Close()
	// A mail job's row, as mailjob.QueueOutbox writes one (its kind has a worker).
	_, err = appDB.Exec(`INSERT INTO petra_jobs_outbox (id, kind, args, opts, created) VALUES (?, ?, ?, ?, ?)`,
		"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "petra_mail", `{}`, `{}`, time.Now().UTC())
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var buf bytes.Buffer
	code = cli.Run(ctx, app, []string{"worker"}, cli.Streams{In: strings.NewReader(""), Out: &buf, Err: &buf})
	assert.Equal(t, cli.ExitOK, code, buf.String())
	var left int
	require.NoError(t, appDB.QueryRow(`SELECT COUNT(*) FROM petra_jobs_outbox`).Scan(&left))
	assert.Zero(t, left, "the worker relayed the outbox")
}
