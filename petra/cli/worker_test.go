package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

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
