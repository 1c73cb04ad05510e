package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-petra/petra/bench"
)

// wrkScript returns the Lua script that makes wrk send w's request.
func wrkScript(w bench.Workload) string {
	var b strings.Builder
	fmt.Fprintf(&b, "wrk.method = %q\nwrk.path = %q\n", w.Method, w.Target)
	if w.Body != nil {
		fmt.Fprintf(&b, "wrk.body = [==[%s]==]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n", w.Body)
	}
	return b.String()
}

// driveWrk sends w to base with wrk, from cfg.conns connections on threads
// threads, for cfg.duration, and reports what wrk measured (the server's CPU
// time is visit's to measure).
func driveWrk(wrk string, threads int, dir, base string, w bench.Workload, want int, cfg runConfig) result {
	script := filepath.Join(dir, w.Name+".lua")
	if err := os.WriteFile(script, []byte(wrkScript(w)), 0o644); err != nil {
		return result{errors: 1, firstError: err.Error(), cpu: -1}
	}
	secs := max(int(cfg.duration.Round(time.Second)/time.Second), 1)
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second+30*time.Second)
	defer cancel()
	out, err := pinned(ctx, cfg.clientCPUs, wrk, "-t", strconv.Itoa(threads), "-c", strconv.Itoa(cfg.conns),
		"-d", strconv.Itoa(secs)+"s", "--latency", "-s", script, base).CombinedOutput()
	if err != nil {
		return result{errors: 1, firstError: fmt.Sprintf("wrk: %v: %s", err, out), cpu: -1}
	}
	r, err := parseWrk(string(out), want)
	if err != nil {
		return result{errors: 1, firstError: err.Error(), cpu: -1}
	}
	r.cpu = -1
	return r
}

// parseWrk reads wrk's report (run with --latency): requests, rate, the
// median and 99th percentile latency, and as errors the socket errors and the
// responses whose class differs from want's (wrk counts non-2xx/3xx ones).
func parseWrk(out string, want int) (result, error) {
	var (
		r                 result
		rate              float64
		nonOK, sockErrors int
		haveRequests      bool
	)
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && (f[0] == "50%" || f[0] == "99%"):
			d, err := time.ParseDuration(f[1])
			if err != nil {
				return result{}, fmt.Errorf("wrk latency %q: %w", f[1], err)
			}
			if f[0] == "50%" {
				r.roundP50 = append(r.roundP50, d)
			} else {
				r.roundP99 = append(r.roundP99, d)
			}
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			n, err := strconv.Atoi(f[0])
			if err != nil {
				return result{}, fmt.Errorf("wrk requests %q: %w", f[0], err)
			}
			r.requests, haveRequests = n, true
		case len(f) == 2 && f[0] == "Requests/sec:":
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return result{}, fmt.Errorf("wrk rate %q: %w", f[1], err)
			}
			rate = v
		case strings.HasPrefix(strings.TrimSpace(sc.Text()), "Non-2xx or 3xx responses:"):
			nonOK, _ = strconv.Atoi(f[len(f)-1])
		case len(f) > 2 && f[0] == "Socket" && f[1] == "errors:":
			for _, part := range strings.Split(strings.Join(f[2:], " "), ",") {
				if kv := strings.Fields(part); len(kv) == 2 {
					n, _ := strconv.Atoi(kv[1])
					sockErrors += n
				}
			}
		}
	}
	if !haveRequests || rate <= 0 {
		return result{}, fmt.Errorf("wrk: no result in %q", out)
	}
	r.elapsed = time.Duration(float64(r.requests) / rate * float64(time.Second))
	r.errors = sockErrors + nonOK
	if want >= 400 { // every response should be one wrk counts as non-2xx/3xx
		r.errors = sockErrors + r.requests - nonOK
	}
	if r.errors > 0 {
		r.firstError = fmt.Sprintf("%d socket errors, %d responses not of status class %dxx", sockErrors, r.errors-sockErrors, want/100)
	}
	return r, nil
}
