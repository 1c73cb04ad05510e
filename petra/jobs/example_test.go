package jobs_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
)

// WelcomeArgs are the arguments of the welcome job.
type WelcomeArgs struct {
	Email string `json:"email"`
}

// Kind names the job kind in the database.
func (WelcomeArgs) Kind() string { return "welcome" }

func Example() {
	dir, _ := os.MkdirTemp("", "jobs")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	d, _ := db.Open(ctx, "sqlite", filepath.Join(dir, "app.sqlite3"))
	defer d.Close()
	_ = jobs.Migrate(ctx, d)

	done := make(chan string)
	workers := jobs.NewWorkers()
	jobs.AddWorker(workers, jobs.WorkFunc(func(ctx context.Context, j *jobs.Job[WelcomeArgs]) error {
		done <- j.Args.Email
		return nil
	}))
	client, err := jobs.New(d, jobs.Config{Workers: workers, Logger: quietLogger(), Schedules: []*jobs.Schedule{
		jobs.NewSchedule("nightly-welcome-digest", jobs.DailyAt("03:00"), func() jobs.Args { return WelcomeArgs{} }),
	}})
	if err != nil {
		fmt.Println(err)
		return
	}

	tx, _ := d.SQL().BeginTx(ctx, nil)
	// ... insert the user in tx ...
	_, _ = client.EnqueueTx(ctx, tx, WelcomeArgs{Email: "ann@example.com"}, nil)
	_ = tx.Commit()

	_ = client.Start(ctx)
	fmt.Println("welcomed", <-done)
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	fmt.Println(client.Stop(stopCtx))
	// Output:
	// welcomed ann@example.com
	// <nil>
}
