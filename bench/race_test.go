//go:build race

package bench

// raceEnabled: the race detector makes allocation counts vary (its sync.Pool
// drops a share of what is put back at random), so tests of them skip.
const raceEnabled = true
