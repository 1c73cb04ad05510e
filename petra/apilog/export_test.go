package apilog

import "time"

// SetBeforeWrite makes l's writer call fn, with the batch size, before it
// writes each batch, so a test can hold the writer. Call it before l logs
// its first request.
func SetBeforeWrite(l *Logger, fn func(n int)) { l.beforeWrite = fn }

// SetClock makes l's warning throttles read the time from now. Call it
// before l logs its first request.
func SetClock(l *Logger, now func() time.Time) {
	l.dropWarn.now = now
	l.failWarn.now = now
}
