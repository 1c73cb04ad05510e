//go:build !unix

package bench

import "time"

// ProcessCPU returns -1: process CPU time is read only on Unix systems.
func ProcessCPU() time.Duration { return -1 }
