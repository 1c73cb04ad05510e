// Command loadtest drives each implementation of the bench workload over
// loopback: it serves one implementation at a time on 127.0.0.1, each visit
// in a fresh child process of its own (the net/http ones with net/http's
// server, the fasthttp reference with fasthttp's), and sends each workload
// from C concurrent keep-alive clients for a bounded time and count,
// reporting requests per second, the server's CPU time per request, p50 and
// p99 latency and errors. With -rss it also reports each implementation's
// start-up time and resident memory, idle and after load.
//
//	go run ./cmd/loadtest -d 5s -c 16 -md results/loadtest.md -rss-md results/rss.md
//
// Client and server share the machine, so figures are of the pair; compare
// implementations with each other, not with other machines.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/go-petra/petra/bench"
)

func main() {
	var (
		duration    = flag.Duration("d", 5*time.Second, "how long each workload runs against each implementation")
		warmup      = flag.Duration("warmup", 200*time.Millisecond, "unmeasured run before each measured one")
		conns       = flag.Int("c", 16, "concurrent keep-alive clients")
		maxRequests = flag.Int("n", 2_000_000, "most requests in one measured run")
		rounds      = flag.Int("rounds", 5, "rounds the -d of each workload and implementation is split into; every round visits every implementation, so that a change in the machine's load touches them all alike")
		implList    = flag.String("impls", "", "comma-separated implementations (default: all, fasthttp included)")
		workList    = flag.String("workloads", "", "comma-separated workloads (default: all)")
		mdPath      = flag.String("md", "", "also write the loopback table to this Markdown file")
		rss         = flag.Bool("rss", false, "measure start-up time and RSS of each implementation in a child process")
		rssDuration = flag.Duration("rss-d", 2*time.Second, "load per workload before reading RSS after load")
		rssRuns     = flag.Int("rss-starts", 5, "child start-ups timed per implementation (median reported)")
		rssMD       = flag.String("rss-md", "", "also write the start-up and RSS table to this Markdown file")
		serve       = flag.String("serve", "", "child mode: serve this implementation (or \"none\") until stdin closes")
		wrk         = flag.String("wrk", "", "drive the load with this wrk binary instead of Go's client in the same process (each round of a workload then lasts whole seconds)")
		wrkThreads  = flag.Int("wrk-threads", 1, "wrk's threads (-t)")
		serverCPUs  = flag.String("server-cpus", "", "run each server on these CPUs only (a taskset list such as 1); Go then sizes GOMAXPROCS to them")
		clientCPUs  = flag.String("client-cpus", "", "run wrk on these CPUs only (a taskset list such as 0)")
	)
	flag.Parse()
	if *serve != "" {
		if err := serveChild(*serve); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		return
	}
	if *conns < 1 || *duration <= 0 || *maxRequests < 1 {
		fmt.Fprintln(os.Stderr, "loadtest: -c, -d and -n must be positive")
		os.Exit(2)
	}
	impls, err := pick(measured, *implList, func(i bench.Impl) string { return i.Name })
	if err != nil {
		fail(err)
	}
	workloads, err := pick(bench.Workloads, *workList, func(w bench.Workload) string { return w.Name })
	if err != nil {
		fail(err)
	}
	cfg := runConfig{duration: *duration, warmup: *warmup, conns: *conns, maxRequests: *maxRequests, rounds: *rounds, wrk: *wrk, wrkThreads: *wrkThreads,
		serverCPUs: *serverCPUs, clientCPUs: *clientCPUs}
	results, err := loadAll(impls, workloads, cfg)
	if err != nil {
		fail(err)
	}
	table := loopbackTable(impls, workloads, cfg, results)
	fmt.Print(table)
	if *mdPath != "" {
		if err := os.WriteFile(*mdPath, []byte(table), 0o644); err != nil {
			fail(err)
		}
	}
	if !*rss {
		return
	}
	rows, err := measureRSS(impls, workloads, runConfig{duration: *rssDuration, conns: *conns, maxRequests: *maxRequests, serverCPUs: *serverCPUs}, *rssRuns)
	if err != nil {
		fail(err)
	}
	rt := rssTable(rows, *rssDuration, *conns)
	fmt.Print("\n" + rt)
	if *rssMD != "" {
		if err := os.WriteFile(*rssMD, []byte(rt), 0o644); err != nil {
			fail(err)
		}
	}
}

// measured are the implementations the load test can serve: bench.Impls, then
// the fasthttp reference.
var measured = append(slices.Clip(bench.Impls), bench.FasthttpReference)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "loadtest:", err)
	os.Exit(1)
}

// pick returns the items named in list (all when list is empty), in their order.
func pick[T any](all []T, list string, name func(T) string) ([]T, error) {
	if list == "" {
		return all, nil
	}
	var out []T
	for _, want := range strings.Split(list, ",") {
		i := slices.IndexFunc(all, func(t T) bool { return name(t) == strings.TrimSpace(want) })
		if i < 0 {
			return nil, fmt.Errorf("unknown name %q", want)
		}
		out = append(out, all[i])
	}
	return out, nil
}

type runConfig struct {
	duration, warmup time.Duration
	conns            int
	maxRequests      int
	rounds           int
	wrk              string // the wrk binary; "" for Go's client
	wrkThreads       int
	serverCPUs       string // the CPUs each server runs on (taskset -c); "" for any
	clientCPUs       string // the CPUs wrk runs on (taskset -c); "" for any
}

// pinned returns the command that runs name with args on the CPUs cpus lists
// (a taskset list), or anywhere when cpus is "".
func pinned(ctx context.Context, cpus, name string, args ...string) *exec.Cmd {
	if cpus == "" {
		return exec.CommandContext(ctx, name, args...)
	}
	return exec.CommandContext(ctx, "taskset", append([]string{"-c", cpus, name}, args...)...)
}

type result struct {
	requests, errors int
	elapsed          time.Duration
	cpu              time.Duration   // the server process's CPU time; <0 if unknown
	latencies        []time.Duration // sorted
	firstError       string

	// With wrk, which reports percentiles and not latencies: each round's.
	roundP50, roundP99 []time.Duration
}

// p50 is the median latency; with wrk, the median of the rounds' medians.
func (r result) p50() time.Duration {
	if r.latencies == nil {
		return median(r.roundP50)
	}
	return percentile(r.latencies, 0.50)
}

// p99 is the 99th percentile latency; with wrk, the median of the rounds'.
func (r result) p99() time.Duration {
	if r.latencies == nil {
		return median(r.roundP99)
	}
	return percentile(r.latencies, 0.99)
}

func median(d []time.Duration) time.Duration {
	return percentile(slices.Sorted(slices.Values(d)), 0.5)
}

// merge adds the measurements of o, another round of the same run, to r.
func (r result) merge(o result) result {
	if r.cpu < 0 || o.cpu < 0 {
		r.cpu = -1
	} else {
		r.cpu += o.cpu
	}
	r.requests += o.requests
	r.errors += o.errors
	r.elapsed += o.elapsed
	r.latencies = append(r.latencies, o.latencies...)
	slices.Sort(r.latencies)
	r.roundP50 = append(r.roundP50, o.roundP50...)
	r.roundP99 = append(r.roundP99, o.roundP99...)
	if r.firstError == "" {
		r.firstError = o.firstError
	}
	return r
}

func (r result) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// cpuPerRequest is the server process's CPU time per request, in µs.
func (r result) cpuPerRequest() string {
	if r.cpu < 0 || r.requests == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1fµs", float64(r.cpu)/float64(r.requests)/1e3)
}

// starter serves a handler built once on a fresh 127.0.0.1 port each time it
// is called, until stop is called.
type starter func() (base string, stop func(), err error)

// server builds impl's handler and returns its starter: net/http's server for
// a net/http handler, fasthttp's for the fasthttp reference.
func server(impl bench.Impl) starter {
	if impl.NewFasthttp != nil {
		h := impl.NewFasthttp()
		return func() (string, func(), error) { return startFasthttp(h) }
	}
	h := impl.New()
	return func() (string, func(), error) { return startServer(h) }
}

// startServer serves h on a fresh 127.0.0.1 port.
func startServer(h http.Handler) (base string, stop func(), err error) {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       30 * time.Second,
	}
	return listenAndServe(srv.Serve, srv.Shutdown)
}

// startFasthttp serves h with a fasthttp.Server on a fresh 127.0.0.1 port,
// with startServer's timeouts.
func startFasthttp(h fasthttp.RequestHandler) (base string, stop func(), err error) {
	srv := &fasthttp.Server{
		Handler:      h,
		ReadTimeout:  10 * time.Second,
		WriteTimeout: 10 * time.Second,
		IdleTimeout:  30 * time.Second,
	}
	return listenAndServe(srv.Serve, srv.ShutdownWithContext)
}

// listenAndServe runs serve on a fresh 127.0.0.1 port and returns its base
// URL and a stop that shuts the server down within 5 seconds. It does not
// wait for serve past that: fasthttp's returns once its workers end, and a
// worker blocked reading a keep-alive connection its shutdown did not close
// ends only at its idle timeout.
func listenAndServe(serve func(net.Listener) error, shutdown func(context.Context) error) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = serve(ln)
	}()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = shutdown(ctx)
		select {
		case <-done:
		case <-ctx.Done():
		}
	}, nil
}

// pinning says which CPUs the servers and wrk were kept to, if any.
func pinning(cfg runConfig) string {
	switch {
	case cfg.serverCPUs == "" && cfg.clientCPUs == "":
		return ""
	case cfg.clientCPUs == "":
		return fmt.Sprintf(" Each server ran on CPU %s only (taskset), its GOMAXPROCS sized to it.", cfg.serverCPUs)
	case cfg.serverCPUs == "":
		return fmt.Sprintf(" wrk ran on CPU %s only (taskset).", cfg.clientCPUs)
	}
	return fmt.Sprintf(" Each server ran on CPU %s only and wrk on CPU %s (taskset), so that the two do not take each other's core: the server's GOMAXPROCS is sized to its CPUs, and its req/s is what that core can serve.", cfg.serverCPUs, cfg.clientCPUs)
}

// loadAll measures every workload against every implementation: in each of
// cfg.rounds rounds, every implementation in turn is served alone, by a child
// process started for that visit, warmed up and driven for its share of
// cfg.duration. A process of its own per visit keeps what one server leaves
// behind (its heap, its garbage, its pools) from being collected or kept on
// another's time, and each round starts one implementation further down the
// list, so that none always follows the same one.
func loadAll(impls []bench.Impl, workloads []bench.Workload, cfg runConfig) (map[string]map[string]result, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	rounds := max(cfg.rounds, 1)
	slot := cfg
	slot.duration = cfg.duration / time.Duration(rounds)
	warm := cfg
	warm.duration = cfg.warmup
	results := map[string]map[string]result{} // workload → impl → result
	scripts := ""
	if cfg.wrk != "" {
		dir, err := os.MkdirTemp("", "loadtest-wrk")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		scripts = dir
	}
	for round := range rounds {
		for _, w := range workloads {
			if results[w.Name] == nil {
				results[w.Name] = map[string]result{}
			}
			for k := range impls {
				impl := impls[(k+round)%len(impls)]
				r, err := visit(exe, impl, w, warm, slot, scripts)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", impl.Name, err)
				}
				if round > 0 {
					r = results[w.Name][impl.Name].merge(r)
				}
				results[w.Name][impl.Name] = r
				if round == rounds-1 {
					fmt.Fprintf(os.Stderr, "%-12s %-12s %9.0f req/s  cpu/req %-8s p50 %-9v p99 %-9v errors %d %s\n",
						w.Name, impl.Name, r.rate(), r.cpuPerRequest(), r.p50(), r.p99(), r.errors, r.firstError)
				}
			}
		}
	}
	return results, nil
}

// visit starts impl in a child process, warms it up with w, drives w at it
// for slot.duration (with wrk when slot.wrk is set, its script in scripts)
// and stops the child. The result's CPU time is the child's during the
// measured drive.
func visit(exe string, impl bench.Impl, w bench.Workload, warm, slot runConfig, scripts string) (result, error) {
	c, err := startChild(exe, impl.Name, slot.serverCPUs)
	if err != nil {
		return result{}, err
	}
	want := w.StatusFor(impl)
	if warm.duration > 0 {
		drive(c.base, w, want, warm)
	}
	cpu0, err := c.cpu()
	if err != nil {
		_ = c.close()
		return result{}, err
	}
	var r result
	if slot.wrk != "" {
		r = driveWrk(slot.wrk, slot.wrkThreads, scripts, c.base, w, want, slot)
	} else {
		r = drive(c.base, w, want, slot)
	}
	cpu1, err := c.cpu()
	if cerr := c.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return result{}, err
	}
	r.cpu = cpu1 - cpu0
	return r, nil
}

// drive sends w to base from cfg.conns clients until cfg.duration has passed or
// cfg.maxRequests were sent, and reports what it measured.
func drive(base string, w bench.Workload, want int, cfg runConfig) result {
	tr := &http.Transport{
		MaxIdleConns:        cfg.conns,
		MaxIdleConnsPerHost: cfg.conns,
		MaxConnsPerHost:     cfg.conns,
		DisableCompression:  true,
		IdleConnTimeout:     30 * time.Second,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var (
		mu         sync.Mutex
		latencies  []time.Duration
		errCount   int
		firstError string
		wg         sync.WaitGroup
		budget     = make(chan struct{}, cfg.maxRequests)
	)
	for range cfg.maxRequests {
		budget <- struct{}{}
	}
	close(budget)
	start := time.Now()
	deadline := start.Add(cfg.duration)
	for range cfg.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 1<<14)
			errs, first := 0, ""
			for time.Now().Before(deadline) {
				if _, ok := <-budget; !ok {
					break
				}
				t0 := time.Now()
				err := send(client, base, w, want)
				local = append(local, time.Since(t0))
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, local...)
			errCount += errs
			if firstError == "" {
				firstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	return result{
		requests:   len(latencies),
		errors:     errCount,
		elapsed:    elapsed,
		cpu:        -1, // the server's, which visit measures
		latencies:  latencies,
		firstError: firstError,
	}
}

func send(client *http.Client, base string, w bench.Workload, want int) error {
	req, err := w.NewRequest(base)
	if err != nil {
		return err
	}
	if w.Body != nil {
		req.Body = io.NopCloser(bytes.NewReader(w.Body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(w.Body)), nil }
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		return err
	case resp.StatusCode != want:
		return fmt.Errorf("status %d, want %d", resp.StatusCode, want)
	case n == 0:
		return errors.New("empty body")
	}
	return nil
}

func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// loopbackPeers are the frameworks petra's req/s is compared with; the
// fasthttp reference is compared with in a column of its own.
var loopbackPeers = []string{"gin", "echo", "echo5", "huma", "fuego"}

func loopbackTable(impls []bench.Impl, workloads []bench.Workload, cfg runConfig, results map[string]map[string]result) string {
	var b strings.Builder
	note := ""
	if slices.ContainsFunc(impls, func(i bench.Impl) bool { return i.NewFasthttp != nil }) {
		note = fasthttpNote
	}
	if cfg.wrk != "" {
		fmt.Fprintf(&b, "Loopback, wrk (%d thread, %d keep-alive connections) in its own process against each server, %v per workload per implementation in %d rounds that each visit every implementation, "+
			"each visit after a %v warm-up by Go's client; one server at a time, each visit in a fresh process of its own, each round starting one implementation further down the list. CPU/req is the server process's CPU time per request; "+
			"p50 and p99 are the medians of the rounds' percentiles.%s\n\n",
			cfg.wrkThreads, cfg.conns, cfg.duration, max(cfg.rounds, 1), cfg.warmup, pinning(cfg)+note)
	} else {
		fmt.Fprintf(&b, "Loopback, %d keep-alive clients, %v per workload per implementation in %d rounds that each visit every implementation, each visit after a %v warm-up; "+
			"one server at a time, each visit in a fresh process of its own, each round starting one implementation further down the list; client and server on the same cores. "+
			"CPU/req is the server process's CPU time per request: unlike req/s, it does not drop when other processes take the cores.%s\n\n",
			cfg.conns, cfg.duration, max(cfg.rounds, 1), cfg.warmup, note)
	}
	b.WriteString("| workload | impl | req/s | vs handwritten | vs fastest peer | vs fasthttp | CPU/req | p50 | p99 | errors |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, w := range workloads {
		hw, hasHW := results[w.Name]["handwritten"]
		fast, hasFast := results[w.Name][bench.FasthttpReference.Name]
		best := 0.0
		for _, p := range loopbackPeers {
			if r, ok := results[w.Name][p]; ok {
				best = max(best, r.rate())
			}
		}
		for _, impl := range impls {
			r := results[w.Name][impl.Name]
			vsHW, vsPeer, vsFast := "–", "–", "–"
			if hasHW && hw.rate() > 0 {
				vsHW = fmt.Sprintf("%.2f×", r.rate()/hw.rate())
			}
			if hasFast && fast.rate() > 0 {
				vsFast = fmt.Sprintf("%.2f×", r.rate()/fast.rate())
			}
			if best > 0 {
				vsPeer = fmt.Sprintf("%.2f×", r.rate()/best)
			}
			name := impl.Name
			if impl.NewFasthttp != nil {
				name += " (reference)"
			}
			fmt.Fprintf(&b, "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %d |\n",
				w.Name, name, r.rate(), vsHW, vsPeer, vsFast, r.cpuPerRequest(), round(r.p50()), round(r.p99()), r.errors)
		}
	}
	return b.String()
}

// fasthttpNote says what the fasthttp rows and column are.
const fasthttpNote = " fasthttp (reference) is fasthttp, hand-written, served by fasthttp's server: the engine under Fiber, which cannot be measured here; " +
	"it is not among the peers, and \"vs fasthttp\" is each row's req/s over its."

func round(d time.Duration) string {
	switch {
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	case d >= time.Microsecond:
		return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
	default:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	}
}

// serveChild is the child side of a visit and of -rss: it builds one
// implementation, serves it on 127.0.0.1, prints "ready <addr> <build ns>"
// and serves until stdin closes, answering each "cpu" line on stdin with the
// process's CPU time so far in nanoseconds (-1 if unknown).
func serveChild(name string) error {
	start := starter(func() (string, func(), error) { return startServer(http.NotFoundHandler()) })
	t0 := time.Now()
	if name != "none" {
		i := slices.IndexFunc(measured, func(i bench.Impl) bool { return i.Name == name })
		if i < 0 {
			return fmt.Errorf("unknown implementation %q", name)
		}
		start = server(measured[i])
	}
	built := time.Since(t0)
	base, stop, err := start()
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("ready %s %d\n", base, built.Nanoseconds())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if in.Text() == "cpu" {
			fmt.Printf("%d\n", bench.ProcessCPU().Nanoseconds())
		}
	}
	return nil
}

type rssRow struct {
	name               string
	startup, build     time.Duration
	idleKB, loadKB     int
	peakKB, requestsOK int
}

// measureRSS starts each implementation (and "none", the same binary serving
// nothing) in child processes: runs times to time start-up, then once more to
// read VmRSS idle, after load and VmHWM.
func measureRSS(impls []bench.Impl, workloads []bench.Workload, cfg runConfig, runs int) ([]rssRow, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	names := []string{"none"}
	for _, impl := range impls {
		names = append(names, impl.Name)
	}
	var rows []rssRow
	for _, name := range names {
		row := rssRow{name: name}
		var startups, builds []time.Duration
		for range max(runs, 1) {
			c, err := startChild(exe, name, cfg.serverCPUs)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			startups, builds = append(startups, c.startup), append(builds, c.build)
			if err := c.close(); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		slices.Sort(startups)
		slices.Sort(builds)
		row.startup, row.build = startups[len(startups)/2], builds[len(builds)/2]
		c, err := startChild(exe, name, cfg.serverCPUs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if row.idleKB, _, err = c.rss(); err != nil {
			return nil, err
		}
		if name != "none" {
			impl := impls[slices.IndexFunc(impls, func(i bench.Impl) bool { return i.Name == name })]
			for _, w := range workloads {
				r := drive(c.base, w, w.StatusFor(impl), cfg)
				row.requestsOK += r.requests - r.errors
			}
		}
		if row.loadKB, row.peakKB, err = c.rss(); err != nil {
			return nil, err
		}
		if err := c.close(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(os.Stderr, "%-12s start-up %v (build %v), RSS idle %d kB, after load %d kB, peak %d kB\n",
			name, row.startup, row.build, row.idleKB, row.loadKB, row.peakKB)
		rows = append(rows, row)
	}
	return rows, nil
}

type child struct {
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	stdout         *bufio.Reader
	base           string
	startup, build time.Duration
}

func startChild(exe, name, cpus string) (*child, error) {
	cmd := pinned(context.Background(), cpus, exe, "-serve", name)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stdin: stdin, stdout: bufio.NewReader(stdout)}
	line, err := c.stdout.ReadString('\n')
	if err != nil {
		_ = c.close()
		return nil, fmt.Errorf("child did not start: %w", err)
	}
	c.startup = time.Since(t0)
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != "ready" {
		_ = c.close()
		return nil, fmt.Errorf("child said %q", line)
	}
	ns, _ := strconv.ParseInt(f[2], 10, 64)
	c.base, c.build = f[1], time.Duration(ns)
	return c, nil
}

// cpu asks the child for the CPU time it has used so far, all its threads.
func (c *child) cpu() (time.Duration, error) {
	if _, err := io.WriteString(c.stdin, "cpu\n"); err != nil {
		return 0, err
	}
	line, err := c.stdout.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("child's CPU time: %w", err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
	if err != nil || ns < 0 {
		return 0, fmt.Errorf("child's CPU time: %q", line)
	}
	return time.Duration(ns), nil
}

// rss reads the child's VmRSS and VmHWM in kB from /proc.
func (c *child) rss() (rss, hwm int, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			rss, _ = strconv.Atoi(f[1])
		case "VmHWM:":
			hwm, _ = strconv.Atoi(f[1])
		}
	}
	return rss, hwm, nil
}

func (c *child) close() error {
	_ = c.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		return errors.New("child did not exit; killed")
	}
}

func rssTable(rows []rssRow, d time.Duration, conns int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Each implementation in a child process of its own (the same binary, `loadtest -serve <impl>`, which links every framework; \"none\" serves nothing and is the baseline). "+
		"Start-up: exec until the server listens, median of the runs; build: the time inside the process to construct the handler. "+
		"After load: every workload for %v at %d clients. RSS from /proc/<pid>/status.\n\n", d, conns)
	b.WriteString("| impl | start-up | build handler | RSS idle | idle − none | RSS after load | peak (VmHWM) |\n|---|--:|--:|--:|--:|--:|--:|\n")
	base := 0
	for _, r := range rows {
		if r.name == "none" {
			base = r.idleKB
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %.1f MiB | %+.1f MiB | %.1f MiB | %.1f MiB |\n", r.name, round(r.startup), round(r.build),
			mib(r.idleKB), mib(r.idleKB-base), mib(r.loadKB), mib(r.peakKB))
	}
	return b.String()
}

func mib(kb int) float64 { return float64(kb) / 1024 }
