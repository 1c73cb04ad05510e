package middleware_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestRecover(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    status.Code // 0: the panic goes on
		panic   any         // the value that goes on
		logged  bool
	}{
		{
			name:    "no panic",
			handler: func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "fine") },
			want:    status.HTTP_200_OK,
		},
		{
			name:    "panic with a string",
			handler: func(http.ResponseWriter, *http.Request) { panic("boom") },
			want:    status.HTTP_500_INTERNAL_SERVER_ERROR, logged: true,
		},
		{
			name:    "panic with an error",
			handler: func(http.ResponseWriter, *http.Request) { panic(io.ErrUnexpectedEOF) },
			want:    status.HTTP_500_INTERNAL_SERVER_ERROR, logged: true,
		},
		{
			name:    "abort handler goes on untouched",
			handler: func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) },
			panic:   http.ErrAbortHandler,
		},
		{
			name: "panic after the response started aborts it",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusOK)
				_, _ = io.WriteString(w, `{"partial":`)
				panic("boom")
			},
			panic: http.ErrAbortHandler, logged: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := petratest.NewLogger()
			router := chi.NewRouter() // a handler outside a petra.App
			router.Use(middleware.RequestID, middleware.Recover(logger))
			router.Get("/x", tt.handler)
			c := petratest.New(t, router).WithHeader("X-Request-ID", "req-7")

			if tt.panic != nil {
				assert.PanicsWithValue(t, tt.panic, func() { c.Get("/x") })
			} else {
				res := c.Get("/x")
				if tt.want == status.HTTP_200_OK {
					assert.Equal(t, "fine", res.Body())
				} else {
					res.AssertError(tt.want, "Internal server error")
				}
			}

			lines := logs.Records(t)
			if !tt.logged {
				assert.Empty(t, lines)
				return
			}
			require.Len(t, lines, 1)
			line := lines[0]
			assert.Equal(t, "ERROR", line["level"])
			assert.Equal(t, "/x", line["path"])
			assert.Equal(t, "req-7", line["request_id"])
			assert.NotEmpty(t, line["panic"])
			assert.Contains(t, line["stack"], "recover_test.go", "the stack shows where the panic happened")
		})
	}
}

func TestRecoverNilLogger(t *testing.T) {
	h := middleware.Recover(nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	petratest.New(t, h).Get("/").AssertError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
}

// The panic is logged once, by Recover: the 500 it answers is not logged
// again as a failed request.
func TestRecoverLogsOnce(t *testing.T) {
	defaultLogger, defaultLogs := petratest.NewLogger()
	old := slog.Default()
	slog.SetDefault(defaultLogger)
	t.Cleanup(func() { slog.SetDefault(old) })
	logger, logs := petratest.NewLogger()
	h := middleware.Recover(logger)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	petratest.New(t, h).Get("/").AssertError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
	assert.Len(t, logs.Records(t), 1)
	assert.Empty(t, defaultLogs.String())
}
