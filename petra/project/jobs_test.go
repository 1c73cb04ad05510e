package project_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/project"
)

// pingArgs is a job of the test app's own.
type pingArgs struct {
	N int `json:"n"`
}

func (pingArgs) Kind() string { return "ping" }

// jobsApp is a project whose worker reports each job it runs on ran.
func jobsApp(ran chan<- int) *project.Project {
	return &project.Project{
		Name: "jobs",
		Workers: func(d project.Deps, w *jobs.Workers) {
			jobs.AddWorker(w, jobs.WorkFunc(func(ctx context.Context, job *jobs.Job[pingArgs]) error {
				ran <- job.Args.N
				return nil
			}))
		},
		Schedules: []*jobs.Schedule{
			jobs.NewSchedule("ping-every-hour", jobs.Hourly(), func() jobs.Args { return pingArgs{N: -1} }),
		},
	}
}

func TestJobsRunWithTheRuntime(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			ran := make(chan int, 10)
			rt, err := jobsApp(ran).Build(settings(t, nil), dbtest.Open(t, driver), nil, quiet)
			require.NoError(t, err)
			require.NotNil(t, rt.Jobs, "jobs are on by default")
			require.NotNil(t, rt.Mailer, "the log mailer by default")
			require.NoError(t, rt.StartJobs(context.Background()))

			_, err = rt.Jobs.Enqueue(context.Background(), pingArgs{N: 7}, nil)
			require.NoError(t, err)
			select {
			case n := <-ran:
				assert.Equal(t, 7, n)
			case <-time.After(30 * time.Second):
				t.Fatal("the job did not run")
			}
			require.NoError(t, rt.Close(), "Close drains the workers")
		})
	}
}

func TestJobsOff(t *testing.T) {
	t.Run("JOBS_ENABLED=false", func(t *testing.T) {
		rt, err := jobsApp(nil).Build(settings(t, map[string]string{"JOBS_ENABLED": "false"}), dbtest.Open(t, "sqlite"), nil, quiet)
		require.NoError(t, err)
		defer rt.Close()
		assert.Nil(t, rt.Jobs)
		assert.NoError(t, rt.StartJobs(context.Background()), "nothing to start")
	})
	t.Run("MySQL without a jobs database", func(t *testing.T) {
		logger, logs := petratest.NewLogger()
		rt, err := jobsApp(nil).Build(settings(t, nil), dbtest.Open(t, "mysql"), nil, logger)
		require.NoError(t, err)
		defer rt.Close()
		assert.Nil(t, rt.Jobs)
		assert.Contains(t, logs.String(), "JOBS_DATABASE_URL")
	})
}

// An app on MySQL runs its jobs in a database of their own.
func TestJobsInADatabaseOfTheirOwn(t *testing.T) {
	ran := make(chan int, 1)
	s := settings(t, map[string]string{"JOBS_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "jobs.sqlite3")})
	rt, err := jobsApp(ran).Build(s, dbtest.Open(t, "mysql"), nil, quiet)
	require.NoError(t, err)
	require.NotNil(t, rt.Jobs)
	require.NoError(t, rt.StartJobs(context.Background()))
	_, err = rt.Jobs.Enqueue(context.Background(), pingArgs{N: 1}, nil)
	require.NoError(t, err)
	select {
	case <-ran:
	case <-time.After(30 * time.Second):
		t.Fatal("the job did not run")
	}
	require.NoError(t, rt.Close(), "Close drains the workers and closes the jobs database")
}

// With jobs in a database of their own, the outbox's table is migrated in
// the app's database with River's in theirs, checked as they are, and a job
// enqueued through Deps.Outbox in the app's transaction runs once relayed.
func TestOutboxInADatabaseOfTheirOwn(t *testing.T) {
	ctx := context.Background()
	ran := make(chan int, 1)
	s := settings(t, map[string]string{
		"JOBS_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "jobs.sqlite3"), "DB_MIGRATE_ON_START": "false",
	})
	d := dbtest.Open(t, "sqlite")
	_, err := project.CheckJobs(ctx, s, d, quiet)
	require.ErrorIs(t, err, jobs.ErrNotMigrated, "River's tables first")
	_, err = project.MigrateJobs(ctx, s, d, quiet)
	require.NoError(t, err)
	on, err := project.CheckJobs(ctx, s, d, quiet)
	require.NoError(t, err)
	assert.True(t, on)
	require.NoError(t, outbox.CheckMigrated(ctx, d), "the outbox's table is in the app's database")

	rt, err := jobsApp(ran).Build(s, d, nil, quiet)
	require.NoError(t, err)
	require.NotNil(t, rt.Outbox)
	require.NoError(t, rt.StartJobs(ctx))
	require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error { return rt.Outbox.EnqueueTx(ctx, tx, pingArgs{N: 3}, nil) }))
	rt.Outbox.Wake()
	select {
	case n := <-ran:
		assert.Equal(t, 3, n)
	case <-time.After(30 * time.Second):
		t.Fatal("the job did not run")
	}
	require.NoError(t, rt.Close())
	n, err := db.Get[int](ctx, d, "SELECT COUNT(*) FROM petra_jobs_outbox")
	require.NoError(t, err)
	assert.Zero(t, n)
}

// A server that does not migrate refuses to start while the outbox's table
// is missing, as it does for River's.
func TestOutboxNotMigrated(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "jobs.sqlite3")
	jd, err := db.Open(ctx, "sqlite", file)
	require.NoError(t, err)
	require.NoError(t, jobs.Migrate(ctx, jd), "River's tables only")
	require.NoError(t, jd.Close())
	s := settings(t, map[string]string{"JOBS_DATABASE_URL": "sqlite:" + file, "DB_MIGRATE_ON_START": "false"})
	_, err = jobsApp(nil).Build(s, dbtest.Open(t, "sqlite"), nil, quiet)
	require.ErrorIs(t, err, outbox.ErrNotMigrated)
}
