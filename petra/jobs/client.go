package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/go-petra/petra/petra/db"
)

// DefaultShutdownTimeout is how long [Client.Stop] lets running jobs finish
// before it cancels them.
const DefaultShutdownTimeout = 10 * time.Second

// Config says what a [Client] runs. The zero Config is an insert-only
// client: it enqueues jobs and runs none, as a web process next to
// separate workers would.
type Config struct {
	// Workers are the workers of the job kinds this process runs (see
	// [NewWorkers] and [AddWorker]). Nil: run no jobs.
	Workers *Workers
	// Queues maps queue names to how many jobs of each run at once; nil
	// with Workers means {"default": 10}.
	Queues map[string]int
	// Schedules are the periodic jobs ([Every], [DailyAt], [Cron]...). The
	// instance elected leader enqueues them, so each tick runs once across
	// every instance on the database.
	Schedules []*Schedule
	// MaxAttempts is how often a failing job runs before it is discarded
	// (default 25, River's, spread over about three weeks of backoff).
	MaxAttempts int
	// RetryPolicy chooses when a failed job runs again; nil is River's
	// exponential backoff with jitter (attempt^4 seconds).
	RetryPolicy river.ClientRetryPolicy
	// JobTimeout bounds one run of a job (default 1 minute; -1: none).
	JobTimeout time.Duration
	// ShutdownTimeout is how long Stop lets running jobs finish before
	// cancelling them; a cancelled job is retried (default 10s).
	ShutdownTimeout time.Duration
	// RescueAfter is how long a job may stay running before another
	// instance takes it as lost, when the process that ran it died without
	// a shutdown (default 1 hour, River's).
	RescueAfter time.Duration
	// PollInterval is how often idle workers look for new jobs (default
	// 1s, at least 100ms). database/sql drivers have no LISTEN, so work is found by polling.
	PollInterval time.Duration
	// Logger receives River's logs; nil means slog.Default().
	Logger *slog.Logger
}

// Client enqueues jobs and, when its Config has workers, runs them. It is
// safe for concurrent use.
type Client struct {
	river  *river.Client[*sql.Tx]
	driver riverdriver.Driver[*sql.Tx]
	runs   bool
}

// ErrUnsupportedDatabase is returned for a MySQL/MariaDB database: River
// runs on PostgreSQL and SQLite only. Point jobs at a PostgreSQL or SQLite
// database of their own.
var ErrUnsupportedDatabase = errors.New("jobs: River runs on PostgreSQL or SQLite; give jobs a database of their own (MySQL/MariaDB is not supported)")

// driverFor returns River's driver for the database: riversqlite for
// SQLite, riverdatabasesql for PostgreSQL (pgx underneath, through the
// app's own *sql.DB, so a job enqueues in the same *sql.Tx as the data).
func driverFor(d *db.DB) (riverdriver.Driver[*sql.Tx], error) {
	switch d.Dialect() {
	case db.SQLite:
		return riversqlite.New(d.SQL()), nil
	case db.Postgres:
		return riverdatabasesql.New(d.SQL()), nil
	}
	return nil, ErrUnsupportedDatabase
}

// New returns a client on d, a SQLite or PostgreSQL database. It does not
// create River's tables: run [Migrate] first (the migrate command does).
func New(d *db.DB, cfg Config) (*Client, error) {
	driver, err := driverFor(d)
	if err != nil {
		return nil, err
	}
	rc := &river.Config{
		MaxAttempts:          cfg.MaxAttempts,
		RetryPolicy:          cfg.RetryPolicy,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		FetchPollInterval:    cfg.PollInterval,
		Logger:               cfg.Logger,
		SoftStopTimeout:      cfg.ShutdownTimeout,
		PollOnly:             true,
	}
	if rc.SoftStopTimeout == 0 {
		rc.SoftStopTimeout = DefaultShutdownTimeout
	}
	if rc.Logger == nil {
		rc.Logger = slog.Default()
	}
	if cfg.Workers != nil {
		rc.Workers = cfg.Workers
		queues := cfg.Queues
		if len(queues) == 0 {
			queues = map[string]int{river.QueueDefault: 10}
		}
		rc.Queues = make(map[string]river.QueueConfig, len(queues))
		for name, n := range queues {
			rc.Queues[name] = river.QueueConfig{MaxWorkers: n}
		}
		for _, s := range cfg.Schedules {
			rc.PeriodicJobs = append(rc.PeriodicJobs, s.periodic())
		}
	} else if len(cfg.Schedules) > 0 {
		return nil, errors.New("jobs: schedules need workers to run them (Config.Workers)")
	}
	c, err := river.NewClient(driver, rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Client{river: c, driver: driver, runs: cfg.Workers != nil}, nil
}

// Enqueue inserts a job; opts may be nil. Prefer [Client.EnqueueTx] when
// the job belongs to data being written.
func (c *Client) Enqueue(ctx context.Context, args Args, opts *InsertOpts) (*rivertype.JobInsertResult, error) {
	res, err := c.river.Insert(ctx, args, opts)
	if err != nil {
		return nil, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return res, nil
}

// EnqueueTx inserts a job inside tx, the transaction that writes the data
// it belongs to: the job exists if and only if tx commits, so a rolled-back
// registration sends no welcome mail, and a committed one always does.
func (c *Client) EnqueueTx(ctx context.Context, tx *sql.Tx, args Args, opts *InsertOpts) (*rivertype.JobInsertResult, error) {
	res, err := c.river.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return nil, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return res, nil
}

// Start starts working jobs and, when elected leader, the schedules, in
// the background; it returns at once. Cancelling ctx begins a graceful
// stop, as [Client.Stop] does. An insert-only client has nothing to start.
func (c *Client) Start(ctx context.Context) error {
	if !c.runs {
		return nil
	}
	if err := c.river.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching new jobs and waits for running ones to finish; after
// ShutdownTimeout it cancels them, and River marks them for a retry, so
// none is lost. It returns when every worker has returned, or with ctx's
// error when ctx ends first.
func (c *Client) Stop(ctx context.Context) error {
	if !c.runs {
		return nil
	}
	return c.river.Stop(ctx)
}

// Run is the whole life of a worker process: Start, wait for ctx to end
// (SIGINT or SIGTERM in a `worker` command), then a graceful Stop. It
// returns nil after a clean stop.
func (c *Client) Run(ctx context.Context) error {
	if !c.runs {
		return errors.New("jobs: Run needs workers (Config.Workers)")
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	<-ctx.Done()
	return c.Stop(context.Background())
}

// River returns the River client, for what this package does not wrap
// (JobCancel, JobList, queues, subscriptions).
func (c *Client) River() *river.Client[*sql.Tx] { return c.river }
