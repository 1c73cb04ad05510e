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
