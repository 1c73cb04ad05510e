package middleware

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"
)

// maxRequestID is the longest request ID accepted from a client.
const maxRequestID = 128

// RequestID is middleware that gives each request an ID, with chi's
// middleware.RequestID: the one the client sent in X-Request-ID, when it is
// 1 to 128 characters of letters, digits and "-_.:/+=@", or else a new one
// unique to this process ("host/random-000042"). The ID goes into the request
// context, where [RequestIDFrom] and chi's middleware.GetReqID find it (petra
// logs its 500s with it), and back to the client in the X-Request-ID response
// header, so that a client can quote it when reporting a problem.
//
// An ID that does not fit is replaced rather than logged as it came: it could
// be huge, or forge log lines. The header name is chi's
// middleware.RequestIDHeader. RequestID is safe for concurrent use.
func RequestID(next http.Handler) http.Handler {
	inner := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(middleware.RequestIDHeader, middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get(middleware.RequestIDHeader); id != "" && !validRequestID(id) {
			r = r.Clone(r.Context()) // rare: copy rather than change the caller's headers
			r.Header.Del(middleware.RequestIDHeader)
		}
		inner.ServeHTTP(w, r)
	})
}

// RequestIDFrom returns the request ID that [RequestID] stored in ctx, or "" if
// there is none. It is chi's middleware.GetReqID.
func RequestIDFrom(ctx context.Context) string { return middleware.GetReqID(ctx) }

// validRequestID reports whether a client's request ID is short and made of
// characters that are safe in logs and headers.
func validRequestID(id string) bool {
	if len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '/', c == '+', c == '=', c == '@':
		default:
			return false
		}
	}
	return true
}
