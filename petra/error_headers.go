package petra

import (
	"errors"
	"net/http"
)

// WithHeader returns a copy of e that also answers with the response header
// key set to value, as Huma's ErrorWithHeaders does:
//
//	petra.Fail(petra.ErrTooManyRequests.WithHeader("Retry-After", "30"))
//
// The copy is errors.Is the error it was made from (and what that was made
// from), so a sentinel keeps its identity; e itself is not modified.
func (e *Error) WithHeader(key, value string) *Error {
	c := *e
	c.Header = e.Header.Clone()
	if c.Header == nil {
		c.Header = make(http.Header, 1)
	}
	c.Header.Set(key, value)
	c.origin = e
	return &c
}

// Is reports whether target is e or an error e was copied from by
// [Error.WithHeader].
func (e *Error) Is(target error) bool {
	for o := e.origin; o != nil; o = o.origin {
		if o == target {
			return true
		}
	}
	return false
}

// setErrorHeader sets on h the headers of the first [*Error] in err's chain,
// the one whose status and message the client reads.
func setErrorHeader(h http.Header, err error) {
	pe, ok := errors.AsType[*Error](err)
	if !ok {
		return
	}
	for k, v := range pe.Header {
		h[k] = v
	}
}
