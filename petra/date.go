package petra

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// stampDate sets the Date header of an answer petra writes, unless the view
// or a middleware set one. net/http would read the clock and format the time
// for each response; petra's dateClock does it once a second and every answer
// of that second shares the value, as fasthttp does.
func stampDate(h http.Header) {
	if _, set := h["Date"]; set {
		return
	}
	h["Date"] = answers.date()
}

// answers is the clock of the Date header petra's answers carry.
var answers dateClock

// dateClock holds the Date header of the current second while answers are
// being written. A timer (time.AfterFunc: no goroutine waits for it) formats
// the next second's value at its start; a second in which no answer asked
// for the value stops the clock, and the next answer starts it again, so an
// idle process keeps no timer.
type dateClock struct {
	current atomic.Pointer[[]string] // nil while the clock is stopped
	asked   atomic.Bool              // an answer took the value since the last tick
	mu      sync.Mutex               // serialises start and tick
}

// date returns the Date header value of the current second.
func (c *dateClock) date() []string {
	if v := c.current.Load(); v != nil {
		if !c.asked.Load() {
			c.asked.Store(true)
		}
		return *v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.current.Load(); v != nil {
		return *v
	}
	c.asked.Store(true)
	return c.set()
}

// tick runs at the start of each second: it formats that second's value, or
// stops the clock if no answer asked for the last one.
func (c *dateClock) tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.asked.Swap(false) {
		c.current.Store(nil)
		return
	}
	c.set()
}

// set formats the time now as a Date value, makes it current and sets the
// timer for the start of the next second. c.mu is held.
func (c *dateClock) set() []string {
	now := time.Now()
	v := []string{now.UTC().Format(http.TimeFormat)}
	c.current.Store(&v)
	time.AfterFunc(now.Truncate(time.Second).Add(time.Second).Sub(now), c.tick)
	return v
}
