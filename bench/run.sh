#!/usr/bin/env bash
# run.sh reproduces bench/RESULTS.md: in-process benchmarks (6 interleaved rounds),
# benchstat tables, ratios, the loopback load test, start-up time and RSS.
# About 12 minutes on 2 cores. Knobs: COUNT (6), BENCHTIME (1s), LOAD_D (5s),
# LOAD_C (16), LOAD_ROUNDS (5), RSS_D (500ms), WRK (the wrk binary; installed with
# apt-get when missing and run as root; WRK=none drives the load with Go's client in
# the same process), LOAD_PIN (1/0: the load test is run again with each server on
# CPU 1 and wrk on CPU 0; none skips that run). REPORT_ONLY=1 rebuilds RESULTS.md from results/ (after editing
# notes.md) without measuring again.
set -euo pipefail
cd "$(dirname "$0")"

COUNT=${COUNT:-6}
BENCHTIME=${BENCHTIME:-1s}
LOAD_D=${LOAD_D:-5s}
LOAD_C=${LOAD_C:-16}
LOAD_ROUNDS=${LOAD_ROUNDS:-5}
RSS_D=${RSS_D:-500ms}
LOAD_PIN=${LOAD_PIN:-1/0}
WRK=${WRK:-$(command -v wrk || true)}
BENCHSTAT=(go run golang.org/x/perf/cmd/benchstat@latest)
mkdir -p results
# One run at a time: two would measure each other.
exec 9> results/.lock
if ! flock -n 9; then
	echo "run.sh: another run is in progress" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "${REPORT_ONLY:-}" != 1 ]; then
echo "== go test -bench ($COUNT interleaved rounds, benchtime $BENCHTIME)" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# The petra measured: its commit, and whether petra/, dto/ or status/ differed from it.
petra_tree="$(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C .. status --porcelain -- petra dto status 2>/dev/null)" ]; then
	petra_tree="$petra_tree + uncommitted changes to petra/dto (sources sha256 $(cat ../petra/*.go ../dto/*.go | sha256sum | cut -c1-12))"
fi
# Interleaved rounds: each round runs every workload on every implementation
# once, so that a drift of the machine's speed during the run (other tenants,
# clocks) falls on all of them alike instead of on whichever ran then.
go test -c -o "$tmp/bench.test" .
: > results/bench.txt
for _ in $(seq "$COUNT"); do
	"$tmp/bench.test" -test.run '^$' -test.bench . -test.benchmem -test.count 1 -test.benchtime "$BENCHTIME" >> results/bench.txt
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== benchstat" >&2
# benchstat splits columns by name keys, so name the sub-benchmarks key=value.
sed -E 's#^BenchmarkWorkload/([a-z_]+)/([a-z0-9]+)-#BenchmarkWorkload/workload=\1/impl=\2-#' results/bench.txt > results/bench-keyed.txt
"${BENCHSTAT[@]}" -row /workload -col '/impl@(handwritten petra gin echo echo5 huma fuego fasthttp)' -filter '.name:Workload' \
	results/bench-keyed.txt > results/benchstat.txt

echo "== pprof of petra's path" >&2
# Each workload's petra path, profiled alone; only petra's and dto's frames are
# shown, each charged with what it calls outside petra (-show), so the top rows
# are the petra and dto functions that cost most.
prof=$tmp
: > results/pprof.txt
for w in ping post_valid post_invalid get_uuid list; do
	go test -run '^$' -bench "Workload/$w/petra\$" -benchtime 1s -cpuprofile "$prof/cpu" -o "$prof/bench.test" . > /dev/null
	go test -run '^$' -bench "Workload/$w/petra\$" -benchtime 20000x -memprofile "$prof/mem" -memprofilerate 1 -o "$prof/bench.test" . > /dev/null
	{
		echo "### $w: CPU (flat = the function and what it calls outside petra/dto)"
		echo '```'
		go tool pprof -top -show='go-petra/petra/(petra|dto)\.' "$prof/bench.test" "$prof/cpu" 2>/dev/null | awk '/flat%/ {on = 1} on && n++ < 12'
		echo '```'
		echo "### $w: allocations per 20000 requests"
		echo '```'
		go tool pprof -top -sample_index=alloc_objects -show='go-petra/petra/(petra|dto)\.' "$prof/bench.test" "$prof/mem" 2>/dev/null | awk '/flat%/ {on = 1} on && n++ < 12'
		echo '```'
	} >> results/pprof.txt
done

echo "== loadtest" >&2
if [ -z "$WRK" ] && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
	echo "installing wrk" >&2
	{ apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } > /dev/null 2>&1 || true
	WRK=$(command -v wrk || true)
fi
wrk_args=()
load_generator="Go's net/http client, in the load test's own process (wrk is not installed)"
if [ -n "$WRK" ] && [ "$WRK" != none ]; then
	wrk_args=(-wrk "$WRK")
	load_generator="$("$WRK" --version 2>&1 | head -1 | cut -d' ' -f1-3 || true), in a process of its own"
fi
go build -o "$tmp/loadtest" ./cmd/loadtest
"$tmp/loadtest" "${wrk_args[@]}" -d "$LOAD_D" -c "$LOAD_C" -rounds "$LOAD_ROUNDS" -md results/loadtest.md -rss -rss-d "$RSS_D" -rss-md results/rss.md > /dev/null
rm -f results/loadtest-pinned.md
pin_args=()
if [ "$LOAD_PIN" != none ] && [ ${#wrk_args[@]} -gt 0 ] && command -v taskset > /dev/null && [ "$(nproc)" -ge 2 ]; then
	echo "== loadtest, server on CPU ${LOAD_PIN%/*} and wrk on CPU ${LOAD_PIN#*/}" >&2
	pin_args=(-server-cpus "${LOAD_PIN%/*}" -client-cpus "${LOAD_PIN#*/}")
	"$tmp/loadtest" "${wrk_args[@]}" "${pin_args[@]}" -d "$LOAD_D" -c "$LOAD_C" -rounds "$LOAD_ROUNDS" -md results/loadtest-pinned.md > /dev/null
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
printf 'load_before=%q\nload_after=%q\nload_end=%q\nrun_date=%q\npetra_tree=%q\nload_generator=%q\nload_cmd=%q\npin_cmd=%q\n' "$load_before" "$load_after" "$load_end" \
	"$(date -u '+%Y-%m-%d %H:%M UTC')" "$petra_tree" "$load_generator" "${wrk_args[*]}" "${pin_args[*]}" > results/env.sh
./lists.sh
fi
# shellcheck source=/dev/null
. results/env.sh
go run ./cmd/report results/bench.txt > results/ratios.md

echo "== RESULTS.md" >&2
{
	cat <<HEADER
# petra bench results

Generated by \`bench/run.sh\` on $run_date. Do not edit by hand: edit \`notes.md\` (appended below) or rerun.

## Machine and versions

- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores (GOMAXPROCS $(nproc))
- $(go version)
- Load average (1, 5, 15 min) before benchmarks: $load_before; after: $load_after; after the load test: $load_end. The machine is shared: a load above $(nproc) means other processes competed for the cores, and ns/op and req/s are noisier than B/op and allocs/op, which do not depend on load.
- petra: the working tree at \`$petra_tree\`
$(go list -m -f '- {{.Path}} {{.Version}}' github.com/go-chi/chi/v5 github.com/go-playground/validator/v10 github.com/gin-gonic/gin github.com/labstack/echo/v4 github.com/labstack/echo/v5 github.com/danielgtaylor/huma/v2 github.com/go-fuego/fuego github.com/google/uuid github.com/valyala/fasthttp)
- Loopback load generator: ${load_generator:-not recorded by this run}
- Fiber v3 is not measured: the Go module proxy this project builds from serves it only as "not an approved release", and the bench module takes no such dependency. Measured in its place, as a reference and not a peer: **fasthttp, hand-written (the engine under Fiber; Fiber itself not measurable)**, \`fasthttp.go\`, the same five answers with the same validation, encoding/json and pagination, driven through its \`fasthttp.RequestHandler\` with one reused \`RequestCtx\` in process and served by fasthttp's server over loopback. Fiber (with its default encoding/json) is a router and a context on top of fasthttp, so its cost per request is at least this handler's: petra's time ratio to fasthttp is an upper bound on its ratio to Fiber, and its req/s ratio a lower bound.

## Commands

\`\`\`
go test -c -o bench.test . && for round in \$(seq $COUNT); do ./bench.test -test.run '^\$' -test.bench . -test.benchmem -test.count 1 -test.benchtime $BENCHTIME; done > results/bench.txt
go run golang.org/x/perf/cmd/benchstat@latest -row /workload -col '/impl@(handwritten petra gin echo echo5 huma fuego fasthttp)' -filter '.name:Workload' results/bench-keyed.txt
go run ./cmd/report results/bench.txt
go run ./cmd/loadtest ${load_cmd:-} -d $LOAD_D -c $LOAD_C -rounds $LOAD_ROUNDS -rss -rss-d $RSS_D
$([ -z "${pin_cmd:-}" ] || echo "go run ./cmd/loadtest $load_cmd $pin_cmd -d $LOAD_D -c $LOAD_C -rounds $LOAD_ROUNDS")
\`\`\`

The workloads (\`workload.go\`): **ping** GET /api/v1/bench/ping; **post_valid** POST /api/v1/bench/users/ with a valid JSON user (201);
**post_invalid** the same with \`{"name":"","email":"nope","age":0}\` (400, Huma 422); **get_uuid** GET /api/v1/bench/users/{uuid};
**list** GET /api/v1/bench/users/?page=2&per_page=20, a page of 20 of 1000 users with Laravel-style meta. \`conformance_test.go\` checks every
implementation's status and body for each.

## In-process: BenchmarkWorkload/<workload>/<impl>

ServeHTTP through a harness that allocates nothing itself (one recorder reused, the request restored from a template by a struct copy, its body rewound); fasthttp's handler through its own (one \`RequestCtx\` reused, the request copied into it from a template, the response reset), which costs more than the net/http harness: both harnesses' figures are given below the tables, and the summary gives petra's ratio to fasthttp with and without them. **cpu-ns/op** is the CPU time of the
whole benchmark process (GC workers included) per request: it does not grow while the process waits for a core, so on a shared
machine it is the time figure to compare; **ns/op** is wall time. Medians of $COUNT interleaved rounds (each round runs every workload on every implementation once); the benchstat table below gives each figure's 95% confidence interval (±) and the p-value of its difference from the hand-written handler.

HEADER
	cat results/ratios.md
	echo "### benchstat (columns compared with handwritten)"
	echo
	echo '```'
	cat results/benchstat.txt
	echo '```'
	echo
	echo "## Loopback"
	echo
	cat results/loadtest.md
	echo
	if [ -f results/loadtest-pinned.md ]; then
		echo "## Loopback, a core each for the server and wrk"
		echo
		cat results/loadtest-pinned.md
		echo
	fi
	echo "## Start-up and memory"
	echo
	cat results/rss.md
	echo
	echo "## Where petra's time and allocations go (pprof)"
	echo
	cat results/pprof.txt
	echo
	[ ! -f results/lists.md ] || { cat results/lists.md; echo; }
	cat notes.md
} > RESULTS.md
echo "wrote RESULTS.md" >&2
