package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
)

func TestScheduleTimes(t *testing.T) {
	at := time.Date(2026, 12, 6, 1, 2, 30, 0, time.UTC) // a Sunday
	for _, tt := range []struct {
		name string
		when jobs.When
		want time.Time
	}{
		{"every minute", jobs.EveryMinute(), time.Date(2026, 12, 6, 1, 3, 0, 0, time.UTC)},
		{"every five minutes", jobs.EveryFiveMinutes(), time.Date(2026, 12, 6, 1, 5, 0, 0, time.UTC)},
		{"every fifteen minutes", jobs.EveryFifteenMinutes(), time.Date(2026, 12, 6, 1, 15, 0, 0, time.UTC)},
		{"hourly", jobs.Hourly(), time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)},
		{"hourly at 30", jobs.HourlyAt(30), time.Date(2026, 12, 6, 1, 30, 0, 0, time.UTC)},
		{"daily", jobs.Daily(), time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)},
		{"daily at 03:00", jobs.DailyAt("03:00"), time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)},
		{"daily at 00:30, tomorrow", jobs.DailyAt("00:30"), time.Date(2026, 12, 7, 0, 30, 0, 0, time.UTC)},
		{"weekly on monday", jobs.WeeklyOn(time.Monday, "09:15"), time.Date(2026, 12, 7, 9, 15, 0, 0, time.UTC)},
		{"monthly on the 1st", jobs.MonthlyOn(1, "04:00"), time.Date(2027, 1, 1, 4, 0, 0, 0, time.UTC)},
		{"cron", jobs.Cron("0 12 * * 1-5"), time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)},
		{"descriptor", jobs.Cron("@weekly"), time.Date(2026, 12, 13, 0, 0, 0, 0, time.UTC)},
		{"every 90s", jobs.Every(90 * time.Second), at.Add(90 * time.Second)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.True(t, tt.want.Equal(tt.when.Next(at)), "got %s", tt.when.Next(at))
			// The machine's zone changes nothing: specs are read in UTC.
			local := at.In(time.FixedZone("UTC+5", 5*3600))
			assert.True(t, tt.want.Equal(tt.when.Next(local)), "from another zone: %s", tt.when.Next(local))
		})
	}
	paris := jobs.Cron("CRON_TZ=Europe/Paris 0 3 * * *").Next(at)
	assert.Equal(t, time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC), paris.UTC())
}

func TestScheduleMistakesPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"bad clock":     func() { jobs.DailyAt("3am") },
		"hour 24":       func() { jobs.WeeklyOn(time.Monday, "24:00") },
		"bad cron":      func() { jobs.Cron("every day") },
		"sub-second":    func() { jobs.Every(time.Millisecond) },
		"nameless":      func() { jobs.NewSchedule("", jobs.Hourly(), func() jobs.Args { return tickArgs{} }) },
		"sixty minutes": func() { jobs.HourlyAt(60) },
	} {
		assert.Panics(t, f, name)
	}
	_, err := jobs.ParseCron("61 * * * *")
	assert.ErrorContains(t, err, `jobs: cron "61 * * * *"`)
}

func TestParseClock(t *testing.T) {
	for _, tt := range []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"00:00", 0, 0, true}, {"03:05", 3, 5, true}, {"23:59", 23, 59, true},
		{"24:00", 0, 0, false}, {"3:00", 0, 0, false}, {"03:60", 0, 0, false}, {"-1:00", 0, 0, false},
		{"", 0, 0, false}, {"0300", 0, 0, false}, {"+3:00", 0, 0, false},
	} {
		h, m, err := jobs.ParseClock(tt.in)
		assert.Equal(t, tt.ok, err == nil, tt.in)
		assert.Equal(t, [2]int{tt.h, tt.m}, [2]int{h, m}, tt.in)
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"03:00", "23:59", "24:00", "+1:00", "1:1", "", "aa:bb", "00:-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, err := jobs.ParseClock(s)
		if err != nil {
			return
		}
		if h < 0 || h > 23 || m < 0 || m > 59 {
			t.Fatalf("%q gave %d:%d", s, h, m)
		}
		jobs.DailyAt(s) // accepted clocks make valid schedules
	})
}

type tickArgs struct{}

func (tickArgs) Kind() string { return "tick" }

func TestScheduleTicksOncePerPeriodAcrossThreeInstances(t *testing.T) {
	first := openDB(t, "postgres")
	const period = time.Second
	const want = 4
	var mu sync.Mutex
	var ticks []time.Time
	enough := make(chan struct{})
	for _, d := range []*db.DB{first, samePostgres(t, first), samePostgres(t, first)} {
		workers := jobs.NewWorkers()
		jobs.AddWorker(workers, jobs.WorkFunc(func(_ context.Context, j *jobs.Job[tickArgs]) error {
			mu.Lock()
			defer mu.Unlock()
			ticks = append(ticks, j.CreatedAt)
			if len(ticks) == want {
				close(enough)
			}
			return nil
		}))
		cfg := testConfig(workers)
		cfg.Schedules = []*jobs.Schedule{jobs.NewSchedule("tick", jobs.Every(period), func() jobs.Args { return tickArgs{} })}
		c, err := jobs.New(d, cfg)
		require.NoError(t, err)
		start(t, c)
	}
	select {
	case <-enough:
	case <-time.After(waitLimit):
		t.Fatalf("only %d ticks", len(ticks))
	}
	var rows []time.Time
	// scheduled_at is the tick each job was enqueued for, so the check does
	// not depend on how fast a busy machine inserted it.
	r, err := first.SQL().Query("SELECT scheduled_at FROM river_job WHERE kind = 'tick' ORDER BY scheduled_at")
	require.NoError(t, err)
	for r.Next() {
		var at time.Time
		require.NoError(t, r.Scan(&at))
		rows = append(rows, at)
	}
	require.NoError(t, r.Err())
	require.GreaterOrEqual(t, len(rows), want)
	for i := 1; i < len(rows); i++ {
		gap := rows[i].Sub(rows[i-1])
		assert.Greater(t, gap, period/2, "ticks %d and %d are %s apart: one tick was enqueued twice", i-1, i, gap)
	}
	span := rows[len(rows)-1].Sub(rows[0])
	assert.LessOrEqual(t, len(rows), int(span/period)+2, "%d ticks in %s", len(rows), span)
}

func TestScheduleOnSQLite(t *testing.T) {
	d := openDB(t, "sqlite")
	ran := make(chan struct{}, 10)
	workers := jobs.NewWorkers()
	jobs.AddWorker(workers, jobs.WorkFunc(func(context.Context, *jobs.Job[tickArgs]) error {
		ran <- struct{}{}
		return nil
	}))
	cfg := testConfig(workers)
	cfg.Schedules = []*jobs.Schedule{jobs.NewSchedule("tick", jobs.Every(time.Second), func() jobs.Args { return tickArgs{} })}
	c, err := jobs.New(d, cfg)
	require.NoError(t, err)
	start(t, c)
	for range 2 {
		select {
		case <-ran:
		case <-time.After(waitLimit):
			t.Fatal("the schedule did not tick")
		}
	}
}

func TestSchedulesNeedWorkers(t *testing.T) {
	d := openDB(t, "sqlite")
	_, err := jobs.New(d, jobs.Config{Schedules: []*jobs.Schedule{
		jobs.NewSchedule("tick", jobs.Hourly(), func() jobs.Args { return tickArgs{} }),
	}})
	assert.ErrorContains(t, err, "schedules need workers")
}

func TestMySQLIsRefused(t *testing.T) {
	_, err := jobs.New(db.New(nil, db.MySQL), jobs.Config{})
	assert.ErrorIs(t, err, jobs.ErrUnsupportedDatabase)
	assert.ErrorIs(t, jobs.Migrate(context.Background(), db.New(nil, db.MySQL)), jobs.ErrUnsupportedDatabase)
}
