package mailjob_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/mail"
	"github.com/go-petra/petra/petra/mail/mailjob"
)

// lockedBuffer collects what the log mailer prints.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func ExampleQueueTx() {
	dir, _ := os.MkdirTemp("", "mailjob")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	d, _ := db.Open(ctx, "sqlite", filepath.Join(dir, "app.sqlite3"))
	defer d.Close()
	_ = jobs.Migrate(ctx, d)

	printed := &lockedBuffer{}
	workers := jobs.NewWorkers()
	mailjob.Register(workers, &mail.Log{From: mail.Address{Email: "app@example.com"}, W: printed})
	client, _ := jobs.New(d, jobs.Config{Workers: workers, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	tx, _ := d.SQL().BeginTx(ctx, nil)
	// ... the registration's INSERT in tx ...
	err := mailjob.QueueTx(ctx, client, tx, mail.New().To("ann@example.com").Subject("Welcome").Text("Hello Ann"))
	fmt.Println(err, tx.Commit())

	_ = client.Start(ctx)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(printed.String(), "end of mail") {
			break
		}
	}
	_ = client.Stop(ctx)
	fmt.Println(strings.Contains(printed.String(), "Subject: Welcome"))
	// Output:
	// <nil> <nil>
	// true
}
