//go:build !race

package petra

const raceEnabled = false
