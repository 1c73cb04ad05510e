package jobs

import (
	"context"

	"github.com/riverqueue/river"
)

// Args are a job's arguments: a struct that encodes to JSON and names its
// kind, e.g.
//
//	type WelcomeArgs struct{ UserID string `json:"user_id"` }
//	func (WelcomeArgs) Kind() string { return "welcome_mail" }
type Args = river.JobArgs

// Job is a job as a worker receives it: its Args and River's row (ID,
// Attempt, Errors...).
type Job[T Args] = river.Job[T]

// Worker runs the jobs of one kind. Embed [WorkerDefaults] and write Work:
// returning an error retries the job with backoff; river.JobCancel stops
// retrying; river.JobSnooze runs it again later.
type Worker[T Args] = river.Worker[T]

// WorkerDefaults gives a worker the default options of River.
type WorkerDefaults[T Args] = river.WorkerDefaults[T]

// Workers are the workers a client can run, one per kind.
type Workers = river.Workers

// InsertOpts tune one enqueued job: queue, priority, ScheduledAt, MaxAttempts
// and UniqueOpts (River's unique jobs: ByArgs, ByPeriod, ByQueue, ByState).
type InsertOpts = river.InsertOpts

// UniqueOpts make a job unique: at most one with the same kind (and args,
// period, queue, as chosen) exists in the chosen states.
type UniqueOpts = river.UniqueOpts

// NewWorkers returns an empty set of workers.
func NewWorkers() *Workers { return river.NewWorkers() }

// AddWorker registers worker for its kind; it panics when the kind is
// already registered, a programming mistake found at start-up.
func AddWorker[T Args](workers *Workers, worker Worker[T]) { river.AddWorker(workers, worker) }

// WorkFunc makes a worker from a function, for workers without state.
func WorkFunc[T Args](f func(ctx context.Context, job *Job[T]) error) Worker[T] {
	return river.WorkFunc(f)
}
