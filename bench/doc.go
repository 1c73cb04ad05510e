// Package bench measures petra's per-request overhead against a hand-written
// chi + encoding/json + validator handler doing the same work, the floor for a
// chi-based framework, and against peer frameworks written in their own style.
//
// # Implementations
//
// Each file builds one http.Handler serving the same five requests ([Workloads]):
// petra.go ([NewPetra]), handwritten.go ([NewHandwritten]), gin.go ([NewGin]),
// echo.go ([NewEcho]), huma.go ([NewHuma], on chi) and fuego.go ([NewFuego]).
// [Impls] lists them in the order benchmarks and the load test run them.
//
// # Measuring
//
// conformance_test.go sends every workload to every implementation and checks
// status and body, so that none does less work than the others. bench_test.go
// holds BenchmarkWorkload/<workload>/<impl>, in-process through httptest, which
// reports cpu-ns/op ([ProcessCPU]) besides wall time;
// cmd/loadtest drives each implementation over loopback; cmd/report turns the
// results into RESULTS.md. run.sh does all of it:
//
//	cd bench && ./run.sh
package bench
