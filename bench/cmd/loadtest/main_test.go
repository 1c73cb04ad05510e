package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/bench"
)

// TestDrive sends a bounded number of requests of every workload to every
// implementation over loopback and expects each to be answered as it should.
func TestDrive(t *testing.T) {
	for _, impl := range bench.Impls {
		t.Run(impl.Name, func(t *testing.T) {
			base, stop, err := startServer(impl.New())
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
	got, err := pick(bench.Impls, "petra, gin", func(i bench.Impl) string { return i.Name })
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "petra", got[0].Name)
	_, err = pick(bench.Impls, "nope", func(i bench.Impl) string { return i.Name })
	assert.Error(t, err)
}
