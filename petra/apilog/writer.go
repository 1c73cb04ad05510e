package apilog

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-petra/petra/petra/db"
)

// entry is one request as the middleware captured it. Bodies are still raw
// here: the writer redacts them, off the request path.
type entry struct {
	created   time.Time
	method    string
	path      string // escaped, so ASCII
	rawQuery  string
	status    int
	duration  time.Duration
	clientIP  string
	requestID string
	user      string
	header    http.Header // the request's, for the secrets it holds; read by the writer
	request   body
	response  body
}

// body is the captured start of a request or response body.
type body struct {
	contentType string
	data        []byte // at most the Logger's maxBody bytes
	size        int64  // the body's length in bytes
	complete    bool   // data is the whole body
	request     bool   // a request body: kept only in a form the server parses
}

// Column limits, in bytes, of the short columns.
const (
	maxMethod    = 32
	maxURLPart   = 2048 // path and query each
	maxClientIP  = 64
	maxRequestID = 128
	maxUser      = 255
)

// columns are those of petra_api_logs that the writer fills, in order.
var columns = []string{
	"uuid", "created", "method", "path", "query", "status", "duration_us", "client_ip",
	"request_id", "user_id", "request_body", "response_body", "request_size", "response_size",
}

var (
	insertPrefix = "INSERT INTO petra_api_logs (" + strings.Join(columns, ", ") + ") VALUES "
	rowMarks     = "(" + strings.Repeat("?, ", len(columns)-1) + "?)"
)

// run is the writer goroutine: it collects entries into batches, writes a
// batch when it is full or FlushInterval after its first entry, and when
// Close is called drains the queue and stops.
func (l *Logger) run() {
	defer close(l.done)
	batch := make([]*entry, 0, l.batchSize)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	flush := func() {
		timer.Stop()
		if len(batch) > 0 {
			l.write(batch)
			clear(batch) // let the bodies go
			batch = batch[:0]
		}
	}
	add := func(e *entry) {
		batch = append(batch, e)
		switch len(batch) {
		case l.batchSize:
			flush()
		case 1:
			timer.Reset(l.flushInterval)
		}
	}
	for {
		select {
		case e := <-l.queue:
			add(e)
		case <-timer.C:
			flush()
		case <-l.closing:
			// Close has stopped enqueues, so an empty queue stays empty.
			for {
				select {
				case e := <-l.queue:
					add(e)
				default:
					flush()
					return
				}
			}
		}
	}
}

// write inserts batch in one statement. While the database is unavailable
// (busy past its timeout, unreachable) the batch is tried again, up to
// writeAttempts times with a growing pause; meanwhile the queue fills and
// requests wait for room. A batch that still fails, or fails for another
// reason, is counted and logged (at most every 10s), and dropped.
func (l *Logger) write(batch []*entry) {
	if l.beforeWrite != nil {
		l.beforeWrite(len(batch))
	}
	n := uint64(len(batch))
	defer l.pending.Add(-int64(n))
	query, args := l.insert(batch)
	var err error
	for attempt := range writeAttempts {
		if attempt > 0 && !l.pause(time.Duration(attempt)*100*time.Millisecond) {
			break
		}
		if err = l.ctx.Err(); err != nil { // Close gave up waiting
			break
		}
		if err = l.exec(query, args); err == nil {
			l.written.Add(n)
			return
		}
		if !db.IsUnavailable(err) {
			break
		}
	}
	total := l.failed.Add(n)
	if l.ctx.Err() == nil && l.failWarn.allow() {
		l.log.Error("apilog: could not write API log entries; they are lost",
			slog.Int("entries", len(batch)), slog.Uint64("failed_total", total), slog.Any("error", err))
	}
}

// exec runs one INSERT, bounded by WriteTimeout.
func (l *Logger) exec(query string, args []any) error {
	ctx, cancel := context.WithTimeout(l.ctx, l.writeTimeout)
	defer cancel()
	_, err := l.db.Exec(ctx, query, args...)
	return err
}

// pause waits d, or less if Close gives up; it reports whether it waited d.
func (l *Logger) pause(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-l.ctx.Done():
		return false
	}
}

// insert builds the INSERT of batch, redacting and capping every value.
func (l *Logger) insert(batch []*entry) (string, []any) {
	var q strings.Builder
	q.Grow(len(insertPrefix) + len(batch)*(len(rowMarks)+2))
	q.WriteString(insertPrefix)
	args := make([]any, 0, len(batch)*len(columns))
	for i, e := range batch {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(rowMarks)
		secrets := l.keys.headerSecrets(e.header)
		query := capped(l.keys.redactQuery(clean(e.rawQuery), &secrets), maxURLPart)
		requestBody := l.render(e.request, &secrets)
		args = append(args,
			db.NewUUID(),
			e.created.UTC().Truncate(time.Microsecond),
			clip(clean(e.method), maxMethod),
			capped(clean(e.path), maxURLPart),
			query,
			e.status,
			e.duration.Microseconds(),
			clip(clean(e.clientIP), maxClientIP),
			clip(clean(e.requestID), maxRequestID),
			clip(clean(e.user), maxUser),
			requestBody,
			l.render(e.response, &secrets),
			e.request.size,
			e.response.size,
		)
	}
	return q.String(), args
}
