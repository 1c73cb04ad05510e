package petra

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An answer carries the Date of the second it was written in, and a Date the
// view set is kept.
func TestAnswersCarryTheDate(t *testing.T) {
	v := &dateViewSet{}
	app := New()
	app.Mount(Module{Name: "clock", Version: "v1", Routes: v.Routes(
		Get("now", v.Now),
		Get("then", v.Then),
		Get("missing", v.Missing),
	)})
	for _, path := range []string{"/api/v1/clock/now", "/api/v1/clock/missing"} {
		before := time.Now().Truncate(time.Second)
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		after := time.Now()
		date, err := http.ParseTime(rec.Header().Get("Date"))
		require.NoError(t, err, path)
		assert.False(t, date.Before(before) || date.After(after), "%s: Date %v outside [%v, %v]", path, date, before, after)
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/clock/then", nil))
	assert.Equal(t, []string{"Wed, 21 Oct 2015 07:28:00 GMT"}, rec.Header()["Date"])
}

type dateViewSet struct{ ViewSet }

func (v *dateViewSet) Now(*Request) Result { return Response(map[string]string{"tick": "tock"}) }

func (v *dateViewSet) Then(*Request) Result {
	return Response(map[string]string{"tick": "tock"}).WithHeader("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
}

func (v *dateViewSet) Missing(*Request) Result { return Fail(ErrNotFound) }

// The clock formats a second's value once, stops in a second no answer asked
// for it, and starts again at the next answer.
func TestDateClockStopsWhenIdle(t *testing.T) {
	var c dateClock
	first := c.date()
	require.NotNil(t, c.current.Load())
	if again := c.date(); again[0] == first[0] {
		assert.Same(t, &first[0], &again[0], "a second's value is shared, not formatted again")
	}
	require.Eventually(t, func() bool { return c.current.Load() == nil }, 5*time.Second, 20*time.Millisecond,
		"the clock runs on with no answer asking for the date")
	restarted := c.date()
	_, err := http.ParseTime(restarted[0])
	require.NoError(t, err)
	assert.NotNil(t, c.current.Load())
}

// Stamping the date allocates nothing once the second's value is made.
func TestStampDateAllocsNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	h := http.Header{"Content-Type": {"application/json"}}
	stampDate(h)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		delete(h, "Date")
		stampDate(h)
	}))
}
