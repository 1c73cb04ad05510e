package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
BenchmarkWorkload/ping/handwritten-2   100  1000 ns/op  100 B/op  10 allocs/op
BenchmarkWorkload/ping/handwritten-2   100  3000 ns/op  100 B/op  10 allocs/op
BenchmarkWorkload/ping/petra-2         100  2000 ns/op  200 B/op  12 allocs/op
BenchmarkWorkload/ping/gin-2           100  1500 ns/op  150 B/op  11 allocs/op
BenchmarkWorkload/ping/echo-2          100  1200 ns/op  160 B/op  11 allocs/op
BenchmarkWorkload/ping/fasthttp-2      100   800 ns/op   90 B/op   4 allocs/op
BenchmarkHarness-2                     100   500 ns/op   50 B/op   5 allocs/op
BenchmarkFasthttpHarness-2             100   600 ns/op    0 B/op   0 allocs/op
PASS
`

func TestParse(t *testing.T) {
	s, workloads, harnesses, err := parse(strings.NewReader(sample))
	require.NoError(t, err)
	assert.Equal(t, []string{"ping"}, workloads)
	assert.Equal(t, []float64{1000, 3000}, s["ping"]["handwritten"]["ns/op"])
	assert.Equal(t, []float64{500}, harnesses["BenchmarkHarness"]["ns/op"])
	assert.Equal(t, []float64{600}, harnesses["BenchmarkFasthttpHarness"]["ns/op"])
	m, ok := median(s["ping"]["handwritten"]["ns/op"])
	require.True(t, ok)
	assert.InDelta(t, 2000, m, 0)
	// fasthttp, faster than every peer, is a reference and not a peer.
	peer, v := fastestPeer(s, "ping", "ns/op")
	assert.Equal(t, "echo", peer)
	assert.InDelta(t, 1200, v, 0)
}

func TestWrite(t *testing.T) {
	s, workloads, harnesses, err := parse(strings.NewReader(sample))
	require.NoError(t, err)
	var out bytes.Buffer
	write(&out, s, workloads, harnesses)
	// petra: 2000 ns/op is 1.00× the hand-written median, 1.67× echo's and
	// 2.50× fasthttp's, which is not the fastest peer though it is faster.
	assert.Contains(t, out.String(), "| workload | handwritten | petra | gin | echo | echo5 | huma | fuego | fasthttp (reference) | fastest peer | petra × fasthttp |")
	assert.Contains(t, out.String(), "| ping | 2000 | 2000 (1.00×, 1.67×) | 1500 (0.75×, 1.25×) | 1200 (0.60×, 1.00×) | – | – | – | 800 (0.40×, 0.67×) | echo | 2.50× |")
	assert.Contains(t, out.String(), "fasthttp's figures include its own harness (BenchmarkFasthttpHarness")
	// Less the harnesses: (2000 - 500) / (800 - 600) = 7.50.
	assert.Contains(t, out.String(), "Against the reference, fasthttp, hand-written (the engine under Fiber; Fiber itself not measurable): "+
		"petra is 2.50× its ns/op (800, 4 allocs/op); 7.50× with each figure less its own harness's (500 and 600).")
	assert.Contains(t, out.String(), "petra 2000 ns/op, 12 allocs/op; 1.00× the hand-written floor (2000, 10 allocs/op); slower than (1.67×) the fastest peer, echo (1200, 11 allocs/op); "+
		"the fewest allocations among peers: 11 allocs/op (gin). Goal (at or below the fastest peer in time and allocations): missed on time and allocations.")
}

func TestGoal(t *testing.T) {
	tests := []struct {
		time, allocs bool
		want         string
	}{
		{true, true, "met"},
		{false, true, "missed on time"},
		{true, false, "missed on allocations"},
		{false, false, "missed on time and allocations"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, goal(tt.time, tt.allocs))
	}
}

func TestWriteWithoutReference(t *testing.T) {
	without := strings.ReplaceAll(sample, "BenchmarkWorkload/ping/fasthttp", "BenchmarkOther/ping/fasthttp")
	s, workloads, harnesses, err := parse(strings.NewReader(without))
	require.NoError(t, err)
	var out bytes.Buffer
	write(&out, s, workloads, harnesses)
	assert.Contains(t, out.String(), "| – | echo | – |")
	assert.NotContains(t, out.String(), "Against the reference")
}
