// Command report reads the output of `go test -bench` for BenchmarkWorkload and
// writes Markdown tables of the median of each figure, with each figure's ratio
// to the hand-written handler and to the fastest peer, petra's ratio to the
// fasthttp reference (hand-written fasthttp, the engine under Fiber, which is
// not a peer), plus a summary of where petra stands.
//
//	go run ./cmd/report results/bench.txt > results/ratios.md
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Implementations in column order; peers are the frameworks other than petra,
// all on net/http; reference is the fasthttp handler, last, never a peer.
var (
	impls = []string{"handwritten", "petra", "gin", "echo", "echo5", "huma", "fuego", reference}
	peers = []string{"gin", "echo", "echo5", "huma", "fuego"}
	units = []string{"cpu-ns/op", "ns/op", "B/op", "allocs/op"}
)

// The fasthttp reference and the harness benchmarks.
const (
	reference        = "fasthttp"
	harness          = "BenchmarkHarness"
	fasthttpHarness  = "BenchmarkFasthttpHarness"
	referenceColumn  = "fasthttp (reference)"
	referenceWording = "fasthttp, hand-written (the engine under Fiber; Fiber itself not measurable)"
)

// samples maps workload → impl → unit → values, in file order.
type samples map[string]map[string]map[string][]float64

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: report bench.txt")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	defer f.Close()
	s, workloads, harnesses, err := parse(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	if len(workloads) == 0 {
		fmt.Fprintln(os.Stderr, "report: no BenchmarkWorkload results")
		os.Exit(1)
	}
	write(os.Stdout, s, workloads, harnesses)
}

// parse reads benchmark lines: "BenchmarkWorkload/ping/petra-2  1000  1234 ns/op  56 B/op  7 allocs/op".
// It returns the BenchmarkWorkload samples, the workloads in file order, and
// the harness benchmarks' values by benchmark name and unit.
func parse(r io.Reader) (samples, []string, map[string]map[string][]float64, error) {
	s := samples{}
	harnesses := map[string]map[string][]float64{}
	var workloads []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i] // the GOMAXPROCS suffix
			}
		}
		values := map[string]float64{}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("%q: %w", sc.Text(), err)
			}
			values[f[i+1]] = v
		}
		if name == harness || name == fasthttpHarness {
			if harnesses[name] == nil {
				harnesses[name] = map[string][]float64{}
			}
			for u, v := range values {
				harnesses[name][u] = append(harnesses[name][u], v)
			}
			continue
		}
		parts := strings.Split(name, "/")
		if len(parts) != 3 || parts[0] != "BenchmarkWorkload" {
			continue
		}
		w, impl := parts[1], parts[2]
		if s[w] == nil {
			s[w] = map[string]map[string][]float64{}
			workloads = append(workloads, w)
		}
		if s[w][impl] == nil {
			s[w][impl] = map[string][]float64{}
		}
		for u, v := range values {
			s[w][impl][u] = append(s[w][impl][u], v)
		}
	}
	return s, workloads, harnesses, sc.Err()
}

func median(v []float64) (float64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2], true
	}
	return (v[n/2-1] + v[n/2]) / 2, true
}

// fastestPeer returns the peer with the lowest median of unit on workload w.
func fastestPeer(s samples, w, unit string) (string, float64) {
	best, bestV := "", 0.0
	for _, p := range peers {
		if v, ok := median(s[w][p][unit]); ok && (best == "" || v < bestV) {
			best, bestV = p, v
		}
	}
	return best, bestV
}

func format(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return fmt.Sprintf("%.0f", v)
}

func write(out io.Writer, s samples, workloads []string, harnesses map[string]map[string][]float64) {
	columns := slices.Clone(impls)
	columns[len(columns)-1] = referenceColumn
	for _, unit := range units {
		fmt.Fprintf(out, "### %s (median; in brackets: × hand-written, × fastest peer; last column: petra × the fasthttp reference)\n\n", unit)
		fmt.Fprintf(out, "| workload | %s | fastest peer | petra × fasthttp |\n|---|", strings.Join(columns, " | "))
		for range impls {
			fmt.Fprint(out, "--:|")
		}
		fmt.Fprint(out, "---|--:|\n")
		for _, w := range workloads {
			hw, hasHW := median(s[w]["handwritten"][unit])
			peer, peerV := fastestPeer(s, w, unit)
			fmt.Fprintf(out, "| %s |", w)
			for _, impl := range impls {
				v, ok := median(s[w][impl][unit])
				if !ok {
					fmt.Fprint(out, " – |")
					continue
				}
				cell := format(v)
				if impl != "handwritten" {
					cell += " (" + ratio(v, hw, hasHW) + ", " + ratio(v, peerV, peer != "") + ")"
				}
				fmt.Fprintf(out, " %s |", cell)
			}
			p, hasP := median(s[w]["petra"][unit])
			ref, hasRef := median(s[w][reference][unit])
			fmt.Fprintf(out, " %s | %s |\n", peer, ratio(p, ref, hasP && hasRef))
		}
		fmt.Fprintln(out)
	}
	if h := harnesses[harness]; len(h) > 0 {
		fmt.Fprintf(out, "Every figure above but fasthttp's includes the harness (%s: the request restored from its template, the recorder reset, and a handler writing 15 bytes by hand): %s.\n\n",
			harness, harnessFigures(h))
	}
	if h := harnesses[fasthttpHarness]; len(h) > 0 {
		fmt.Fprintf(out, "fasthttp's figures include its own harness (%s: the request copied from its template into the reused RequestCtx, the response reset, and a handler writing 15 bytes by hand): %s.\n\n",
			fasthttpHarness, harnessFigures(h))
	}
	// Time is CPU time when the benchmarks report it: wall time is inflated by
	// waiting for a core on a shared machine.
	timeUnit := "ns/op"
	if _, ok := median(s[workloads[0]]["petra"]["cpu-ns/op"]); ok {
		timeUnit = "cpu-ns/op"
	}
	fmt.Fprintln(out, "### Summary (generated)")
	fmt.Fprintln(out)
	for _, w := range workloads {
		p, ok := median(s[w]["petra"][timeUnit])
		if !ok {
			continue
		}
		hw, _ := median(s[w]["handwritten"][timeUnit])
		peer, peerV := fastestPeer(s, w, timeUnit)
		pa, _ := median(s[w]["petra"]["allocs/op"])
		hwa, _ := median(s[w]["handwritten"]["allocs/op"])
		peerA, _ := median(s[w][peer]["allocs/op"])
		verdict := "faster than"
		if p > peerV {
			verdict = "slower than"
		}
		leanPeer, leanA := fastestPeer(s, w, "allocs/op")
		fmt.Fprintf(out, "- **%s**: petra %s %s, %s allocs/op; %s the hand-written floor (%s, %s allocs/op); %s the fastest peer, %s (%s, %s allocs/op); the fewest allocations among peers: %s allocs/op (%s). Goal (at or below the fastest peer in time and allocations): %s.\n",
			w, format(p), timeUnit, format(pa), ratio(p, hw, hw > 0), format(hw), format(hwa),
			verdict+" "+ratioWord(p, peerV), peer, format(peerV), format(peerA), format(leanA), leanPeer, goal(p <= peerV, pa <= leanA))
		if ref, ok := median(s[w][reference][timeUnit]); ok {
			refA, _ := median(s[w][reference]["allocs/op"])
			fmt.Fprintf(out, "  Against the reference, %s: petra is %s its %s (%s, %s allocs/op)%s.\n",
				referenceWording, ratio(p, ref, true), timeUnit, format(ref), format(refA), lessHarnesses(p, ref, harnesses, timeUnit))
		}
	}
	fmt.Fprintln(out)
}

// harnessFigures lists the medians of a harness benchmark's figures.
func harnessFigures(h map[string][]float64) string {
	var parts []string
	for _, u := range units {
		if v, ok := median(h[u]); ok {
			parts = append(parts, format(v)+" "+u)
		}
	}
	return strings.Join(parts, ", ")
}

// lessHarnesses words petra's ratio to the reference once each figure has its
// own harness's cost taken off: the two harnesses differ (fasthttp's copies
// the request into its context; net/http's copies a struct), and the ratio of
// the raw figures counts the difference in petra's favour.
func lessHarnesses(p, ref float64, harnesses map[string]map[string][]float64, unit string) string {
	hn, okN := median(harnesses[harness][unit])
	hf, okF := median(harnesses[fasthttpHarness][unit])
	if !okN || !okF || ref-hf <= 0 {
		return ""
	}
	return fmt.Sprintf("; %.2f× with each figure less its own harness's (%s and %s)", (p-hn)/(ref-hf), format(hn), format(hf))
}

// goal says whether petra met the goal on a workload, and if not where it missed.
func goal(time, allocs bool) string {
	switch {
	case time && allocs:
		return "met"
	case allocs:
		return "missed on time"
	case time:
		return "missed on allocations"
	}
	return "missed on time and allocations"
}

func ratio(v, base float64, ok bool) string {
	if !ok || base == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", v/base)
}

func ratioWord(v, base float64) string {
	if base == 0 {
		return ""
	}
	return fmt.Sprintf("(%.2f×)", v/base)
}
