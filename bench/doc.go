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
// order benchmarks and the load test run them. Fiber v3 is not among them:
// the module proxy this project builds from serves it only as a copy it does
// not approve, and the bench module takes no such dependency.
//
// # Measuring
//
// conformance_test.go sends every workload to every implementation and checks
// status and body, so that none does less work than the others. bench_test.go
// holds BenchmarkWorkload/<workload>/<impl>, in process through a harness that
// allocates nothing itself (a reused recorder, the request restored from a
// template by a struct copy), which reports cpu-ns/op ([ProcessCPU]) besides
// wall time;
// cmd/loadtest drives each implementation over loopback; cmd/report turns the
// results into RESULTS.md. run.sh does all of it:
//
//	cd bench && ./run.sh
package bench
