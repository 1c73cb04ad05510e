package jobs

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"
)

// When is a recurring time: it returns the next run after a given time.
// The constructors below give the common ones; any river.PeriodicSchedule
// fits.
type When = river.PeriodicSchedule

// Every runs every d (at least one second), counted from when the leader
// starts its scheduler.
func Every(d time.Duration) When {
	if d < time.Second {
		panic(fmt.Sprintf("jobs: Every(%s): the shortest period is one second", d))
	}
	return river.PeriodicInterval(d)
}

// EveryMinute runs at the start of every minute.
func EveryMinute() When { return Cron("* * * * *") }

// EveryFiveMinutes runs at :00, :05, :10 ... of every hour.
func EveryFiveMinutes() When { return Cron("*/5 * * * *") }

// EveryFifteenMinutes runs at :00, :15, :30 and :45.
func EveryFifteenMinutes() When { return Cron("*/15 * * * *") }

// Hourly runs at the start of every hour.
func Hourly() When { return Cron("0 * * * *") }

// HourlyAt runs every hour at minute (0-59).
func HourlyAt(minute int) When { return Cron(fmt.Sprintf("%d * * * *", minute)) }

// Daily runs at midnight.
func Daily() When { return Cron("0 0 * * *") }

// DailyAt runs every day at clock, "HH:MM" in 24-hour time, UTC (use
// [Cron] with a CRON_TZ= prefix for another zone). A malformed clock
// panics, which stops start-up with the reason.
func DailyAt(clock string) When {
	h, m := mustClock(clock)
	return Cron(fmt.Sprintf("%d %d * * *", m, h))
}

// WeeklyOn runs every week on day at clock ("HH:MM").
func WeeklyOn(day time.Weekday, clock string) When {
	h, m := mustClock(clock)
	return Cron(fmt.Sprintf("%d %d * * %d", m, h, day))
}

// MonthlyOn runs every month on day (1-31) at clock ("HH:MM"); months
// without that day are skipped.
func MonthlyOn(day int, clock string) When {
	h, m := mustClock(clock)
	return Cron(fmt.Sprintf("%d %d %d * *", m, h, day))
}

// Cron runs on a standard five-field cron spec ("minute hour day-of-month
// month day-of-week", with descriptors such as "@daily" and an optional
// "CRON_TZ=Europe/Paris " prefix), parsed by github.com/robfig/cron/v3. A
// malformed spec panics; use [ParseCron] for specs read at run time.
func Cron(spec string) When {
	w, err := ParseCron(spec)
	if err != nil {
		panic(err)
	}
	return w
}

// ParseCron parses a cron spec as [Cron] does, returning an error instead
// of panicking. A spec without a CRON_TZ= prefix is read in UTC, never in
// the machine's local zone, so every instance agrees.
func ParseCron(spec string) (When, error) {
	full := spec
	if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") {
		full = "CRON_TZ=UTC " + spec
	}
	s, err := cron.ParseStandard(full)
	if err != nil {
		return nil, fmt.Errorf("jobs: cron %q: %w", spec, err)
	}
	return s, nil
}

// ParseClock parses "HH:MM" (00:00 to 23:59) into hour and minute.
func ParseClock(clock string) (hour, minute int, err error) {
	hs, ms, ok := strings.Cut(clock, ":")
	if ok && isDigits(hs) && isDigits(ms) {
		h, err1 := strconv.Atoi(hs)
		m, err2 := strconv.Atoi(ms)
		if err1 == nil && err2 == nil && h >= 0 && h < 24 && m >= 0 && m < 60 {
			return h, m, nil
		}
	}
	return 0, 0, fmt.Errorf("jobs: %q is not a time of day (use HH:MM, 00:00 to 23:59)", clock)
}

// isDigits reports whether s is exactly two ASCII digits.
func isDigits(s string) bool {
	return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
}

func mustClock(clock string) (int, int) {
	h, m, err := ParseClock(clock)
	if err != nil {
		panic(err)
	}
	return h, m
}

// Schedule is a named periodic job: at each tick of When, the leader
// enqueues Args as a job. Build one with [NewSchedule].
type Schedule struct {
	name string
	when When
	args func() Args
	opts *InsertOpts
	// runOnStart also enqueues a job when a leader starts its scheduler.
	runOnStart bool
}

// NewSchedule names a periodic job: every tick of when enqueues args()
// (called afresh each time). The name identifies the schedule across
// restarts and instances and must be unique within a client.
func NewSchedule(name string, when When, args func() Args) *Schedule {
	if name == "" || when == nil || args == nil {
		panic("jobs: NewSchedule needs a name, a When and an args function")
	}
	return &Schedule{name: name, when: when, args: args}
}

// WithInsertOpts sets the options of each enqueued job (queue, priority,
// MaxAttempts...).
func (s *Schedule) WithInsertOpts(opts *InsertOpts) *Schedule {
	s.opts = opts
	return s
}

// RunOnStart also enqueues a job when an instance becomes leader, a hedge
// for long periods that a leader change could otherwise skip.
func (s *Schedule) RunOnStart() *Schedule {
	s.runOnStart = true
	return s
}

// Name returns the schedule's name.
func (s *Schedule) Name() string { return s.name }

// periodic is the River periodic job of s.
func (s *Schedule) periodic() *river.PeriodicJob {
	return river.NewPeriodicJob(s.when, func() (river.JobArgs, *river.InsertOpts) {
		return s.args(), s.opts
	}, &river.PeriodicJobOpts{ID: s.name, RunOnStart: s.runOnStart})
}
