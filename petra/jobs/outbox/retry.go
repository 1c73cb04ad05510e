package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-petra/petra/petra/db"
)

// MaxRetryDelay is the longest a failing row waits between two attempts,
// unless [Config.RetryDelay] is longer.
const MaxRetryDelay = time.Hour

// maxErrorLen is how much of an error the row keeps: enough to read, never
// so much that recording the failure fails too.
const maxErrorLen = 2000

// failure is a failed attempt to enqueue a row's job, as recorded on the
// row, to be logged once the record is committed.
type failure struct {
	row      row
	attempts int       // the failed attempts, this one included
	next     time.Time // when the row is tried again; zero when parked
	err      error
}

// fail records on r, in the relay's transaction, that its job could not be
// enqueued: the row is tried again after a backoff, or parked after its
// last attempt.
func (o *Outbox) fail(ctx context.Context, tx *db.Tx, r row, cause error) (failure, error) {
	f := failure{row: r, attempts: r.Attempts + 1, err: cause}
	now := db.Now()
	var err error
	if f.attempts >= o.tries {
		_, err = tx.Exec(ctx, "UPDATE petra_jobs_outbox SET attempts = ?, last_error = ?, next_attempt = NULL, parked = ? WHERE id = ?",
			f.attempts, clip(cause.Error()), now, r.ID)
	} else {
		f.next = now.Add(o.backoff(f.attempts))
		_, err = tx.Exec(ctx, "UPDATE petra_jobs_outbox SET attempts = ?, last_error = ?, next_attempt = ? WHERE id = ?",
			f.attempts, clip(cause.Error()), f.next, r.ID)
	}
	if err != nil {
		return f, fmt.Errorf("outbox: record a failed attempt: %w", err)
	}
	return f, nil
}

// log reports f: a warning while the row is retried, an error when it is
// parked. It names the row and its kind, never its arguments, which may
// hold personal data.
func (o *Outbox) log(f failure) {
	if f.next.IsZero() {
		o.logger.Error("outbox: job parked: it could not be enqueued; see Outbox.Parked and Outbox.Retry",
			"id", f.row.ID, "kind", f.row.Kind, "attempts", f.attempts, "err", f.err)
		return
	}
	o.logger.Warn("outbox: job not enqueued; it will be tried again",
		"id", f.row.ID, "kind", f.row.Kind, "attempts", f.attempts, "next_attempt", f.next, "err", f.err)
}

// backoff is how long a row waits after its attempts-th failed attempt:
// the retry delay, doubled for each earlier failure, up to MaxRetryDelay
// (or the retry delay when it is longer).
func (o *Outbox) backoff(attempts int) time.Duration {
	limit := max(MaxRetryDelay, o.delay)
	d := o.delay
	for i := 1; i < attempts && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// queueDown reports whether the jobs database fails to answer. An enqueue
// that failed then is the queue's failure, not the row's: counting it
// against the row would park every row of an outage.
func (o *Outbox) queueDown(ctx context.Context) bool {
	return o.jobs.River().Driver().GetExecutor().Exec(ctx, "SELECT 1") != nil
}

// clip cuts s to maxErrorLen bytes, on a character boundary.
func clip(s string) string {
	if len(s) <= maxErrorLen {
		return s
	}
	return strings.ToValidUTF8(s[:maxErrorLen], "") + "…"
}
