package middleware

import (
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// The functions below describe what each middleware answers, for
// documentation generators such as petra/openapi, whose Config.Middleware
// takes them in the order App.Use takes the middleware:
//
//	app.Use(middleware.RequestID, middleware.Timeout(d), middleware.RateLimit(limits))
//	doc := openapi.Build(app, openapi.Config{Middleware: []petra.Answers{
//		middleware.RequestIDAnswers(), middleware.TimeoutAnswers(d), middleware.RateLimitAnswers(limits),
//	}})
//
// Tests hold each to what its middleware sends.

// RequestIDAnswers describes [RequestID]: the X-Request-ID header on every
// answer.
func RequestIDAnswers() petra.Answers {
	return petra.Answers{Headers: []petra.ResponseHeader{petra.Header[string]("X-Request-ID", // chi's middleware.RequestIDHeader, X-Request-Id
		"The request's ID, the client's own when it sent a valid one: quote it when reporting a problem")}}
}

// TimeoutAnswers describes [Timeout](d): a 503 ([ErrTimeout]) for a request
// not answered within d, nothing when d is zero or less.
func TimeoutAnswers(d time.Duration) petra.Answers {
	if d <= 0 {
		return petra.Answers{}
	}
	return petra.Answers{Errors: []petra.Failed{{Status: status.HTTP_503_SERVICE_UNAVAILABLE}}}
}

// BodyLimitAnswers describes [BodyLimit](n): a 413 for a body longer than n
// bytes, nothing when n is negative.
func BodyLimitAnswers(n int64) petra.Answers {
	if n < 0 {
		return petra.Answers{}
	}
	return petra.Answers{Errors: []petra.Failed{{Status: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE}}}
}

// RateLimitAnswers describes [RateLimit](opts): nothing when opts.Limit is 0
// or less; otherwise a 429 with Retry-After, X-RateLimit-Limit and
// X-RateLimit-Remaining, and those two on the answers it lets through,
// optional there since a failing Redis (opts.Redis) lets requests through
// uncounted.
func RateLimitAnswers(opts RateLimitOptions) petra.Answers {
	if opts.Limit <= 0 {
		return petra.Answers{}
	}
	const (
		limit     = "How many requests the client may make per window"
		remaining = "How many of them are left in this window"
	)
	return petra.Answers{
		Errors: []petra.Failed{{Status: status.HTTP_429_TOO_MANY_REQUESTS, Headers: []petra.ResponseHeader{
			petra.Header[int](headerRetryAfter, "How many seconds to wait before the next request"),
			petra.Header[int](headerLimit, limit),
			petra.Header[int](headerRemaining, remaining),
		}}},
		Headers: []petra.ResponseHeader{
			petra.OptionalHeader[int](headerLimit, limit+", when the request was counted"),
			petra.OptionalHeader[int](headerRemaining, remaining+", when the request was counted"),
		},
	}
}
