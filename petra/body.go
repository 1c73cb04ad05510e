package petra

import (
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"time"

	"github.com/go-petra/petra/status"
)

var (
	// ErrMalformedBody (400) means the request body could not be read as
	// sent: broken chunked framing, or a connection that ended before the
	// body did. The connection is closed after the answer.
	ErrMalformedBody = NewError(status.HTTP_400_BAD_REQUEST, "The request body is malformed or incomplete")
	// ErrBodyTimeout (408) means the client sent its body too slowly (see
	// [WithBodyTimeout]). The connection is closed after the answer.
	ErrBodyTimeout = NewError(status.HTTP_408_REQUEST_TIMEOUT, "The request body was not sent in time")
)

// bodyError is a failure to read the request body, which is the client's:
// its framing, its connection or its pace. It is [ErrMalformedBody] or
// [ErrBodyTimeout] to errors.Is and errors.As, and wraps what net/http said.
type bodyError struct {
	kind  *Error
	cause error
}

func (e *bodyError) Error() string   { return "petra: reading the request body: " + e.cause.Error() }
func (e *bodyError) Unwrap() []error { return []error{e.kind, e.cause} }

// connectionClose is shared so that setting the header allocates nothing.
var connectionClose = []string{"close"}

// body is the request body as a route reads it: within the route's limit, as
// http.MaxBytesReader does (past it, an *http.MaxBytesError, answered 413),
// with read errors turned into a [bodyError], and, when the server allows
// it, with a read deadline that a slow client must keep ahead of (see
// [WithBodyTimeout]). It lives in the Request, so installing it allocates
// nothing.
type body struct {
	src   io.ReadCloser
	left  int64 // bytes that may still be read
	limit int64 // <0: none
	err   error // sticky, once the body ended or failed

	// The pace guard: the body must start within timeout of start and then
	// arrive at minRate bytes per second or faster.
	conn    readDeadliner // nil: no deadlines, the server does not support them
	begin   time.Time
	timeout time.Duration
	minRate int64
	read    int64
}

// start sets b up to read src for a route, limited to limit bytes (<0: no
// limit), with the pace of s's body timeout when w supports read deadlines.
func (b *body) start(src io.ReadCloser, w http.ResponseWriter, limit int64, s *settings) {
	*b = body{src: src, left: limit, limit: limit}
	if limit < 0 {
		b.left = math.MaxInt64
	}
	if s.bodyTimeout <= 0 {
		return
	}
	b.begin, b.timeout, b.minRate = time.Now(), s.bodyTimeout, int64(s.bodyMinRate)
	if conn := connOf(w); conn != nil && conn.SetReadDeadline(b.begin.Add(b.timeout)) == nil {
		b.conn = conn
	}
}

// readDeadliner is what sets the read deadline of a request's connection:
// net/http's writer, as http.ResponseController finds it.
type readDeadliner interface {
	SetReadDeadline(time.Time) error
}

// connOf returns what sets w's read deadline, unwrapping middleware's
// writers as http.ResponseController does, or nil when w has none (a
// recorder). Unlike the controller's, that answer allocates no error.
func connOf(w http.ResponseWriter) readDeadliner {
	for {
		switch t := w.(type) {
		case readDeadliner:
			return t
		case interface{ Unwrap() http.ResponseWriter }:
			w = t.Unwrap()
		default:
			return nil
		}
	}
}

// Read reads from the body, failing with *http.MaxBytesError past the limit
// and with a [bodyError] when the body cannot be read.
func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if int64(len(p))-1 > b.left {
		p = p[:b.left+1] // one byte more than allowed tells an overflow from the end
	}
	n, err := b.src.Read(p)
	if int64(n) > b.left {
		n, b.left = int(b.left), 0
		b.err = &http.MaxBytesError{Limit: b.limit}
		return n, b.err
	}
	b.left -= int64(n)
	switch {
	case err == io.EOF:
		b.pace(0, true)
	case err != nil:
		err = readError(err)
	case n > 0:
		b.pace(n, false)
	}
	b.err = err
	return n, err
}

// pace moves the read deadline as n more bytes arrive, as Apache's
// mod_reqtimeout does with MinRate: each minRate bytes buy one more second
// (without a rate, the first deadline holds for the whole body). Once the body
// has ended, the deadline is lifted, so that a long view is not cut off by it.
func (b *body) pace(n int, ended bool) {
	if b.conn == nil {
		return
	}
	if ended {
		_ = b.conn.SetReadDeadline(time.Time{})
		b.conn = nil
		return
	}
	if b.minRate <= 0 {
		return
	}
	b.read += int64(n)
	seconds := min(b.read/b.minRate, maxPaceSeconds)
	_ = b.conn.SetReadDeadline(b.begin.Add(b.timeout + time.Duration(seconds)*time.Second))
}

// maxPaceSeconds keeps the deadline of an endless body from overflowing.
const maxPaceSeconds = 1 << 32

// readError classifies an error reading the body: a deadline is a client too
// slow, anything else a body that is broken or cut short.
func readError(err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &bodyError{kind: ErrBodyTimeout, cause: err}
	}
	if err == io.EOF { //nolint:errorlint // io.EOF is returned bare by contract
		err = io.ErrUnexpectedEOF
	}
	return &bodyError{kind: ErrMalformedBody, cause: err}
}

// Close closes the underlying body.
func (b *body) Close() error { return b.src.Close() }
