package bench

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// BenchmarkWorkload serves each workload with each implementation in turn,
// through a harness that allocates nothing of its own (see BenchmarkHarness):
// one recorder, reset between requests, and one request, restored from a
// template by a struct copy with its body reader rewound. Every allocation
// and nanosecond reported is the framework's and its handler's.
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

// recorder is an http.ResponseWriter that keeps its header map and body
// buffer from one request to the next, so that serving through it allocates
// nothing that a real connection's writer would not reuse too.
type recorder struct {
	header http.Header
	body   bytes.Buffer
	code   int
}

func newRecorder() *recorder { return &recorder{header: make(http.Header, 4)} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(p)
}

// reset readies r for the next request.
func (r *recorder) reset() {
	clear(r.header)
	r.body.Reset()
	r.code = 0
}

func benchmarkServe(b *testing.B, h http.Handler, w Workload, want int) {
	tmpl, err := w.NewRequest("")
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.NewReader(w.Body)
	if w.Body != nil {
		tmpl.Body = io.NopCloser(body)
	}
	req := new(http.Request)
	rec := newRecorder()
	serveOnce := func() {
		*req = *tmpl
		body.Reset(w.Body)
		rec.reset()
		h.ServeHTTP(rec, req)
	}
	// One request outside the timer, so that first-use work (route tables,
	// caches, pools) is not counted, and a check that it answers as it should.
	if serveOnce(); rec.code != want {
		b.Fatalf("status %d, want %d: %s", rec.code, want, rec.body.String())
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
	if serveOnce(); rec.code != want {
		b.Fatalf("status %d, want %d: %s", rec.code, want, rec.body.String())
	}
}

// BenchmarkHarness is the cost the harness adds to every BenchmarkWorkload
// figure: the request restored, the recorder reset, and a handler that
// writes a small JSON body by hand. It allocates nothing.
func BenchmarkHarness(b *testing.B) {
	body := []byte(`{"ping":"pong"}`)
	contentType := []string{"application/json"}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = contentType
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
	benchmarkServe(b, h, Workloads[0], http.StatusOK)
}

// TestHarnessAllocatesNothing keeps BenchmarkWorkload's figures the
// framework's own: restoring the request and resetting the recorder allocate
// nothing.
func TestHarnessAllocatesNothing(t *testing.T) {
	tmpl, err := Workloads[1].NewRequest("")
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.NewReader(Workloads[1].Body)
	tmpl.Body = io.NopCloser(body)
	req, rec := new(http.Request), newRecorder()
	contentType := []string{"application/json"}
	allocs := testing.AllocsPerRun(100, func() {
		*req = *tmpl
		body.Reset(Workloads[1].Body)
		rec.reset()
		rec.Header()["Content-Type"] = contentType
		rec.WriteHeader(http.StatusCreated)
		_, _ = io.Copy(io.Discard, req.Body)
		_, _ = rec.Write([]byte(`{}`))
	})
	if allocs != 0 {
		t.Fatalf("the harness allocates %v times per request, want 0", allocs)
	}
}
