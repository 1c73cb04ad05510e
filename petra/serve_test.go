package petra

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
)

// closeNotifier tells when the server closes its listener, the first step of a
// graceful shutdown.
type closeNotifier struct {
	net.Listener
	once   sync.Once
	closed chan struct{}
}

func newCloseNotifier(t *testing.T) *closeNotifier {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	return &closeNotifier{Listener: l, closed: make(chan struct{})}
}

func (l *closeNotifier) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// blockingApp serves GET /api/v1/s/slow, which signals started and waits for
// release, then says whether its context was still alive.
func blockingApp(opts ...Option) (app *App, started, release chan struct{}) {
	started, release = make(chan struct{}), make(chan struct{})
	app = newApp(opts...)
	app.Mount(Module{Name: "s", Routes: []Route{Get("slow", func(r *Request) Result {
		close(started)
		<-release
		return Response(map[string]any{"done": true, "ctx_err": errString(r.Context().Err())})
	})}})
	return app, started, release
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

type clientResult struct {
	code int
	body string
	err  error
}

// get requests url on its own connection and sends what it got on the returned channel.
func get(client *http.Client, url string) <-chan clientResult {
	out := make(chan clientResult, 1)
	go func() {
		resp, err := client.Get(url)
		if err != nil {
			out <- clientResult{err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		out <- clientResult{code: resp.StatusCode, body: string(body), err: err}
	}()
	return out
}

func TestServeFinishesInFlightRequests(t *testing.T) {
	logger, logs := petratest.NewLogger()
	app, started, release := blockingApp(WithLogger(logger))
	l := newCloseNotifier(t)
	addr := l.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- app.Serve(ctx, l) }()

	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	res := get(client, "http://"+addr+"/api/v1/s/slow")
	<-started
	cancel()
	<-l.closed // shutting down: no new connections, the request still in flight
	close(release)

	got := <-res
	require.NoError(t, got.err)
	assert.Equal(t, http.StatusOK, got.code)
	assert.JSONEq(t, `{"done":true,"ctx_err":""}`, got.body, "the request's context outlives the serve context")
	require.NoError(t, <-served, "a clean shutdown returns nil")
	assert.Contains(t, logs.String(), "petra: shutting down, waiting for in-flight requests")

	_, err := net.Dial("tcp", addr)
	assert.Error(t, err, "new connections are refused after shutdown")
}

func TestServeGivesUpAfterTheShutdownTimeout(t *testing.T) {
	app, started, release := blockingApp(WithShutdownTimeout(time.Nanosecond))
	l := newCloseNotifier(t)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- app.Serve(ctx, l) }()

	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	res := get(client, "http://"+l.Addr().String()+"/api/v1/s/slow")
	<-started
	cancel()
	assert.ErrorIs(t, <-served, context.DeadlineExceeded, "a request still running when the timeout passes")
	close(release)
	got := <-res
	require.NoError(t, got.err, "the request is not cut off")
	assert.Equal(t, http.StatusOK, got.code)
}

func TestServeReturnsListenerErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.NoError(t, l.Close())
	err = newApp().Serve(context.Background(), l)
	assert.Error(t, err)
	assert.NotErrorIs(t, err, http.ErrServerClosed)
}

func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	logger, logs := petratest.NewLogger()
	assert.NoError(t, New(WithLogger(logger)).Run(ctx, "127.0.0.1:0"), "a done context stops it at once, cleanly")
	assert.Contains(t, logs.String(), "petra: serving")
	assert.Contains(t, logs.String(), `"addr":"http://127.0.0.1:`)

	assert.Error(t, newApp().Run(context.Background(), "127.0.0.1:not-a-port"))
}

func TestServer(t *testing.T) {
	app := newApp()
	srv := app.Server("127.0.0.1:8000")
	assert.Equal(t, "127.0.0.1:8000", srv.Addr)
	assert.Same(t, app, srv.Handler)
	assert.Equal(t, 5*time.Second, srv.ReadHeaderTimeout)
	assert.Equal(t, 30*time.Second, srv.ReadTimeout)
	assert.Equal(t, 60*time.Second, srv.WriteTimeout)
	assert.Equal(t, 120*time.Second, srv.IdleTimeout)
	assert.Equal(t, 64<<10, srv.MaxHeaderBytes)
	assert.NotNil(t, srv.ErrorLog)

	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS13}
	app = newApp(
		WithServer(func(s *http.Server) { s.ReadTimeout = time.Minute }),
		WithServer(func(s *http.Server) {
			s.ReadTimeout *= 2
			s.TLSConfig = tlsConfig
		}),
	)
	srv = app.Server(":0")
	assert.Equal(t, 2*time.Minute, srv.ReadTimeout, "options run in order, after the defaults")
	assert.Same(t, tlsConfig, srv.TLSConfig)
	assert.Equal(t, 5*time.Second, srv.ReadHeaderTimeout, "what the options leave keeps the default")
}

func TestServerErrorLogGoesToTheLogger(t *testing.T) {
	logger, logs := petratest.NewLogger()
	srv := New(WithLogger(logger)).Server(":0")
	srv.ErrorLog.Print("http: TLS handshake error from 1.2.3.4: EOF")
	assert.Contains(t, logs.String(), `"level":"WARN"`)
	assert.Contains(t, logs.String(), "TLS handshake error")
}
