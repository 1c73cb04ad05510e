// Package middleware provides the HTTP middleware a petra API usually needs —
// CORS, rate limiting, request IDs, access logs, panic recovery, body limits and
// timeouts — in chi's shape, func(http.Handler) http.Handler, answering every
// error in petra's one JSON envelope.
//
// Each middleware takes its knobs as arguments or as an options struct whose
// zero value is sensible; none reads the environment or imports petra/config,
// so the app's wiring maps its settings onto them. Where a well-kept library
// does the work, the middleware wraps it: go-chi/cors, go-chi/httprate,
// go-redis/redis_rate and chi's own middleware.
//
// # Wiring
//
// A [petra.App] takes middleware with [petra.App.Use]; the order given is the
// order requests pass through:
//
//	app := petra.New(petra.WithLogger(logger))
//	app.Use(
//		middleware.RequestID,         // first, so every line and error carries the ID
//		middleware.AccessLog(logger), // sees every answer below, 429s and 503s included
//		middleware.CORS(middleware.CORSOptions{AllowedOrigins: []string{"https://app.example.com"}}),
//		middleware.RateLimit(middleware.RateLimitOptions{Limit: middleware.DefaultRateLimit, Redis: rdb}),
//		middleware.Timeout(30*time.Second),
//	)
//
// [CORS] answers preflight requests itself, so they reach neither the rate
// limit nor the app. A module can add its own with [petra.Module].Middleware,
// such as a stricter limit on a login route.
//
// # Rate limits
//
// [RateLimit] counts requests per client IP and path, in memory by default or
// in Redis ([RateLimitOptions].Redis), where every instance of the app shares
// one limit. Over the limit the client gets 429 with Retry-After. The client
// is the TCP peer unless the app trusts its proxies ([RateLimitOptions].TrustedProxies),
// because forwarding headers are forged as easily as sent. A failing Redis
// lets requests through and logs a warning: availability over strictness.
//
// # Logs and request IDs
//
// [RequestID] gives each request an ID, returned in X-Request-ID and found with
// [RequestIDFrom] (or chi's middleware.GetReqID, which petra's error logs use).
// [AccessLog] writes one slog line per request, never bodies, headers or query
// strings. [ClientIP] is the client address both use.
//
// # In the OpenAPI document
//
// [RequestIDAnswers], [TimeoutAnswers], [RateLimitAnswers] and
// [BodyLimitAnswers] describe what each middleware answers (a
// [petra.Answers]: its errors and the headers it adds), for petra/openapi's
// Config.Middleware, in the order the app uses them, so that the document
// lists the 429 with Retry-After, the X-RateLimit-* headers, the 503 and
// X-Request-ID.
//
// # Outside a petra.App
//
// A [petra.App] already recovers from panics and limits bodies. For handlers
// served without one, [Recover] and [BodyLimit] do the same with the same
// envelope. [Timeout] answers 503 when a handler is too slow, in or out of an
// app.
package middleware
