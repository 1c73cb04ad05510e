// Package bench measures petra's per-request overhead against a hand-written
// chi + encoding/json + validator handler doing the same work, the floor for a
// chi-based framework, and against peer frameworks written in their own style.
//
// # Implementations
//
// Each file builds one http.Handler serving the same five requests ([Workloads]):
// petra.go ([NewPetra]), handwritten.go ([NewHandwritten]), gin.go ([NewGin]),
// echo.go ([NewEcho], Echo v4), echo5.go ([NewEcho5], Echo v5), huma.go
// ([NewHuma], on chi) and fuego.go ([NewFuego]). [Impls] lists them in the
// order benchmarks and the load test run them.
//
// Fiber v3 is not among them: the module proxy this project builds from
// serves it only as a copy it does not approve, and the bench module takes no
// such dependency. In its place, as a reference and not a peer, fasthttp.go
// ([NewFasthttp], [FasthttpReference]) answers the same five requests by hand
// on fasthttp, Fiber's engine, which the proxy serves as an approved release:
// that is why the bench module depends on github.com/valyala/fasthttp. Fiber,
// with its default encoding/json, is a router and a context on top of
// fasthttp, so its cost per request is at least that handler's: petra's time
// ratio to it is an upper bound on petra's ratio to Fiber, and its req/s ratio
// a lower bound. Benchmarks, the load test and the report show it beside the
// others, labelled as the reference; "the fastest peer" is never it.
//
// # Measuring
//
// conformance_test.go sends every workload to every implementation and checks
// status and body, so that none does less work than the others. bench_test.go
// holds BenchmarkWorkload/<workload>/<impl>, in process through a harness that
// allocates nothing itself (a reused recorder, the request restored from a
// template by a struct copy; for fasthttp, one reused RequestCtx, the request
// copied into it from a template), which reports cpu-ns/op ([ProcessCPU])
// besides wall time; BenchmarkHarness and BenchmarkFasthttpHarness measure
// the two harnesses alone.
// cmd/loadtest drives each implementation over loopback (fasthttp with
// fasthttp's server, the others with net/http's); cmd/report turns the
// results into RESULTS.md. run.sh does all of it:
//
//	cd bench && ./run.sh
package bench
