package bench

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkWorkload serves each workload with each implementation in turn,
// through httptest.NewRecorder and ServeHTTP, so every figure includes the same
// recorder (see BenchmarkHarness for its cost). The request is built once; only
// its body reader is rewound per iteration.
//
// Besides ns/op (wall time) it reports cpu-ns/op, the CPU time of the whole
// process (GC workers included) per request, which waiting for a busy core
// does not inflate.
func BenchmarkWorkload(b *testing.B) {
	for _, w := range Workloads {
		b.Run(w.Name, func(b *testing.B) {
			for _, impl := range Impls {
				b.Run(impl.Name, func(b *testing.B) {
					benchmarkServe(b, impl.New(), w, w.StatusFor(impl))
				})
			}
		})
	}
}

func benchmarkServe(b *testing.B, h http.Handler, w Workload, want int) {
	req, err := w.NewRequest("")
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.NewReader(w.Body)
	rc := io.NopCloser(body)
	// One request outside the timer, so that first-use work (route tables,
	// caches, pools) is not counted, and a check that it answers as it should.
	serveOnce := func() *httptest.ResponseRecorder {
		if w.Body != nil {
			body.Reset(w.Body)
			req.Body = rc
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := serveOnce(); rec.Code != want {
		b.Fatalf("status %d, want %d: %s", rec.Code, want, rec.Body)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := ProcessCPU()
	for b.Loop() {
		serveOnce()
	}
	cpu1 := ProcessCPU()
	b.StopTimer()
	if cpu0 >= 0 && cpu1 >= 0 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
	if rec := serveOnce(); rec.Code != want {
		b.Fatalf("status %d, want %d: %s", rec.Code, want, rec.Body)
	}
}

// BenchmarkHarness is the cost the harness adds to every BenchmarkWorkload
// figure: a new httptest.ResponseRecorder and a handler that writes a small JSON
// body by hand.
func BenchmarkHarness(b *testing.B) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = []string{"application/json"}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"ping":"pong"}`))
	})
	benchmarkServe(b, h, Workloads[0], http.StatusOK)
}
