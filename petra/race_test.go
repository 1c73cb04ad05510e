//go:build race

package petra

// raceEnabled: under the race detector sync.Pool drops a share of what is put
// back at random, so allocation counts vary from run to run.
const raceEnabled = true
