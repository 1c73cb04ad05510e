package main

import (
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/bench"
)

// TestMain makes the test binary a child server when loadtest's visits start
// it as one ("-serve <impl>"), as they start the loadtest binary.
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == "-serve" {
		if err := serveChild(os.Args[2]); err != nil {
			fail(err)
		}
		return
	}
	os.Exit(m.Run())
}

// TestLoadAll serves each implementation in child processes, two rounds,
// and expects every request answered as it should and the server's CPU time
// measured.
func TestLoadAll(t *testing.T) {
	impls, err := pick(measured, "petra,gin", func(i bench.Impl) string { return i.Name })
	require.NoError(t, err)
	cfg := runConfig{duration: time.Minute, conns: 2, maxRequests: 25, rounds: 2}
	results, err := loadAll(impls, bench.Workloads[:2], cfg)
	require.NoError(t, err)
	for _, w := range bench.Workloads[:2] {
		for _, impl := range impls {
			r := results[w.Name][impl.Name]
			assert.Equal(t, 50, r.requests, "%s %s", w.Name, impl.Name)
			assert.Zero(t, r.errors, "%s %s: %s", w.Name, impl.Name, r.firstError)
			assert.Positive(t, r.cpu, "%s %s: the server's CPU time", w.Name, impl.Name)
		}
	}
}

// TestLoadAllPinned serves an implementation kept to one CPU by taskset, as
// -server-cpus asks, and expects it to answer as it does unpinned.
func TestLoadAllPinned(t *testing.T) {
	if _, err := exec.LookPath("taskset"); err != nil {
		t.Skip("taskset is not installed")
	}
	impls, err := pick(measured, "petra", func(i bench.Impl) string { return i.Name })
	require.NoError(t, err)
	cfg := runConfig{duration: time.Minute, conns: 2, maxRequests: 10, rounds: 1, serverCPUs: "0"}
	results, err := loadAll(impls, bench.Workloads[:1], cfg)
	require.NoError(t, err)
	r := results[bench.Workloads[0].Name]["petra"]
	assert.Equal(t, 10, r.requests)
	assert.Zero(t, r.errors, r.firstError)
	assert.Contains(t, pinning(cfg), "CPU 0")
	assert.Equal(t, []string{"taskset", "-c", "0", "wrk", "-t", "1"}, pinned(t.Context(), "0", "wrk", "-t", "1").Args)
	assert.Equal(t, []string{"wrk"}, pinned(t.Context(), "", "wrk").Args)
}

// TestDrive sends a bounded number of requests of every workload to every
// implementation over loopback and expects each to be answered as it should.
func TestDrive(t *testing.T) {
	for _, impl := range measured {
		t.Run(impl.Name, func(t *testing.T) {
			base, stop, err := server(impl)()
			require.NoError(t, err)
			defer stop()
			for _, w := range bench.Workloads {
				r := drive(base, w, w.StatusFor(impl), runConfig{duration: time.Minute, conns: 4, maxRequests: 20})
				assert.Equal(t, 20, r.requests, w.Name)
				assert.Zero(t, r.errors, "%s: %s", w.Name, r.firstError)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	sorted := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	assert.Equal(t, time.Duration(6), percentile(sorted, 0.5))
	assert.Equal(t, time.Duration(10), percentile(sorted, 0.99))
	assert.Zero(t, percentile(nil, 0.5))
}

func TestPick(t *testing.T) {
	got, err := pick(measured, "petra, gin, fasthttp", func(i bench.Impl) string { return i.Name })
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, "petra", got[0].Name)
	assert.NotNil(t, got[2].NewFasthttp)
	_, err = pick(measured, "nope", func(i bench.Impl) string { return i.Name })
	assert.Error(t, err)
}

// wrkReport is what wrk 4.1 prints with --latency against a server answering 400.
const wrkReport = `Running 1s test @ http://127.0.0.1:37393
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.09ms    4.84ms  53.48ms   96.04%
    Req/Sec    25.58k    11.45k   37.04k    81.82%
  Latency Distribution
     50%   47.00us
     75%  102.00us
     90%    1.27ms
     99%   27.02ms
  28011 requests in 1.11s, 7.99MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 28011
Requests/sec:  25213.01
Transfer/sec:      7.19MB
`

func TestParseWrk(t *testing.T) {
	tests := []struct {
		name   string
		want   int
		errors int
	}{
		{"expecting 400: every non-2xx response is right", 400, 3},
		{"expecting 200: every non-2xx response is wrong", 200, 3 + 28011},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseWrk(wrkReport, tt.want)
			require.NoError(t, err)
			assert.Equal(t, 28011, r.requests)
			assert.InDelta(t, 25213.01, r.rate(), 0.5)
			assert.Equal(t, 47*time.Microsecond, r.p50())
			assert.Equal(t, 27020*time.Microsecond, r.p99())
			assert.Equal(t, tt.errors, r.errors, r.firstError)
		})
	}
	_, err := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n", 200)
	assert.Error(t, err)
}

func TestWrkScript(t *testing.T) {
	post := bench.Workload{Name: "post", Method: "POST", Target: "/users/", Body: []byte(`{"name":"a]]b"}`)}
	assert.Equal(t, "wrk.method = \"POST\"\nwrk.path = \"/users/\"\nwrk.body = [==[{\"name\":\"a]]b\"}]==]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n", wrkScript(post))
	get := bench.Workload{Name: "get", Method: "GET", Target: "/ping"}
	assert.Equal(t, "wrk.method = \"GET\"\nwrk.path = \"/ping\"\n", wrkScript(get))
}

// TestLoopbackTable checks the ratios of each row: to the hand-written
// handler, to the fastest peer (never the fasthttp reference) and to fasthttp.
func TestLoopbackTable(t *testing.T) {
	rated := func(perSecond int) result { return result{requests: perSecond, elapsed: time.Second, cpu: -1} }
	impls, err := pick(measured, "handwritten,petra,echo5,fasthttp", func(i bench.Impl) string { return i.Name })
	require.NoError(t, err)
	results := map[string]map[string]result{"ping": {
		"handwritten": rated(1000), "petra": rated(900), "echo5": rated(800), "fasthttp": rated(2000),
	}}
	table := loopbackTable(impls, bench.Workloads[:1], runConfig{duration: time.Second, conns: 4, rounds: 1}, results)
	assert.Contains(t, table, "| ping | petra | 900 | 0.90× | 1.12× | 0.45× | – |")
	assert.Contains(t, table, "| ping | fasthttp (reference) | 2000 | 2.00× | 2.50× | 1.00× | – |")
	assert.Contains(t, table, "the engine under Fiber")
}
