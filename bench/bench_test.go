package bench

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/valyala/fasthttp"
)

// BenchmarkWorkload serves each workload with each implementation in turn,
// then with [FasthttpReference], through a harness that allocates nothing of
// its own (see BenchmarkHarness): one recorder, reset between requests, and
// one request, restored from a template by a struct copy with its body reader
// rewound. fasthttp's harness is its own idiom's equivalent (see
// BenchmarkFasthttpHarness): one RequestCtx, its response reset and its
// request copied from a template between requests. Every allocation and
// nanosecond reported is the framework's and its handler's.
//
// Besides ns/op (wall time) it reports cpu-ns/op, the CPU time of the whole
// process (GC workers included) per request, which waiting for a busy core
// does not inflate.
func BenchmarkWorkload(b *testing.B) {
	for _, w := range Workloads {
		b.Run(w.Name, func(b *testing.B) {
			for _, impl := range append(slices.Clip(Impls), FasthttpReference) {
				b.Run(impl.Name, func(b *testing.B) {
					if impl.NewFasthttp != nil {
						benchmarkFasthttp(b, impl.NewFasthttp(), w, w.StatusFor(impl))
						return
					}
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
	measure(b, serveOnce, func() (int, []byte) { return rec.code, rec.body.Bytes() }, want)
}

// measure times serveOnce, which serves one request, and reports cpu-ns/op
// besides what the testing package reports. answer returns the status and
// body of the last request served, which are checked against want before and
// after the timed loop.
func measure(b *testing.B, serveOnce func(), answer func() (int, []byte), want int) {
	check := func() {
		if code, body := answer(); code != want {
			b.Fatalf("status %d, want %d: %s", code, want, body)
		}
	}
	// One request outside the timer, so that first-use work (route tables,
	// caches, pools) is not counted, and a check that it answers as it should.
	serveOnce()
	check()
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
	serveOnce()
	check()
}

// newFasthttpRequest builds w's request as fasthttp reads it from a
// connection, its URI parsed as http.NewRequest parses the template of the
// net/http harness; the query is left for the handler to parse, as net/http
// handlers parse theirs.
func newFasthttpRequest(w Workload) *fasthttp.Request {
	req := new(fasthttp.Request)
	req.Header.SetMethod(w.Method)
	req.SetRequestURI(w.Target)
	if w.Body != nil {
		req.Header.SetContentType("application/json")
		req.SetBody(w.Body)
	}
	req.URI()
	return req
}

// benchmarkFasthttp is benchmarkServe for a fasthttp handler: one RequestCtx
// for every request, as a fasthttp server keeps one per connection, its
// response reset and its request copied from a template into the buffers it
// keeps.
func benchmarkFasthttp(b *testing.B, h fasthttp.RequestHandler, w Workload, want int) {
	tmpl := newFasthttpRequest(w)
	var ctx fasthttp.RequestCtx
	ctx.Init(tmpl, nil, nil)
	serveOnce := func() {
		tmpl.CopyTo(&ctx.Request)
		ctx.Response.Reset()
		h(&ctx)
	}
	measure(b, serveOnce, func() (int, []byte) { return ctx.Response.StatusCode(), ctx.Response.Body() }, want)
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

// BenchmarkFasthttpHarness is the cost fasthttp's harness adds to every
// BenchmarkWorkload/<workload>/fasthttp figure: the request copied from its
// template, the response reset, and a handler that writes a small JSON body
// by hand. It allocates nothing.
func BenchmarkFasthttpHarness(b *testing.B) {
	body := []byte(`{"ping":"pong"}`)
	h := func(ctx *fasthttp.RequestCtx) {
		ctx.SetContentType("application/json")
		ctx.SetStatusCode(http.StatusOK)
		_, _ = ctx.Write(body)
	}
	benchmarkFasthttp(b, h, Workloads[0], http.StatusOK)
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

// TestFasthttpHarnessAllocatesNothing keeps the fasthttp reference's figures
// its own: copying the request from its template and resetting the response
// allocate nothing once the context's buffers have grown.
func TestFasthttpHarnessAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector")
	}
	tmpl := newFasthttpRequest(Workloads[1])
	var ctx fasthttp.RequestCtx
	ctx.Init(tmpl, nil, nil)
	allocs := testing.AllocsPerRun(100, func() {
		tmpl.CopyTo(&ctx.Request)
		ctx.Response.Reset()
		ctx.SetContentType("application/json")
		ctx.SetStatusCode(http.StatusCreated)
		_, _ = ctx.Write(ctx.PostBody())
	})
	if allocs != 0 {
		t.Fatalf("the harness allocates %v times per request, want 0", allocs)
	}
}
