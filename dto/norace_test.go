//go:build !race

package dto

const raceEnabled = false
