//go:build unix

package bench

import (
	"syscall"
	"time"
)

// ProcessCPU returns the CPU time, user and system, that this process has used
// so far, all threads (GC workers included), or -1 if it cannot be read. Unlike
// wall time, it does not grow while the process waits for a core, so it stays
// comparable on a machine that other processes share.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
