package apilog_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/status"
)

// ping is a request the demo module answers 200.
var ping = request{method: "GET", target: "/api/v1/demo/ping/"}

func TestBatches(t *testing.T) {
	tests := []struct {
		name      string
		batchSize int
		requests  int
		want      []int // batch sizes written
	}{
		{"one batch at close", 10, 3, []int{3}},
		{"full batches then the rest", 2, 5, []int{2, 2, 1}},
		{"exact", 3, 3, []int{3}},
	}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					d := openDB(t, drv)
					// An hour: only a full batch or Close writes.
					l, _ := newLogger(t, d, apilog.Options{BatchSize: tt.batchSize, FlushInterval: time.Hour})
					var mu sync.Mutex
					var batches []int
					apilog.SetBeforeWrite(l, func(n int) {
						mu.Lock()
						defer mu.Unlock()
						batches = append(batches, n)
					})
					app := newApp(d, l)
					for range tt.requests {
						send(t, app, ping).AssertStatus(status.HTTP_200_OK)
					}
					closeLogger(t, l)
					assert.Equal(t, tt.want, batches)
					assert.Len(t, entries(t, d), tt.requests)
					assert.Equal(t, apilog.Stats{Written: uint64(tt.requests)}, l.Stats())
				})
			}
		})
	}
}

// holdFirstWrite blocks l's writer in its first batch: entered is closed once
// the writer is held there, and closing release lets it go on.
func holdFirstWrite(l *apilog.Logger) (entered, release chan struct{}) {
	entered, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	apilog.SetBeforeWrite(l, func(int) {
		once.Do(func() {
			close(entered)
			<-release
		})
	})
	return entered, release
}

// TestQueueFull holds the writer in its first write, fills the one-entry
// queue, and checks that further requests are answered at once while their
// entries are dropped, counted and warned about at most every 10s.
func TestQueueFull(t *testing.T) {
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, logs := newLogger(t, d, apilog.Options{QueueSize: 1, BatchSize: 1, QueueWait: -1})
			entered, release := holdFirstWrite(l)
			now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			apilog.SetClock(l, func() time.Time { return now })
			app := newApp(d, l)

			send(t, app, ping).AssertStatus(status.HTTP_200_OK) // taken by the writer, which blocks
			<-entered
			send(t, app, ping).AssertStatus(status.HTTP_200_OK) // waits in the queue
			for i := range 3 {                                  // dropped; the third after 10s more
				if i == 2 {
					now = now.Add(10 * time.Second)
				}
				send(t, app, ping).AssertJSON(status.HTTP_200_OK, `{"ok":true}`)
			}
			assert.Equal(t, apilog.Stats{Dropped: 3, Queued: 1}, l.Stats())

			var warnings []float64
			for _, line := range logs.Records(t) {
				if line["level"] == "WARN" {
					warnings = append(warnings, line["dropped_total"].(float64))
				}
			}
			assert.Equal(t, []float64{1, 3}, warnings, "one warning, then the next after 10s")

			close(release)
			err := l.Close(context.Background())
			require.ErrorIs(t, err, apilog.ErrLost)
			assert.EqualError(t, err, "apilog: API log entries were lost: 3 (3 dropped with the queue full, 0 failed to write, 0 unwritten at close)")
			assert.Len(t, entries(t, d), 2)
			assert.Equal(t, apilog.Stats{Written: 2, Dropped: 3}, l.Stats())
			last := logs.Records(t)[len(warnings)]
			assert.Equal(t, "ERROR", last["level"], "Close reports the loss")
			assert.Equal(t, float64(3), last["lost_total"])
		})
	}
}

// TestDatabaseDown closes the database under the logger: requests are
// answered as usual, the failed write is logged and counted.
func TestDatabaseDown(t *testing.T) {
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, logs := newLogger(t, d, apilog.Options{FlushInterval: time.Hour}) // one batch, at Close
			app := newApp(d, l)
			require.NoError(t, d.Close())

			res := send(t, app, request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: `{"a":1}`})
			assert.Contains(t, res.AssertStatus(status.HTTP_201_CREATED).Body(), `"read":7,`)
			send(t, app, ping).AssertStatus(status.HTTP_200_OK)

			require.ErrorIs(t, l.Close(context.Background()), apilog.ErrLost)
			assert.Equal(t, apilog.Stats{Failed: 2}, l.Stats())
			lines := logs.Records(t)
			require.Len(t, lines, 2, "the failed write, then Close's report")
			assert.Equal(t, float64(2), lines[1]["failed_total"])
			assert.Equal(t, "ERROR", lines[0]["level"])
			assert.Equal(t, "apilog: could not write API log entries; they are lost", lines[0]["msg"])
			assert.Contains(t, lines[0]["error"], "database is closed")
			assert.Equal(t, float64(2), lines[0]["entries"])
		})
	}
}

// TestCloseGivesUp holds the writer past Close's deadline: Close returns
// the context's error, and the held batch is counted as failed.
func TestCloseGivesUp(t *testing.T) {
	d := openDB(t, "sqlite")
	l, _ := newLogger(t, d, apilog.Options{BatchSize: 1})
	entered, release := holdFirstWrite(l)
	app := newApp(d, l)
	send(t, app, ping).AssertStatus(status.HTTP_200_OK)
	<-entered

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := l.Close(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, apilog.ErrLost)
	assert.Contains(t, err.Error(), "1 unwritten at close")
	close(release)
	assert.ErrorIs(t, l.Close(context.Background()), apilog.ErrLost, "a second Close waits for the writer to stop")
	assert.Equal(t, apilog.Stats{Failed: 1}, l.Stats())
	assert.Empty(t, entries(t, d))

	// After Close, requests are served and not logged.
	send(t, app, ping).AssertStatus(status.HTTP_200_OK)
	assert.Equal(t, apilog.Stats{Failed: 1}, l.Stats())
}
