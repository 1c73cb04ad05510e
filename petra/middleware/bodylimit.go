package middleware

import (
	"net/http"

	"github.com/go-petra/petra/petra"
)

// BodyLimit returns middleware that limits request bodies to n bytes. A
// request that declares a longer body (Content-Length > n) is answered 413 in
// petra's error envelope ([petra.ErrBodyTooLarge]) at once, without reaching
// the handler or reading the body. Any other body is wrapped in
// http.MaxBytesReader, so that reading past n fails with an
// *http.MaxBytesError, which [petra.WriteError] and [petra.Fail] answer 413,
// and net/http closes the connection instead of reading the rest.
//
// n = 0 allows only empty bodies; a negative n removes the limit (the
// middleware passes requests through). A [petra.App] already limits bodies
// ([petra.WithBodyLimit], [petra.Route.BodyLimit]); BodyLimit is for handlers
// served outside one. It is safe for concurrent use.
func BodyLimit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if n < 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				petra.WriteError(w, r, petra.ErrBodyTooLarge)
				return
			}
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, n) // 1 alloc
			}
			next.ServeHTTP(w, r)
		})
	}
}
