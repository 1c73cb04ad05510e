package petra

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/go-petra/petra/status"
)

// Result is what a view returns: data and a status to answer with, or an error to
// answer in the error envelope. Build it with [Response] or [Fail]; its methods
// return a modified copy, so a Result is a plain value that is safe to share.
//
// The zero Result answers 204 No Content, unless the view wrote its own response
// (see [Request.ResponseWriter]).
type Result struct {
	code    status.Code
	data    any
	err     error
	header  http.Header
	cookies []*http.Cookie
}

// Response returns a Result that answers data encoded as JSON with the given
// status, 200 OK when none is given, like DRF's Response. A nil data or a 204 or
// 304 status gives an empty body. Passing more than one code panics.
func Response(data any, code ...status.Code) Result {
	switch len(code) {
	case 0:
		return Result{code: status.HTTP_200_OK, data: data}
	case 1:
		return Result{code: code[0], data: data}
	default:
		panic("petra: Response takes at most one status code")
	}
}

// Fail returns a Result that answers err in the error envelope. An error that has
// a Status() method (an [*Error], a [*ValidationError], or one of the project's
// own) chooses the status and, for petra's types, the message. Any other error is
// a 500 whose details go to the log with the request ID, never to the client.
func Fail(err error) Result {
	if err == nil {
		err = errors.New("petra: Fail called with a nil error")
	}
	return Result{err: err}
}

// WithHeader returns a copy of res that also sets the response header key.
func (res Result) WithHeader(key, value string) Result {
	h := make(http.Header, len(res.header)+1)
	for k, v := range res.header {
		h[k] = v
	}
	h.Set(key, value)
	res.header = h
	return res
}

// WithCookie returns a copy of res that also sets cookie c.
func (res Result) WithCookie(c *http.Cookie) Result {
	res.cookies = append(res.cookies[:len(res.cookies):len(res.cookies)], c)
	return res
}

// Status reports the status res answers with; for a failed Result, the status its
// error maps to.
func (res Result) Status() status.Code {
	if res.err != nil {
		code, _, _ := classify(res.err)
		return code
	}
	if res.code == 0 {
		return status.HTTP_204_NO_CONTENT
	}
	return res.code
}

// isZero reports whether res is the zero Result.
func (res Result) isZero() bool {
	return res.code == 0 && res.data == nil && res.err == nil && res.header == nil && res.cookies == nil
}

// Data returns the data res answers with; nil for a failed Result.
func (res Result) Data() any { return res.data }

// Err returns the error res answers with, or nil.
func (res Result) Err() error { return res.err }

// encoder writes the JSON of a view's answer to the client. Each exchange
// has one, and others are pooled, so that encoding an answer allocates
// nothing of its own once warm. Its json.Encoder writes into the encoder
// itself (see Write), which sends what it gets straight on, without copying
// it into a buffer first.
type encoder struct {
	enc *json.Encoder
	buf []byte // an answer the json.Encoder wrote in parts, or one appended by hand (a map's, an error's)

	// The answer being sent.
	w    http.ResponseWriter
	r    *http.Request
	code status.Code
	sent bool

	owned bool // an exchange's, not the pool's
	busy  bool // an exchange's, taken by encoderFor until release
}

// init readies a new encoder.
func (e *encoder) init() *encoder {
	e.enc = json.NewEncoder(e)
	e.enc.SetEscapeHTML(false)
	return e
}

var encoders = sync.Pool{New: func() any { return new(encoder).init() }}

// encoderFor returns an encoder to answer w with: the exchange's, when w is
// the app's own writer, else a pooled one. Release it when done.
func encoderFor(w http.ResponseWriter) *encoder {
	if sw, ok := w.(*startWriter); ok && !sw.x.enc.busy {
		sw.x.enc.busy = true
		return &sw.x.enc
	}
	return encoders.Get().(*encoder)
}

// maxPooledBuffer keeps a rare huge response from pinning its buffer forever.
const maxPooledBuffer = 64 << 10

// send writes v as JSON with status code: by its type's plan (see
// plan_json.go), or by encoding/json when it has none. An error, from v's
// encoding, means nothing was sent.
func send(w http.ResponseWriter, r *http.Request, code status.Code, v any) error {
	e := encoderFor(w)
	defer e.release()
	if buf, ok := appendPlanned(e.buf[:0], v); ok {
		e.buf = buf
		writeJSON(w, r, code, e.buf)
		return nil
	}
	e.w, e.r, e.code, e.sent, e.buf = w, r, code, false, e.buf[:0]
	if err := e.enc.Encode(v); err != nil {
		return err
	}
	if !e.sent { // not the whole value and its newline, as json.Encoder ends it
		return errors.New("petra: encoding/json ended the answer without a newline")
	}
	return nil
}

// Write takes what the json.Encoder writes: the value and a newline, in one
// call or, were encoding/json to write in parts, several, gathered first.
// The newline is not sent.
func (e *encoder) Write(p []byte) (int, error) {
	if len(e.buf) == 0 && len(p) > 0 && p[len(p)-1] == '\n' {
		writeJSON(e.w, e.r, e.code, p[:len(p)-1])
		e.sent = true
		return len(p), nil
	}
	e.buf = append(e.buf, p...)
	if n := len(e.buf); n > 0 && e.buf[n-1] == '\n' {
		// encoding/json escapes every newline within a value: this one ends it.
		writeJSON(e.w, e.r, e.code, e.buf[:n-1])
		e.sent = true
	}
	return len(p), nil
}

// release gives e back to its exchange or its pool; a rare huge buffer is
// dropped rather than kept.
func (e *encoder) release() {
	e.w, e.r = nil, nil
	if cap(e.buf) > maxPooledBuffer {
		e.buf = nil
		if !e.owned {
			return
		}
	}
	if e.owned {
		e.busy = false
		return
	}
	encoders.Put(e)
}

// write sends res. Errors that are internal are logged with logger.
func (res Result) write(w http.ResponseWriter, r *http.Request, logger *slog.Logger) {
	if res.header != nil {
		for k, v := range res.header {
			w.Header()[k] = v
		}
	}
	for _, c := range res.cookies {
		http.SetCookie(w, c)
	}
	if res.err != nil {
		writeError(w, r, res.err, logger)
		return
	}
	code := res.Status()
	if res.data == nil || code == status.HTTP_204_NO_CONTENT || code == status.HTTP_304_NOT_MODIFIED {
		w.WriteHeader(int(code))
		return
	}
	if raw, ok := res.data.(json.RawMessage); ok {
		writeJSON(w, r, code, raw)
		return
	}
	if err := send(w, r, code, res.data); err != nil {
		writeError(w, r, err, logger)
	}
}

// jsonContentType is shared so that setting the header allocates nothing.
var jsonContentType = []string{"application/json"}

// writeJSON writes body with status code. A HEAD request gets the headers only,
// with the Content-Length the body would have; otherwise net/http sets the
// length itself for all but large bodies, which it sends chunked.
func writeJSON(w http.ResponseWriter, r *http.Request, code status.Code, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonContentType
	stampDate(h)
	if r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(int(code))
		return
	}
	w.WriteHeader(int(code))
	_, _ = w.Write(body)
}

// WriteError answers err in petra's error envelope, with the status it maps to as
// [Fail] describes. Middleware uses it so that every error has one shape. Internal
// errors are logged with the request ID, by the app's logger (see [WithLogger])
// when r is walking an app, else by slog.Default; the client sees only
// "Internal server error".
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	logger := slog.Default()
	if c := walkOf(r.Context()); c != nil {
		logger = c.x.app.settings.logger
	}
	writeError(w, r, err, logger)
}

func writeError(w http.ResponseWriter, r *http.Request, err error, logger *slog.Logger) {
	code, body, internal := classify(err)
	translateEnvelope(w, r, &body)
	if be, ok := errors.AsType[*bodyError](err); ok {
		// The body was not read to its end, so the connection cannot carry
		// another request.
		w.Header()["Connection"] = connectionClose
		if be.kind == ErrBodyTimeout {
			logger.WarnContext(r.Context(), "petra: request body too slow",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("request_id", middleware.GetReqID(r.Context())),
				slog.Any("error", err))
		}
	}
	setErrorHeader(w.Header(), err)
	if internal {
		logger.ErrorContext(r.Context(), "petra: request failed",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.Int("status", int(code)),
			slog.Any("error", err))
	}
	e := encoderFor(w)
	e.buf = body.appendJSON(e.buf[:0])
	writeJSON(w, r, code, e.buf)
	e.release()
}
