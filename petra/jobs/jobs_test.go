package jobs_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
)

type noteArgs struct {
	Note string `json:"note"`
}

func (noteArgs) Kind() string { return "note" }

func TestRolledBackTransactionEnqueuesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		ran := make(chan string, 10)
		workers := jobs.NewWorkers()
		jobs.AddWorker(workers, jobs.WorkFunc(func(_ context.Context, j *jobs.Job[noteArgs]) error {
			ran <- j.Args.Note
			return nil
		}))
		c, err := jobs.New(d, testConfig(workers))
		require.NoError(t, err)
		ctx := context.Background()

		tx, err := d.SQL().BeginTx(ctx, nil)
		require.NoError(t, err)
		_, err = c.EnqueueTx(ctx, tx, noteArgs{"rolled back"}, nil)
		require.NoError(t, err)
		require.NoError(t, tx.Rollback())

		tx, err = d.SQL().BeginTx(ctx, nil)
		require.NoError(t, err)
		_, err = c.EnqueueTx(ctx, tx, noteArgs{"committed"}, nil)
		require.NoError(t, err)
		require.NoError(t, tx.Commit())

		start(t, c)
		select {
		case note := <-ran:
			assert.Equal(t, "committed", note)
		case <-time.After(waitLimit):
			t.Fatal("the committed job did not run")
		}
		var rows int
		require.NoError(t, d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM river_job").Scan(&rows))
		assert.Equal(t, 1, rows, "the rolled-back job was never stored, so it can never run")
		assert.Empty(t, ran)
	})
}

type flakyArgs struct{}

func (flakyArgs) Kind() string { return "flaky" }

func TestFailingJobIsRetriedUntilItSucceeds(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		var attempts atomic.Int32
		done := make(chan int, 1)
		workers := jobs.NewWorkers()
		jobs.AddWorker(workers, jobs.WorkFunc(func(_ context.Context, j *jobs.Job[flakyArgs]) error {
			attempts.Add(1)
			if j.Attempt < 3 {
				return fmt.Errorf("attempt %d fails", j.Attempt)
			}
			done <- j.Attempt
			return nil
		}))
		c, err := jobs.New(d, testConfig(workers))
		require.NoError(t, err)
		res, err := c.Enqueue(context.Background(), flakyArgs{}, nil)
		require.NoError(t, err)
		start(t, c)
		select {
		case attempt := <-done:
			assert.Equal(t, 3, attempt)
		case <-time.After(waitLimit):
			t.Fatal("the job did not succeed")
		}
		assert.Equal(t, int32(3), attempts.Load())
		require.Eventually(t, func() bool {
			state, _ := jobState(t, c, res.Job.ID)
			return state == rivertype.JobStateCompleted
		}, waitLimit, 20*time.Millisecond)
		row, err := c.River().JobGet(context.Background(), res.Job.ID)
		require.NoError(t, err)
		require.Len(t, row.Errors, 2, "each failure is recorded on the job")
		assert.Equal(t, "attempt 1 fails", row.Errors[0].Error)
	})
}

func TestUniqueJobs(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		c, err := jobs.New(d, jobs.Config{Logger: quietLogger()})
		require.NoError(t, err)
		ctx := context.Background()
		opts := &jobs.InsertOpts{UniqueOpts: jobs.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}}
		first, err := c.Enqueue(ctx, noteArgs{"welcome ann"}, opts)
		require.NoError(t, err)
		again, err := c.Enqueue(ctx, noteArgs{"welcome ann"}, opts)
		require.NoError(t, err)
		other, err := c.Enqueue(ctx, noteArgs{"welcome bob"}, opts)
		require.NoError(t, err)
		assert.False(t, first.UniqueSkippedAsDuplicate)
		assert.True(t, again.UniqueSkippedAsDuplicate)
		assert.Equal(t, first.Job.ID, again.Job.ID)
		assert.NotEqual(t, first.Job.ID, other.Job.ID)
	})
}

type blockingArgs struct{}

func (blockingArgs) Kind() string { return "blocking" }

func TestJobInterruptedByShutdownIsRetried(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		started := make(chan struct{}, 1)
		finished := make(chan int, 1)
		var interrupted atomic.Bool
		workers := jobs.NewWorkers()
		jobs.AddWorker(workers, jobs.WorkFunc(func(ctx context.Context, j *jobs.Job[blockingArgs]) error {
			if !interrupted.Swap(true) {
				started <- struct{}{}
				<-ctx.Done() // a long job, still running at shutdown
				return ctx.Err()
			}
			finished <- j.Attempt
			return nil
		}))
		cfg := testConfig(workers)
		cfg.ShutdownTimeout = 100 * time.Millisecond
		first, err := jobs.New(d, cfg)
		require.NoError(t, err)
		res, err := first.Enqueue(context.Background(), blockingArgs{}, nil)
		require.NoError(t, err)
		require.NoError(t, first.Start(context.Background()))
		select {
		case <-started:
		case <-time.After(waitLimit):
			t.Fatal("the job did not start")
		}
		stopCtx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		require.NoError(t, first.Stop(stopCtx))
		// River's drivers differ in how they put the job back (retryable
		// with the attempt counted, or available again): either way it is
		// still due, not finished or discarded.
		state, _ := jobState(t, first, res.Job.ID)
		assert.Contains(t, []rivertype.JobState{rivertype.JobStateRetryable, rivertype.JobStateAvailable}, state)

		second, err := jobs.New(d, cfg) // the process that comes up next
		require.NoError(t, err)
		start(t, second)
		select {
		case <-finished:
		case <-time.After(waitLimit):
			t.Fatal("the interrupted job was lost")
		}
		require.Eventually(t, func() bool {
			state, _ := jobState(t, second, res.Job.ID)
			return state == rivertype.JobStateCompleted
		}, waitLimit, 20*time.Millisecond)
	})
}

type countArgs struct {
	N int `json:"n"`
}

func (countArgs) Kind() string { return "count" }

func TestThousandJobsAcrossThreeInstancesRunOnce(t *testing.T) {
	first := openDB(t, "postgres")
	rec := newRecorder()
	const total = 1000
	all := make(chan struct{})
	var clients []*jobs.Client
	for i, d := range []*db.DB{first, samePostgres(t, first), samePostgres(t, first)} {
		who := fmt.Sprintf("instance %d", i)
		workers := jobs.NewWorkers()
		jobs.AddWorker(workers, jobs.WorkFunc(func(_ context.Context, j *jobs.Job[countArgs]) error {
			if rec.add(j.ID, who) == total {
				close(all)
			}
			return nil
		}))
		c, err := jobs.New(d, testConfig(workers))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	ctx := context.Background()
	params := make([]river.InsertManyParams, total)
	for i := range params {
		params[i] = river.InsertManyParams{Args: countArgs{N: i}}
	}
	_, err := clients[0].River().InsertMany(ctx, params)
	require.NoError(t, err)
	for _, c := range clients {
		start(t, c)
	}
	select {
	case <-all:
	case <-time.After(waitLimit):
		t.Fatalf("only %d of %d jobs ran", len(rec.runs), total)
	}
	for _, c := range clients {
		stopCtx, cancel := context.WithTimeout(ctx, waitLimit)
		require.NoError(t, c.Stop(stopCtx))
		cancel()
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Len(t, rec.runs, total)
	for id, n := range rec.runs {
		if n != 1 {
			t.Errorf("job %d ran %d times", id, n)
		}
	}
	t.Logf("jobs per instance: %v", rec.by)
	var completed int
	require.NoError(t, first.SQL().QueryRow("SELECT count(*) FROM river_job WHERE state = 'completed'").Scan(&completed))
	assert.Equal(t, total, completed)
}
