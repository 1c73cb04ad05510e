package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
)

// target is the server a run loads: its base URL, and how to let it go.
type target struct {
	base  string
	what  string // for the summary: "in-process, sqlite" or the URL
	close func() error
}

// startTarget returns the server cfg names: -url as it is, else the example
// app started in-process over a fresh database.
func startTarget(ctx context.Context, cfg options) (*target, error) {
	if cfg.url != "" {
		return &target{base: strings.TrimRight(cfg.url, "/"), what: cfg.url, close: func() error { return nil }}, nil
	}
	d, drop, err := freshDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*target, error) {
		_ = d.Close()
		return nil, errors.Join(err, drop())
	}
	example := modules.Project()
	if err := d.Migrate(ctx, example.AllMigrations()...); err != nil {
		return fail(fmt.Errorf("migrate: %w", err))
	}
	s, err := config.LoadFrom(config.MapLookup(map[string]string{
		"JWT_SECRET":            randomHex(32),
		"RATE_LIMIT_PER_MINUTE": "0", // one client address sends everything
	}))
	if err != nil {
		return fail(err)
	}
	rt, err := example.Build(s, d, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return fail(err)
	}
	app := rt.App
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	serveCtx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- app.Serve(serveCtx, l) }()
	return &target{
		base: "http://" + l.Addr().String(),
		what: "in-process example app, fresh " + cfg.driver + " database",
		close: func() error {
			stop()
			return errors.Join(<-served, d.Close(), drop())
		},
	}, nil
}

// freshDatabase opens an empty database for the run and returns a function
// that removes it: a file in a temporary directory for SQLite, a schema of
// its own in -dsn's database for PostgreSQL.
func freshDatabase(ctx context.Context, cfg options) (*db.DB, func() error, error) {
	switch cfg.driver {
	case "sqlite":
		dir, err := os.MkdirTemp("", "petra-registrations-")
		if err != nil {
			return nil, nil, err
		}
		drop := func() error { return os.RemoveAll(dir) }
		d, err := db.Open(ctx, "sqlite", filepath.Join(dir, "load.sqlite3"))
		if err != nil {
			return nil, nil, errors.Join(err, drop())
		}
		return d, drop, nil
	case "postgres":
		return freshSchema(ctx, cfg.dsn)
	default:
		return nil, nil, fmt.Errorf("-driver %q: use sqlite or postgres", cfg.driver)
	}
}

// freshSchema creates the schema petra_load_<random> in dsn's database and
// opens it first on the search path; dropping it removes every table the run
// made.
func freshSchema(ctx context.Context, dsn string) (*db.DB, func() error, error) {
	u, err := url.Parse(dsn)
	if dsn == "" || err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, nil, errors.New("-driver postgres needs -dsn postgres://…")
	}
	admin, err := db.Open(ctx, "postgres", dsn)
	if err != nil {
		return nil, nil, err
	}
	schema := "petra_load_" + randomHex(6)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, nil, errors.Join(err, admin.Close())
	}
	drop := func() error {
		_, err := admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
		return errors.Join(err, admin.Close())
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	d, err := db.Open(ctx, "postgres", u.String())
	if err != nil {
		return nil, nil, errors.Join(err, drop())
	}
	return d, drop, nil
}

// randomHex returns 2n random lower-case hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
