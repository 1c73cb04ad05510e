package outbox

import (
	"context"
	"errors"
	"time"
)

// MaxOutagePoll is the longest the running relay waits between two passes
// while the jobs database does not answer, unless [Config.PollInterval] is
// longer.
const MaxOutagePoll = 30 * time.Second

// errQueueDown marks a pass that ended because the jobs database does not
// answer.
var errQueueDown = errors.New("outbox: the jobs database does not answer")

// outage is what the running relay knows of an outage of the jobs
// database.
type outage struct {
	since time.Time     // when the relay found it; zero while the database answers
	wait  time.Duration // the wait before the next pass, doubled at each failed one
}

// pass relays once, logs what the pass says of the jobs database, and
// returns how long the relay waits before the next: the poll interval, or
// during an outage a wait that doubles up to [MaxOutagePoll]. An outage is
// logged once as an error when it begins and once at info level when the
// database answers again; the passes in between are quiet.
func (o *Outbox) pass(ctx context.Context, out *outage) time.Duration {
	moved, err := o.Relay(ctx)
	switch {
	case ctx.Err() != nil:
		return o.poll
	case errors.Is(err, errQueueDown):
		if out.since.IsZero() {
			*out = outage{since: time.Now(), wait: o.poll}
			o.logger.Error("outbox: the jobs database does not answer; the relay keeps the rows and tries again, logging nothing more until it answers",
				"err", err)
			return out.wait
		}
		out.wait = min(2*out.wait, max(MaxOutagePoll, o.poll))
		return out.wait
	case err != nil:
		o.logger.Error("outbox: relay", "err", err)
	}
	if out.since.IsZero() {
		return o.poll
	}
	if err != nil || (moved == 0 && o.queueDown(ctx)) {
		return out.wait // no word from the jobs database yet
	}
	o.logger.Info("outbox: the jobs database answers again; the relay is back to its poll",
		"down_for", time.Since(out.since).Round(time.Millisecond))
	*out = outage{}
	return o.poll
}
