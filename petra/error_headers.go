package petra

import (
	"errors"
	"net/http"
	"slices"

	"github.com/go-petra/petra/status"
)

// ErrorHeaders returns the headers petra sends with its own error answers of
// code, for documentation generators such as petra/openapi, which list them
// on every such answer: the WWW-Authenticate challenge of a 401 (that of
// [ErrUnauthenticated] and of petra/auth's errors), the Allow of a 405, and
// the Retry-After of middleware.RateLimit's 429, optional since a view's own
// 429 may leave it out. It returns nil for a code whose answers carry none.
//
// A 401 or 405 a view answers must carry its header too, as RFC 9110 says:
// build it with [Error.WithHeader], as ErrUnauthenticated is built.
func ErrorHeaders(code status.Code) []ResponseHeader {
	return slices.Clone(errorHeaders[code])
}

// errorHeaders are the headers of [ErrorHeaders], by status. Tests prove
// that what sets them agrees: the errors that carry headers, the router's 405
// and the rate limiter's 429.
var errorHeaders = map[status.Code][]ResponseHeader{
	status.HTTP_401_UNAUTHORIZED: {Header[string]("WWW-Authenticate",
		`The challenge: send an access token as "Authorization: Bearer <token>"; error says why one was refused (RFC 6750)`)},
	status.HTTP_405_METHOD_NOT_ALLOWED: {Header[string]("Allow",
		"The methods the path answers, comma-separated")},
	status.HTTP_429_TOO_MANY_REQUESTS: {OptionalHeader[int]("Retry-After",
		"How many seconds to wait before the next request")},
}

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
