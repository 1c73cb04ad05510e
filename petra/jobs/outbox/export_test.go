package outbox

import (
	"context"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
)

// EnqueueOnly does what a relay pass does up to its deletions and then
// dies: each row's job is enqueued, and the transaction that would delete
// the rows never commits.
func (o *Outbox) EnqueueOnly(ctx context.Context) error {
	tx, err := o.app.Begin(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := db.Select[row](ctx, tx, o.claim, db.Now(), o.batch)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := o.enqueue(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// Backoff is how long a row waits after its attempts-th failed attempt.
func (o *Outbox) Backoff(attempts int) time.Duration { return o.backoff(attempts) }

// Clip is how much of an error a row keeps.
func Clip(s string) string { return clip(s) }

// Claim is the query that locks a batch of due rows: its arguments are the
// time rows are due by and the batch's size.
func (o *Outbox) Claim() string { return o.claim }

// Outage is what the running relay knows of an outage of the jobs database.
type Outage = outage

// Pass is one pass of the running relay: it relays, logs what it must and
// returns how long the relay waits before the next.
func (o *Outbox) Pass(ctx context.Context, out *Outage) time.Duration { return o.pass(ctx, out) }

// Reconnect puts the outbox in front of c, whose jobs database answers
// again.
func (o *Outbox) Reconnect(c *jobs.Client) { o.jobs = c }

// SetClaim replaces the query that locks a batch of due rows.
func (o *Outbox) SetClaim(q string) { o.claim = q }
