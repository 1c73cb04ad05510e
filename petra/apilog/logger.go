package apilog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-petra/petra/petra/db"
)

// Defaults of [Options].
const (
	// DefaultMaxBody is how many bytes of each body are kept when
	// [Options].MaxBody is zero.
	DefaultMaxBody = 4096
	// MaxBodyLimit is the most [Options].MaxBody may keep of a body; larger
	// values are lowered to it.
	MaxBodyLimit = 1 << 20
	// DefaultQueueSize is how many entries may wait for the writer.
	DefaultQueueSize = 1024
	// DefaultBatchSize is how many entries one INSERT writes at most.
	DefaultBatchSize = 100
	// DefaultFlushInterval is how long an entry waits for its batch to fill.
	DefaultFlushInterval = 500 * time.Millisecond
	// DefaultWriteTimeout bounds one INSERT.
	DefaultWriteTimeout = 5 * time.Second
	// DefaultQueueWait is how long a finished request waits for room in a
	// full queue before its entry is dropped.
	DefaultQueueWait = 2 * time.Second
	// writeAttempts is how many times a batch is tried when the database is
	// unavailable (busy, unreachable) before its entries count as failed.
	writeAttempts = 4
	// warnEvery is the least time between two warnings of one kind.
	warnEvery = 10 * time.Second
)

// Options configure a [Logger]. The zero value is a working configuration.
type Options struct {
	// MaxBody is how many bytes of each request and response body are kept.
	// Zero means [DefaultMaxBody]; a negative value keeps none (sizes are
	// still recorded); values over [MaxBodyLimit] are lowered to it.
	MaxBody int64
	// User returns who the request is authenticated as, such as the subject
	// of its token, or "" for an anonymous request. It is called once per
	// request, after the handler, with the request as the authentication
	// middleware left it (see [Logger.Identify]). Nil records no user.
	User func(r *http.Request) string
	// Skip, when set, names requests not to log, such as health checks.
	// Requests to [ShowPath] are never logged, whatever Skip says.
	Skip func(r *http.Request) bool
	// RedactKeys adds key fragments to those whose values are redacted (see
	// the package documentation). Matching ignores case and punctuation:
	// "x-pin" matches the keys xPin, X_PIN and my_x_pin_code.
	RedactKeys []string
	// QueueSize is how many entries may wait for the writer. Zero means
	// [DefaultQueueSize].
	QueueSize int
	// QueueWait is how long a request whose entry finds the queue full
	// waits for room (backpressure) before the entry is dropped and counted.
	// Zero means [DefaultQueueWait]; a negative value never waits.
	QueueWait time.Duration
	// BatchSize is how many entries one INSERT writes at most. Zero means
	// [DefaultBatchSize].
	BatchSize int
	// FlushInterval is the longest an entry waits for its batch to fill
	// before it is written. Zero means [DefaultFlushInterval].
	FlushInterval time.Duration
	// WriteTimeout bounds each INSERT. Zero means [DefaultWriteTimeout].
	WriteTimeout time.Duration
	// Logger receives the warnings about dropped entries and the errors of
	// failed writes. Nil means slog.Default().
	Logger *slog.Logger
}

// Stats count what a [Logger] did with its entries since [New].
type Stats struct {
	// Written is how many entries are in the database.
	Written uint64
	// Dropped is how many entries were discarded because the queue stayed
	// full for QueueWait, or because their request ended after Close.
	Dropped uint64
	// Failed is how many entries were lost because the database refused
	// their batch, or stayed unavailable through its retries, or Close gave
	// up waiting for it.
	Failed uint64
	// Queued is how many entries wait for the writer now.
	Queued int
}

// Logger records API requests in the petra_api_logs table (see
// [Migrations]): [Logger.Middleware] captures them, a background goroutine
// writes them in batches, and [Logger.Close] flushes what is queued.
//
// A Logger is safe for concurrent use. A nil *Logger logs nothing: its
// middleware passes requests through and Close returns nil, so an app can
// hold one whether or not the API log is enabled.
type Logger struct {
	db            *db.DB
	log           *slog.Logger
	user          func(*http.Request) string
	skip          func(*http.Request) bool
	keys          keyMatcher
	maxBody       int
	batchSize     int
	flushInterval time.Duration
	writeTimeout  time.Duration
	queueWait     time.Duration

	queue   chan *entry
	mu      sync.RWMutex // Close holds it to stop enqueues; enqueue holds it to read closed
	closed  atomic.Bool
	closing chan struct{} // closed by Close: the writer drains the queue and stops
	done    chan struct{} // closed by the writer when it stops
	once    sync.Once
	ctx     context.Context // the writer's; cancelled when Close gives up
	cancel  context.CancelFunc

	written, dropped, failed atomic.Uint64
	pending                  atomic.Int64 // entries queued or being written
	dropWarn, failWarn       throttle

	// beforeWrite, when set by a test, runs in the writer before each batch.
	beforeWrite func(n int)
}

// New returns a Logger that writes to d, whose schema [Migrations] created,
// and starts its writer goroutine; call [Logger.Close] to stop it. New
// panics if d is nil.
func New(d *db.DB, opts Options) *Logger {
	if d == nil {
		panic("apilog: New needs a database; pass the app's *db.DB")
	}
	l := &Logger{
		db:            d,
		log:           opts.Logger,
		user:          opts.User,
		skip:          opts.Skip,
		keys:          newKeyMatcher(opts.RedactKeys),
		maxBody:       maxBody(opts.MaxBody),
		batchSize:     orDefault(opts.BatchSize, DefaultBatchSize),
		flushInterval: orDefault(opts.FlushInterval, DefaultFlushInterval),
		writeTimeout:  orDefault(opts.WriteTimeout, DefaultWriteTimeout),
		queueWait:     opts.QueueWait,
		queue:         make(chan *entry, orDefault(opts.QueueSize, DefaultQueueSize)),
		closing:       make(chan struct{}),
		done:          make(chan struct{}),
	}
	if l.log == nil {
		l.log = slog.Default()
	}
	if l.queueWait == 0 {
		l.queueWait = DefaultQueueWait
	}
	l.dropWarn.now = time.Now
	l.failWarn.now = time.Now
	l.ctx, l.cancel = context.WithCancel(context.Background())
	go l.run()
	return l
}

// maxBody turns Options.MaxBody into the number of bytes kept.
func maxBody(n int64) int {
	switch {
	case n == 0:
		return DefaultMaxBody
	case n < 0:
		return 0
	case n > MaxBodyLimit:
		return MaxBodyLimit
	}
	return int(n)
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// ErrLost is wrapped by the error [Logger.Close] returns when some entries
// were not written.
var ErrLost = errors.New("apilog: API log entries were lost")

// Close stops the Logger: requests from then on are not logged, and the
// entries already queued are written before Close returns. If ctx ends
// first, Close cancels the write in progress and gives up on the entries
// left (counted as Failed once the writer stops, soon after).
//
// Close reports what the Logger could not write over its whole life: when
// any entry was dropped, failed or given up, it logs one error with the
// counts and returns an error wrapping [ErrLost] (joined with ctx's error
// when ctx ended first). Otherwise it returns nil. Close may be called more
// than once.
func (l *Logger) Close(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.once.Do(func() {
		l.mu.Lock()
		l.closed.Store(true)
		l.mu.Unlock()
		close(l.closing)
	})
	select {
	case <-l.done:
		return l.lost(0)
	case <-ctx.Done():
		l.cancel()
		return errors.Join(ctx.Err(), l.lost(l.pending.Load()))
	}
}

// lost logs and returns what the Logger could not write: its dropped and
// failed entries, and unwritten, those Close gave up on. It returns nil
// when nothing was lost.
func (l *Logger) lost(unwritten int64) error {
	dropped, failed := l.dropped.Load(), l.failed.Load()
	total := dropped + failed + uint64(max(unwritten, 0))
	if total == 0 {
		return nil
	}
	l.log.Error("apilog: closed; some API log entries were not written",
		slog.Uint64("lost_total", total), slog.Uint64("written_total", l.written.Load()),
		slog.Uint64("dropped_total", dropped), slog.Uint64("failed_total", failed),
		slog.Int64("unwritten_at_close", unwritten))
	return fmt.Errorf("%w: %d (%d dropped with the queue full, %d failed to write, %d unwritten at close)",
		ErrLost, total, dropped, failed, unwritten)
}

// Stats returns the Logger's counters. A nil Logger has none.
func (l *Logger) Stats() Stats {
	if l == nil {
		return Stats{}
	}
	return Stats{
		Written: l.written.Load(),
		Dropped: l.dropped.Load(),
		Failed:  l.failed.Load(),
		Queued:  len(l.queue),
	}
}

// enqueue hands e to the writer. When the queue is full it waits up to
// QueueWait for room, so a burst slows requests down rather than lose their
// entries; past that, e is dropped, counted, and a warning is logged at most
// every 10s (Close reports the total). Entries of requests that end after
// Close are counted as dropped too.
func (l *Logger) enqueue(e *entry) {
	l.mu.RLock()
	queued := !l.closed.Load() && l.send(e)
	l.mu.RUnlock()
	if queued {
		return
	}
	n := l.dropped.Add(1)
	if l.dropWarn.allow() {
		l.log.Warn("apilog: the queue stayed full, dropping API log entries; the database is slow or down, or QueueSize is too small",
			slog.Uint64("dropped_total", n), slog.Int("queue_size", cap(l.queue)), slog.Duration("queue_wait", l.queueWait))
	}
}

// send puts e in the queue, waiting up to queueWait for room. It reports
// whether e was queued.
func (l *Logger) send(e *entry) bool {
	l.pending.Add(1)
	select {
	case l.queue <- e:
		return true
	default:
	}
	if l.queueWait > 0 {
		t := time.NewTimer(l.queueWait)
		defer t.Stop()
		select {
		case l.queue <- e:
			return true
		case <-t.C:
		}
	}
	l.pending.Add(-1)
	return false
}

// throttle lets an event through at most once every warnEvery. It is safe
// for concurrent use.
type throttle struct {
	now  func() time.Time
	last atomic.Int64 // UnixNano of the last event let through; 0: none yet
}

func (t *throttle) allow() bool {
	now := t.now().UnixNano()
	last := t.last.Load()
	if last != 0 && now-last < int64(warnEvery) {
		return false
	}
	return t.last.CompareAndSwap(last, now)
}
