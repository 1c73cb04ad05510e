package apilog

import (
	"io"
	"sync"
)

// capture keeps the first max bytes written to it and counts them all. Its
// Write never fails, so as the tee of a response writer it cannot break the
// response. It is not safe for concurrent use.
type capture struct {
	data  []byte
	max   int
	total int64
}

// Write implements io.Writer.
func (c *capture) Write(p []byte) (int, error) {
	c.total += int64(len(p))
	if room := c.max - len(c.data); room > 0 {
		c.data = append(c.data, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// bodyTee is a request body that keeps a copy of the first bytes the
// handler reads, while the handler reads the whole body as it would without
// it. It is safe for a handler that keeps reading from another goroutine
// (one run by a timeout middleware) while the middleware takes the copy.
type bodyTee struct {
	io.ReadCloser
	contentLength int64 // -1 when unknown

	mu     sync.Mutex
	c      capture
	eof    bool
	sealed bool // the copy was taken: later reads are not recorded
}

func newBodyTee(rc io.ReadCloser, max int, contentLength int64) *bodyTee {
	t := &bodyTee{ReadCloser: rc, contentLength: contentLength}
	t.c.max = max
	if contentLength > 0 && max > 0 {
		t.c.data = make([]byte, 0, min(contentLength, int64(max)))
	}
	return t
}

// Read implements io.Reader.
func (t *bodyTee) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.mu.Lock()
	if !t.sealed {
		_, _ = t.c.Write(p[:n])
		if err == io.EOF {
			t.eof = true
		}
	}
	t.mu.Unlock()
	return n, err
}

// seal stops recording and returns what was read, as a body.
func (t *bodyTee) seal(contentType string) body {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sealed = true
	b := body{contentType: contentType, data: t.c.data, size: t.c.total, request: true}
	b.complete = t.eof || t.contentLength >= 0 && t.c.total >= t.contentLength
	if !b.complete {
		b.size = max(b.size, t.contentLength) // the handler did not read it all
	}
	b.complete = b.complete && t.c.total <= int64(t.c.max)
	return b
}
