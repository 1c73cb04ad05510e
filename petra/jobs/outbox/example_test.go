package outbox_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
)

// An app whose jobs are in a database of their own queues a job with the
// account it belongs to; the relay moves it once the account is committed.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "outbox-example-")
	defer os.RemoveAll(dir)
	app, _ := db.Open(ctx, "sqlite", filepath.Join(dir, "app.sqlite3")) // MySQL, in the case it is made for
	defer app.Close()
	queue, _ := db.Open(ctx, "sqlite", filepath.Join(dir, "jobs.sqlite3"))
	defer queue.Close()
	_ = app.Migrate(ctx, outbox.Migrations)
	_ = jobs.Migrate(ctx, queue)
	client, _ := jobs.New(queue, jobs.Config{Logger: quiet})

	o := outbox.New(app, client, outbox.Config{})
	_ = app.InTx(ctx, func(tx *db.Tx) error {
		// … the INSERT of the account, in tx …
		return o.EnqueueTx(ctx, tx, greetArgs{To: "ann@example.com"}, nil)
	})
	moved, err := o.Relay(ctx) // what the running relay (o.Start) does after the commit
	fmt.Println(moved, err)
	// Output: 1 <nil>
}

// A job whose kind the app forgot to give a worker is parked after its
// last attempt, kept in the table; once the worker is deployed, an operator
// lists the parked rows and queues them again.
func ExampleOutbox_RetryAll() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "outbox-example-")
	defer os.RemoveAll(dir)
	app, _ := db.Open(ctx, "sqlite", filepath.Join(dir, "app.sqlite3"))
	defer app.Close()
	queue, _ := db.Open(ctx, "sqlite", filepath.Join(dir, "jobs.sqlite3"))
	defer queue.Close()
	_ = app.Migrate(ctx, outbox.Migrations)
	_ = jobs.Migrate(ctx, queue)
	workers := jobs.NewWorkers() // no worker for stray jobs: River refuses them
	jobs.AddWorker(workers, jobs.WorkFunc(func(context.Context, *jobs.Job[greetArgs]) error { return nil }))
	client, _ := jobs.New(queue, jobs.Config{Workers: workers, Logger: quiet})
	o := outbox.New(app, client, outbox.Config{MaxAttempts: 1, Logger: quiet})
	_ = app.InTx(ctx, func(tx *db.Tx) error { return o.EnqueueTx(ctx, tx, strayArgs{}, nil) })
	_, _ = o.Relay(ctx)

	parked, _ := o.Parked(ctx)
	for _, p := range parked {
		fmt.Println(p.Kind, p.Attempts) // and p.ID, p.LastError, p.Parked
	}

	// The next release registers the worker.
	jobs.AddWorker(workers, jobs.WorkFunc(func(context.Context, *jobs.Job[strayArgs]) error { return nil }))
	client, _ = jobs.New(queue, jobs.Config{Workers: workers, Logger: quiet})
	o = outbox.New(app, client, outbox.Config{Logger: quiet})
	retried, _ := o.RetryAll(ctx) // or o.Retry(ctx, id) for one row
	moved, _ := o.Relay(ctx)      // what the running relay, woken, does
	fmt.Println(retried, moved)
	// Output:
	// stray 1
	// 1 1
}
