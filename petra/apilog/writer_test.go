package apilog_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db/dbtest"
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
						require.Equal(t, http.StatusOK, send(app, ping).Code)
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

// TestQueueFull holds the writer in its first write, fills the one-entry
// queue, and checks that further requests are answered at once while their
// entries are dropped, counted and warned about at most every 10s.
func TestQueueFull(t *testing.T) {
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, logs := newLogger(t, d, apilog.Options{QueueSize: 1, BatchSize: 1})
			entered, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			apilog.SetBeforeWrite(l, func(int) {
				once.Do(func() {
					close(entered)
					<-release
				})
			})
			now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			apilog.SetClock(l, func() time.Time { return now })
			app := newApp(d, l)

			require.Equal(t, http.StatusOK, send(app, ping).Code) // taken by the writer, which blocks
			<-entered
			require.Equal(t, http.StatusOK, send(app, ping).Code) // waits in the queue
			for i := range 3 {                                    // dropped; the third after 10s more
				if i == 2 {
					now = now.Add(10 * time.Second)
				}
				rec := send(app, ping)
				assert.Equal(t, http.StatusOK, rec.Code)
				assert.JSONEq(t, `{"ok":true}`, rec.Body.String())
			}
			assert.Equal(t, apilog.Stats{Dropped: 3, Queued: 1}, l.Stats())

			var warnings []float64
			for _, line := range logs.lines(t) {
				if line["level"] == "WARN" {
					warnings = append(warnings, line["dropped_total"].(float64))
				}
			}
			assert.Equal(t, []float64{1, 3}, warnings, "one warning, then the next after 10s")

			close(release)
			closeLogger(t, l)
			assert.Len(t, entries(t, d), 2)
			assert.Equal(t, apilog.Stats{Written: 2, Dropped: 3}, l.Stats())
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

			rec := send(app, request{method: "POST", target: "/api/v1/demo/echo/", contentType: "application/json", body: `{"a":1}`})
			assert.Equal(t, http.StatusCreated, rec.Code)
			assert.Contains(t, rec.Body.String(), `"read":7,`)
			rec = send(app, ping)
			assert.Equal(t, http.StatusOK, rec.Code)

			closeLogger(t, l)
			assert.Equal(t, apilog.Stats{Failed: 2}, l.Stats())
			lines := logs.lines(t)
			require.Len(t, lines, 1)
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
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	apilog.SetBeforeWrite(l, func(int) {
		once.Do(func() {
			close(entered)
			<-release
		})
	})
	app := newApp(d, l)
	require.Equal(t, http.StatusOK, send(app, ping).Code)
	<-entered

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, l.Close(ctx), context.Canceled)
	close(release)
	require.NoError(t, l.Close(context.Background()), "a second Close waits for the writer to stop")
	assert.Equal(t, apilog.Stats{Failed: 1}, l.Stats())
	assert.Empty(t, entries(t, d))

	// After Close, requests are served and not logged.
	require.Equal(t, http.StatusOK, send(app, ping).Code)
	assert.Equal(t, apilog.Stats{Failed: 1}, l.Stats())
}
