package middleware_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

const tookTooLong = "The request took too long to complete, try again later"

func TestTimeoutFastHandlerUnaffected(t *testing.T) {
	h := middleware.Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline, ok := r.Context().Deadline()
		assert.True(t, ok, "the context has a deadline")
		assert.WithinDuration(t, time.Now().Add(time.Minute), deadline, 30*time.Second)
		w.Header().Set("X-Custom", "yes")
		w.Header().Add("Set-Cookie", "a=1")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "made ")
		_, _ = io.WriteString(w, "it")
	}))
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-ID", "from-upstream")
		h.ServeHTTP(w, r)
	})
	res := petratest.New(t, outer).Get("/").AssertStatus(status.HTTP_201_CREATED)
	assert.Equal(t, "made it", res.Body())
	assert.Equal(t, "yes", res.Header().Get("X-Custom"))
	assert.Equal(t, "a=1", res.Header().Get("Set-Cookie"))
	assert.Equal(t, "from-upstream", res.Header().Get("X-Request-ID"))
}

func TestTimeoutInApp(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		view    func(r *petra.Request) petra.Result
		want    status.Code
		body    string
	}{
		{
			name: "fast view", timeout: time.Minute,
			view: func(*petra.Request) petra.Result { return petra.Response(map[string]string{"ping": "pong"}) },
			want: status.HTTP_200_OK, body: `{"ping":"pong"}`,
		},
		{
			name: "slow view", timeout: time.Millisecond,
			view: func(r *petra.Request) petra.Result {
				<-r.Context().Done() // the deadline, whenever it comes
				return petra.Response(map[string]string{"late": "answer"})
			},
			want: status.HTTP_503_SERVICE_UNAVAILABLE,
		},
		{
			name: "slow view failing on the context", timeout: time.Millisecond,
			view: func(r *petra.Request) petra.Result {
				<-r.Context().Done()
				return petra.Fail(r.Context().Err())
			},
			want: status.HTTP_503_SERVICE_UNAVAILABLE,
		},
		{
			name: "view panics in time", timeout: time.Minute,
			view: func(*petra.Request) petra.Result { panic("boom") },
			want: status.HTTP_500_INTERNAL_SERVER_ERROR,
		},
		{
			name: "no timeout", timeout: 0,
			view: func(r *petra.Request) petra.Result {
				_, ok := r.Context().Deadline()
				return petra.Response(map[string]bool{"deadline": ok})
			},
			want: status.HTTP_200_OK, body: `{"deadline":false}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			finished := make(chan struct{})
			app := petra.New(petra.WithLogger(slog.New(slog.DiscardHandler)))
			app.Use(middleware.Timeout(tt.timeout))
			app.Mount(petra.Module{Name: "demo", Routes: []petra.Route{
				petra.Get("x/", func(r *petra.Request) petra.Result {
					defer close(finished)
					return tt.view(r)
				}),
			}})
			res := petratest.New(t, app).Get("/api/v1/demo/x/")
			<-finished // the view may outlive the request; let it finish under -race
			switch tt.want {
			case status.HTTP_503_SERVICE_UNAVAILABLE:
				res.AssertError(tt.want, tookTooLong)
			case status.HTTP_500_INTERNAL_SERVER_ERROR:
				res.AssertError(tt.want, "Internal server error")
			default:
				res.AssertJSON(tt.want, tt.body)
			}
		})
	}
}

// TestTimeoutHandlerKeepsWriting has the handler set headers and write after
// the deadline, concurrently with the 503 being written, until its writes
// fail: -race checks that the two goroutines share nothing unguarded.
func TestTimeoutHandlerKeepsWriting(t *testing.T) {
	for _, name := range []string{"after the deadline", "before and after the deadline"} {
		t.Run(name, func(t *testing.T) {
			finished := make(chan error, 1)
			h := middleware.Timeout(time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if name != "after the deadline" {
					w.Header().Set("X-Partial", "yes")
					_, _ = io.WriteString(w, "partial ")
				}
				<-r.Context().Done()
				for i := 0; ; i++ {
					w.Header().Set("X-Count", strconv.Itoa(i))
					if i == 0 {
						w.WriteHeader(http.StatusOK)
					}
					if _, err := io.WriteString(w, "more "); err != nil {
						finished <- err
						return
					}
				}
			}))
			res := petratest.New(t, h).Get("/").AssertError(status.HTTP_503_SERVICE_UNAVAILABLE, tookTooLong)
			assert.Empty(t, res.Header().Get("X-Partial"), "nothing of the handler's answer leaks")
			assert.Empty(t, res.Header().Get("X-Count"))
			assert.True(t, errors.Is(<-finished, http.ErrHandlerTimeout), "late writes fail with http.ErrHandlerTimeout")
		})
	}
}

func TestTimeoutBareHandlerPanics(t *testing.T) {
	h := middleware.Timeout(time.Minute)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { petratest.New(t, h).Get("/") },
		"a panic in time reaches the recoverer outside, unchanged")
}

func TestTimeoutInvalidStatusPanics(t *testing.T) {
	h := middleware.Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(42) }))
	assert.Panics(t, func() { petratest.New(t, h).Get("/") })
}
