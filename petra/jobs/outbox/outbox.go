package outbox

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
)

//go:embed migrations
var migrationFiles embed.FS

// Migrations create the petra_jobs_outbox table on SQLite, PostgreSQL and
// MySQL/MariaDB. Run them with the app's other migrations, in the app's
// database: d.Migrate(ctx, outbox.Migrations).
var Migrations = db.Migrations{Module: "jobs_outbox", FS: migrationFiles}

// ErrNotMigrated is what [CheckMigrated] returns when the outbox table is
// missing or behind this build.
var ErrNotMigrated = errors.New("outbox: the petra_jobs_outbox table is not up to date: run `migrate up` or set DB_MIGRATE_ON_START=true")

// Migrate brings the outbox table in d, the app's database, up to date. It
// is idempotent.
func Migrate(ctx context.Context, d *db.DB) error { return d.Migrate(ctx, Migrations) }

// CheckMigrated reports whether the outbox table in d is up to date:
// [ErrNotMigrated], naming the first migration pending, when it is not.
func CheckMigrated(ctx context.Context, d *db.DB) error {
	m, err := db.NewMigrator(d, Migrations)
	if err != nil {
		return err
	}
	list, err := m.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range list {
		if !s.Applied {
			return fmt.Errorf("%w (%s is not applied)", ErrNotMigrated, s.Name)
		}
	}
	return nil
}

// Key is the field the relay adds to a job's arguments: the id of the
// outbox row it came from, which makes the job unique.
const Key = "petra_outbox"

// Defaults of [Config]. With them a row whose job cannot be enqueued is
// tried 25 times over about 16 hours before it is parked.
const (
	DefaultPollInterval = time.Second
	DefaultBatchSize    = 100
	DefaultMaxAttempts  = 25
	DefaultRetryDelay   = 10 * time.Second
)

// ErrUnique is returned by [Outbox.EnqueueTx] for a job with UniqueOpts:
// the outbox makes each job unique by its row, and cannot keep another
// uniqueness as well.
var ErrUnique = errors.New("outbox: a job with UniqueOpts cannot go through the outbox; enqueue it with jobs.Client")

// Config says how an [Outbox] works. The zero Config relays through the
// table, polling each second.
type Config struct {
	// SameDatabase says River's tables are in the app's database: jobs are
	// then enqueued in the caller's transaction directly, and there is
	// nothing to relay.
	SameDatabase bool
	// PollInterval is how often the relay looks for rows it was not woken
	// for (default 1s); while the jobs database does not answer, the wait
	// doubles up to [MaxOutagePoll].
	PollInterval time.Duration
	// BatchSize is how many rows one relay transaction moves (default 100).
	BatchSize int
	// MaxAttempts is how many times the relay tries to enqueue a row's job
	// before it parks the row (default 25). An attempt made while the jobs
	// database does not answer is not counted.
	MaxAttempts int
	// RetryDelay is how long a row waits after its first failed attempt;
	// each further failure doubles the wait, up to [MaxRetryDelay] (or
	// RetryDelay when it is longer). Default 10s.
	RetryDelay time.Duration
	// Logger receives the relay's errors and warnings, and the end of an
	// outage of the jobs database at info level; nil means slog.Default().
	Logger *slog.Logger
}

// Outbox enqueues jobs in the app's transactions and relays them to the
// jobs queue. It is safe for concurrent use.
type Outbox struct {
	app    *db.DB
	jobs   *jobs.Client
	direct bool
	poll   time.Duration
	batch  int
	tries  int           // attempts before a row is parked
	delay  time.Duration // the wait after a row's first failed attempt
	logger *slog.Logger
	claim  string        // the query that locks a batch of due rows
	wake   chan struct{} // a pass is wanted; holds at most one

	mu   sync.Mutex
	stop context.CancelFunc // ends the running relay; nil when stopped
	done chan struct{}      // closed when the running relay has returned
}

// New returns the outbox of app, the app's database, in front of c, whose
// River tables are in app when cfg.SameDatabase and elsewhere otherwise.
// The table must exist ([Migrations]) unless cfg.SameDatabase.
func New(app *db.DB, c *jobs.Client, cfg Config) *Outbox {
	o := &Outbox{
		app: app, jobs: c, direct: cfg.SameDatabase,
		poll: cfg.PollInterval, batch: cfg.BatchSize, logger: cfg.Logger,
		tries: cfg.MaxAttempts, delay: cfg.RetryDelay,
		wake: make(chan struct{}, 1),
	}
	if o.poll <= 0 {
		o.poll = DefaultPollInterval
	}
	if o.batch <= 0 {
		o.batch = DefaultBatchSize
	}
	if o.tries <= 0 {
		o.tries = DefaultMaxAttempts
	}
	if o.delay <= 0 {
		o.delay = DefaultRetryDelay
	}
	o.delay = max(o.delay.Truncate(time.Microsecond), time.Microsecond) // what every database stores
	if o.logger == nil {
		o.logger = slog.Default()
	}
	o.claim = "SELECT id, kind, args, opts, attempts FROM petra_jobs_outbox" +
		" WHERE parked IS NULL AND (next_attempt IS NULL OR next_attempt <= ?) ORDER BY id LIMIT ?"
	if app.Dialect() != db.SQLite {
		o.claim += " FOR UPDATE SKIP LOCKED"
	}
	return o
}

// pendingKey is the context key of the flag EnqueueTx raises for
// [Outbox.Middleware].
type pendingKey struct{}

// EnqueueTx enqueues a job inside tx, the app's transaction that writes the
// data it belongs to: the job is run if and only if tx commits, once. opts
// may be nil; they, and the arguments' own InsertOpts, may not carry
// UniqueOpts ([ErrUnique]).
func (o *Outbox) EnqueueTx(ctx context.Context, tx *db.Tx, args jobs.Args, opts *jobs.InsertOpts) error {
	merged := mergeOpts(args, opts)
	if !noUnique(merged.UniqueOpts) {
		return fmt.Errorf("%w (%s)", ErrUnique, args.Kind())
	}
	if o.direct {
		_, err := o.jobs.EnqueueTx(ctx, tx.SQL(), args, opts)
		return err
	}
	id := db.NewUUID()
	encoded, err := keyed(args, id)
	if err != nil {
		return err
	}
	encodedOpts, err := json.Marshal(merged)
	if err != nil {
		return fmt.Errorf("outbox: %s: options: %w", args.Kind(), err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO petra_jobs_outbox (id, kind, args, opts, created) VALUES (?, ?, ?, ?, ?)",
		id, args.Kind(), string(encoded), string(encodedOpts), db.Now()); err != nil {
		return fmt.Errorf("outbox: %s: %w", args.Kind(), err)
	}
	if p, ok := ctx.Value(pendingKey{}).(*atomic.Bool); ok {
		p.Store(true)
	}
	return nil
}

// keyed returns args encoded as River would, with the row id under [Key].
func keyed(args jobs.Args, id string) ([]byte, error) {
	encoded, err := json.Marshal(args)
	if err != nil {
		return nil, fmt.Errorf("outbox: %s: arguments: %w", args.Kind(), err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(encoded, &fields); err != nil || fields == nil {
		return nil, fmt.Errorf("outbox: %s: arguments must encode to a JSON object", args.Kind())
	}
	if _, taken := fields[Key]; taken {
		return nil, fmt.Errorf("outbox: %s: arguments may not have a %q field", args.Kind(), Key)
	}
	fields[Key], _ = json.Marshal(id) // a string always encodes
	return json.Marshal(fields)
}

// mergeOpts returns the options River would insert args with: those given,
// completed by the arguments' own InsertOpts, which the relay's stand-in for
// args no longer carries.
func mergeOpts(args jobs.Args, given *jobs.InsertOpts) jobs.InsertOpts {
	var own, opts jobs.InsertOpts
	if withOpts, ok := args.(river.JobArgsWithInsertOpts); ok {
		own = withOpts.InsertOpts()
	}
	if given != nil {
		opts = *given
	}
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = own.MaxAttempts
	}
	if opts.Metadata == nil {
		opts.Metadata = own.Metadata
	}
	opts.Pending = opts.Pending || own.Pending
	if opts.Priority == 0 {
		opts.Priority = own.Priority
	}
	if opts.Queue == "" {
		opts.Queue = own.Queue
	}
	if opts.ScheduledAt.IsZero() {
		opts.ScheduledAt = own.ScheduledAt
	}
	if opts.Tags == nil {
		opts.Tags = own.Tags
	}
	if noUnique(opts.UniqueOpts) {
		opts.UniqueOpts = own.UniqueOpts
	}
	return opts
}

// noUnique reports whether u asks for no uniqueness.
func noUnique(u jobs.UniqueOpts) bool {
	return !u.ByArgs && u.ByPeriod == 0 && !u.ByQueue && u.ByState == nil && !u.ExcludeKind
}

// relayed is a row's job as the relay enqueues it: the row's arguments,
// which hold the row's id under [Key], and the field River's uniqueness
// reads them by.
type relayed struct {
	kind string
	args json.RawMessage
	// Outbox is the row's id, also in args; only its tags are read, by
	// River, to make the job unique by this field alone.
	Outbox string `json:"petra_outbox" river:"unique"`
}

// Kind is the row's job kind.
func (r relayed) Kind() string { return r.kind }

// MarshalJSON returns the row's arguments as they were stored.
func (r relayed) MarshalJSON() ([]byte, error) { return r.args, nil }

// row is one row of the outbox table, as the relay claims it.
type row struct {
	ID       string `db:"id"`
	Kind     string `db:"kind"`
	Args     string `db:"args"`
	Opts     string `db:"opts"`
	Attempts int    `db:"attempts"`
}

// enqueue puts r's job in the queue, unique by r's id: enqueuing r again
// gives no second job.
func (o *Outbox) enqueue(ctx context.Context, r row) error {
	var opts jobs.InsertOpts
	if err := json.Unmarshal([]byte(r.Opts), &opts); err != nil {
		return fmt.Errorf("outbox: row %s: options: %w", r.ID, err)
	}
	opts.UniqueOpts = jobs.UniqueOpts{ByArgs: true}
	_, err := o.jobs.Enqueue(ctx, relayed{kind: r.Kind, args: json.RawMessage(r.Args), Outbox: r.ID}, &opts)
	if err != nil {
		return fmt.Errorf("outbox: row %s: %w", r.ID, err)
	}
	return nil
}

// Relay moves every row that is due to the jobs queue now, batch by batch,
// and returns how many it moved. A row another relay holds is left to it. A
// row whose job cannot be enqueued is not the pass's error: it stays in the
// table, to be tried again later or parked (see the package doc's
// Retries), and the pass goes on with the rest. The pass ends with an error
// when the app's database fails, or when an enqueue fails and the jobs
// database then does not answer: the rows not tried wait, uncharged, for
// the next pass. A batch the app's database rolls back as a conflict with
// another transaction ([db.IsConflict]: a deadlock, which concurrent relays
// can meet on MySQL) is run again, up to maxConflicts times in a pass; its
// jobs, unique by row, are not queued twice. With SameDatabase there is
// nothing to move.
func (o *Outbox) Relay(ctx context.Context) (int, error) {
	if o.direct {
		return 0, nil
	}
	now := db.Now() // rows a pass defers are due after it, so each is tried once
	total, conflicts := 0, 0
	for {
		n, full, err := o.relayBatch(ctx, now)
		total += n
		if db.IsConflict(err) && conflicts < maxConflicts {
			conflicts++
			continue
		}
		if err != nil || !full {
			return total, err
		}
	}
}

// maxConflicts is how many batches of one pass the relay runs again after
// the app's database rolled them back as conflicts.
const maxConflicts = 5

// relayBatch moves one batch of the rows due at now in one transaction of
// the app's database, records the rows that failed, and reports whether the
// batch was full, so that more rows may wait.
func (o *Outbox) relayBatch(ctx context.Context, now time.Time) (moved int, full bool, err error) {
	var (
		failed []failure
		down   error // the jobs database does not answer
	)
	err = o.app.InTx(ctx, func(tx *db.Tx) error {
		rows, err := db.Select[row](ctx, tx, o.claim, now, o.batch)
		if err != nil {
			return fmt.Errorf("outbox: claim: %w", err)
		}
		full = len(rows) == o.batch
		for _, r := range rows {
			cause := o.enqueue(ctx, r)
			switch {
			case cause == nil:
				if _, err := tx.Exec(ctx, "DELETE FROM petra_jobs_outbox WHERE id = ?", r.ID); err != nil {
					return fmt.Errorf("outbox: delete: %w", err)
				}
				moved++
			case ctx.Err() != nil:
				return ctx.Err()
			case o.queueDown(ctx):
				down = fmt.Errorf("%w: %w", errQueueDown, cause)
				return nil // the rows moved so far are deleted; the rest wait
			default:
				f, err := o.fail(ctx, tx, r, cause)
				if err != nil {
					return err
				}
				failed = append(failed, f)
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	for _, f := range failed {
		o.log(f)
	}
	if down != nil {
		return moved, false, down
	}
	return moved, full, nil
}

// Start starts the relay in the background and returns at once; with
// SameDatabase, or when it runs already, it does nothing. Cancelling ctx
// does not stop it: [Outbox.Stop] does.
func (o *Outbox) Start(ctx context.Context) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.direct || o.stop != nil {
		return
	}
	ctx, o.stop = context.WithCancel(context.WithoutCancel(ctx))
	o.done = make(chan struct{})
	go o.run(ctx, o.done)
}

// run passes at start, when woken and at each poll, until ctx ends. While
// the jobs database does not answer, it passes only when its backoff says
// (see [Outbox.pass]): a wake, from a request that wrote, would only fail
// again.
func (o *Outbox) run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	var out outage
	timer := time.NewTimer(o.poll)
	defer timer.Stop()
	for {
		timer.Reset(o.pass(ctx, &out))
		wake := o.wake
		if !out.since.IsZero() {
			wake = nil
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-timer.C:
		}
	}
}

// Stop ends the relay (a pass under way is rolled back, its rows kept),
// then passes once more with ctx, so the jobs of every transaction
// committed before Stop are queued. It returns that pass's error, or ctx's
// when ctx ends first; a row not moved stays for the next start. Without a
// running relay it does nothing.
func (o *Outbox) Stop(ctx context.Context) error {
	o.mu.Lock()
	stop, done := o.stop, o.done
	o.stop, o.done = nil, nil
	o.mu.Unlock()
	if stop == nil {
		return nil
	}
	stop()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	_, err := o.Relay(ctx)
	return err
}

// Wake asks the running relay for a pass now rather than at its next poll:
// call it after committing a transaction in which EnqueueTx wrote, outside
// an HTTP request that [Outbox.Middleware] watches.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default: // a pass is already wanted
	}
}

// Middleware wakes the relay after each request in whose context
// [Outbox.EnqueueTx] wrote a row, once the handler, and so the transaction
// it ran, has returned. A nil Outbox, or one with SameDatabase, passes
// requests through.
func (o *Outbox) Middleware(next http.Handler) http.Handler {
	if o == nil || o.direct {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var wrote atomic.Bool
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), pendingKey{}, &wrote)))
		if wrote.Load() {
			o.Wake()
		}
	})
}
