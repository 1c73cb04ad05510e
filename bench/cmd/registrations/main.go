// Command registrations puts the example app under a registration load and
// checks that nothing it acknowledged was lost: it fires N registrations with
// unique emails from C concurrent clients, then reads every account answered
// 201 back (GET /api/v1/user/users/{uuid} with a bearer token) and checks
// that the user list's total grew by exactly N. It prints requests per
// second, p50 and p99 latency, errors and 5xx answers, and exits 1 on any
// error, 5xx or lost account.
//
// By default it starts the example app (as petra/project assembles it for
// `petra serve`) in-process on 127.0.0.1:0 over a fresh database: a temporary
// SQLite file, or, with -driver postgres and -dsn, a schema of its own in
// that database, created first and dropped at the end. With -url it loads a
// running server instead (start it with RATE_LIMIT_PER_MINUTE=0).
//
//	go run ./cmd/registrations                          # 2000 on SQLite, 50 clients
//	go run ./cmd/registrations -driver postgres -dsn postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//	go run ./cmd/registrations -url http://127.0.0.1:8000 -n 500
//
// Registration hashes the password with bcrypt at its default cost, so on a
// small machine the figures are mostly bcrypt's; the check is the point.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	var cfg options
	flag.IntVar(&cfg.n, "n", 2000, "registrations to send")
	flag.IntVar(&cfg.c, "c", 50, "concurrent clients")
	flag.StringVar(&cfg.driver, "driver", "sqlite", "database of the in-process app: sqlite or postgres")
	flag.StringVar(&cfg.dsn, "dsn", "", "PostgreSQL DSN (URL) whose database gets a fresh schema for the run")
	flag.StringVar(&cfg.url, "url", "", "base URL of a running server to load instead of the in-process app")
	flag.DurationVar(&cfg.timeout, "timeout", time.Minute, "the longest one request may take")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := run(ctx, cfg)
	if s != nil {
		fmt.Print(s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "registrations:", err)
		os.Exit(1)
	}
}
