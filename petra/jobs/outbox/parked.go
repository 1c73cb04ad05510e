package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-petra/petra/petra/db"
)

// ErrNotParked is what [Outbox.Retry] returns for an id that is not a
// parked row.
var ErrNotParked = errors.New("outbox: no parked row has this id")

// ParkedRow is a row whose job the relay gave up enqueueing after
// [Config.MaxAttempts] attempts. It is kept, and its job can be queued
// again with [Outbox.Retry] once the cause is fixed. Its arguments are left
// out: they may hold personal data.
type ParkedRow struct {
	ID        string    `db:"id"`   // the row's id, also in its job's arguments under [Key]
	Kind      string    `db:"kind"` // the job's kind
	Attempts  int       `db:"attempts"`
	LastError string    `db:"last_error"`
	Created   time.Time `db:"created"` // when the transaction wrote the row
	Parked    time.Time `db:"parked"`
}

// Parked lists the parked rows, oldest first. With SameDatabase there are
// none.
func (o *Outbox) Parked(ctx context.Context) ([]ParkedRow, error) {
	if o.direct {
		return nil, nil
	}
	rows, err := db.Select[ParkedRow](ctx, o.app, "SELECT id, kind, attempts, COALESCE(last_error, '') AS last_error, created, parked"+
		" FROM petra_jobs_outbox WHERE parked IS NOT NULL ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("outbox: parked: %w", err)
	}
	return rows, nil
}

// Retry queues the parked row id again: a relay tries it at its next pass
// (this Outbox's, running, is woken) and, should it fail again,
// [Config.MaxAttempts] more times. It returns [ErrNotParked] when id is not
// a parked row.
func (o *Outbox) Retry(ctx context.Context, id string) error {
	n, err := o.unpark(ctx, " AND id = ?", id)
	if err == nil && n == 0 {
		err = fmt.Errorf("%w (%s)", ErrNotParked, id)
	}
	return err
}

// RetryAll queues every parked row again, as [Outbox.Retry] does, and
// returns how many there were.
func (o *Outbox) RetryAll(ctx context.Context) (int, error) {
	return o.unpark(ctx, "")
}

// unpark makes the parked rows that where and args select due, with their
// attempts counted afresh, wakes the relay and returns how many it
// unparked.
func (o *Outbox) unpark(ctx context.Context, where string, args ...any) (int, error) {
	if o.direct {
		return 0, nil
	}
	res, err := o.app.Exec(ctx, "UPDATE petra_jobs_outbox SET parked = NULL, next_attempt = NULL, attempts = 0"+
		" WHERE parked IS NOT NULL"+where, args...)
	if err != nil {
		return 0, fmt.Errorf("outbox: retry: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("outbox: retry: %w", err)
	}
	if n > 0 {
		o.Wake()
	}
	return int(n), nil
}
