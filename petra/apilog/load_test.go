package apilog_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db/dbtest"
)

// TestEveryRequestLogged sends many requests at once over real connections,
// a quarter of them refused by the authentication middleware, through a
// logger whose queue is far smaller than the load: backpressure, not loss,
// keeps up, and after Close there is exactly one row per request.
func TestEveryRequestLogged(t *testing.T) {
	const (
		clients  = 50
		requests = 400
	)
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, logs := newLogger(t, d, apilog.Options{QueueSize: 4, BatchSize: 8})
			srv := httptest.NewServer(newApp(d, l))
			client := srv.Client()
			client.Transport.(*http.Transport).MaxIdleConnsPerHost = clients

			jobs := make(chan int)
			var wg sync.WaitGroup
			for range clients {
				wg.Go(func() {
					for i := range jobs {
						req, err := http.NewRequest("POST", srv.URL+"/api/v1/demo/echo/", strings.NewReader(`{"n":`+itoa(i)+`}`))
						if !assert.NoError(t, err) {
							continue
						}
						req.Header.Set("Content-Type", "application/json")
						if i%4 == 0 {
							req.Header.Set("Authorization", "Basic refused")
						}
						resp, err := client.Do(req)
						if assert.NoError(t, err) {
							_ = resp.Body.Close()
						}
					}
				})
			}
			for i := range requests {
				jobs <- i
			}
			close(jobs)
			wg.Wait()
			srv.Close()

			require.NoError(t, l.Close(context.Background()))
			assert.Equal(t, apilog.Stats{Written: requests}, l.Stats())
			rows := entries(t, d)
			assert.Equal(t, requests, len(rows))
			refused := 0
			for _, e := range rows {
				if e.Status == http.StatusUnauthorized {
					refused++
				}
			}
			assert.Equal(t, requests/4, refused, "requests refused by authentication are logged")
			assert.Empty(t, logs.Records(t), "nothing lost, nothing to warn about")
		})
	}
}
