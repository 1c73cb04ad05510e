package petra

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
)

// bodyApp serves POST /api/v1/b/echo, which reads the whole body and answers
// its length, and GET /api/v1/b/ping.
func bodyApp(t *testing.T, opts ...Option) (*App, *petratest.LogBuffer) {
	t.Helper()
	logger, logs := petratest.NewLogger()
	app := New(append([]Option{WithLogger(logger)}, opts...)...)
	app.Mount(Module{Name: "b", Routes: []Route{
		Post("echo", func(r *Request) Result {
			body, err := r.RawBody()
			if err != nil {
				return Fail(err)
			}
			return Response(map[string]int{"length": len(body)})
		}),
		Get("ping", reply("pong")),
	}})
	return app, logs
}

// rawExchange sends raw on a new connection to srv, half-closes it when
// closeWrite is set, and reads one response.
func rawExchange(t *testing.T, addr, raw string, closeWrite bool) (*http.Response, string, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	require.NoError(t, conn.SetDeadline(time.Now().Add(30*time.Second)))
	_, err = io.WriteString(conn, raw)
	require.NoError(t, err)
	if closeWrite {
		require.NoError(t, conn.(*net.TCPConn).CloseWrite())
	}
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(body), br
}

const postEcho = "POST /api/v1/b/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"

// A body whose framing is broken is the client's mistake: 400 in the
// envelope, with the connection closed after it, and nothing logged as a
// server error.
func TestBrokenBodies(t *testing.T) {
	tests := []struct {
		name, raw  string
		closeWrite bool
	}{
		{"malformed chunk size", postEcho + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", false},
		{"bare LF in chunked framing", postEcho + "Transfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n", false},
		{"chunk length overflow", postEcho + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nabc\r\n0\r\n\r\n", false},
		{"truncated body", postEcho + "Content-Length: 100\r\n\r\n{\"a\":", true},
		{"truncated chunked body", postEcho + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"a\":", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, logs := bodyApp(t)
			srv := httptest.NewServer(app)
			defer srv.Close()
			res, body, _ := rawExchange(t, srv.Listener.Addr().String(), tt.raw, tt.closeWrite)
			assert.Equal(t, http.StatusBadRequest, res.StatusCode, body)
			assert.JSONEq(t, `{"success":false,"message":"The request body is malformed or incomplete"}`, body)
			assert.True(t, res.Close, "the connection is closed after the answer")
			assert.NotContains(t, logs.String(), `"level":"ERROR"`)
		})
	}
}

// RFC 9112 §6.3: a request with both Content-Length and Transfer-Encoding is
// answered, then the connection is closed, so that bytes a proxy framed
// differently can never be read as a second request.
func TestContentLengthWithTransferEncodingClosesTheConnection(t *testing.T) {
	app, _ := bodyApp(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	smuggled := "GET /api/v1/b/ping HTTP/1.1\r\nHost: x\r\n\r\n"
	raw := postEcho + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + smuggled
	res, body, br := rawExchange(t, srv.Listener.Addr().String(), raw, false)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.JSONEq(t, `{"length":2}`, body)
	assert.True(t, res.Close, "Connection: close")
	_, err := http.ReadResponse(br, nil)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "the connection closed: the request after it is never answered")
}

// slowClients is how many clients at once hold a body in TestSlowBodies: enough
// to matter, few enough for -race on a busy 2-core machine. The same test was
// run by hand with 3000 (see CHANGELOG).
const slowClients = 300

// Clients that send their body too slowly are cut off at the body timeout
// with a 408 the server logs at WARN, never a 5xx, while many of them at once
// do not keep normal requests from being answered.
func TestSlowBodies(t *testing.T) {
	const timeout = 3 * time.Second
	app, logs := bodyApp(t, WithBodyTimeout(timeout, 500))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- app.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-served)
	})
	addr := l.Addr().String()

	slow := make([]net.Conn, slowClients)
	for i := range slow {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, postEcho+"Content-Length: 1000\r\n\r\n{")
		require.NoError(t, err)
		slow[i] = conn
	}

	// While every slow client holds its connection, normal requests are
	// answered, each before a slow client could be cut off.
	client := &http.Client{Timeout: timeout}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			res, err := client.Get("http://" + addr + "/api/v1/b/ping")
			if assert.NoError(t, err) {
				assert.Equal(t, http.StatusOK, res.StatusCode)
				_ = res.Body.Close()
			}
			res, err = client.Post("http://"+addr+"/api/v1/b/echo", "application/json", strings.NewReader(`{"a":1}`))
			if assert.NoError(t, err) {
				assert.Equal(t, http.StatusOK, res.StatusCode)
				_ = res.Body.Close()
			}
		})
	}
	wg.Wait()

	for _, conn := range slow {
		require.NoError(t, conn.SetDeadline(time.Now().Add(60*time.Second)))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusRequestTimeout, res.StatusCode, string(body))
		require.JSONEq(t, `{"success":false,"message":"The request body was not sent in time"}`, string(body))
		require.True(t, res.Close, "Connection: close")
	}
	records := logs.Records(t)
	warned := 0
	for _, rec := range records {
		assert.Equal(t, "WARN", rec["level"], "%v", rec)
		if rec["msg"] == "petra: request body too slow" {
			warned++
		}
	}
	assert.Equal(t, slowClients, warned)
}

// The pace guard lets a body that keeps ahead of the minimum rate take
// longer than the first deadline.
func TestBodyAtTheMinimumRateIsRead(t *testing.T) {
	const timeout = 300 * time.Millisecond
	app, _ := bodyApp(t, WithBodyTimeout(timeout, 1000))
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	chunk := strings.Repeat(" ", 2000) // two more seconds each
	_, err = io.WriteString(conn, postEcho+"Content-Length: 6002\r\n\r\n{"+chunk)
	require.NoError(t, err)
	for range 2 {
		time.Sleep(2 * timeout) // past the first deadline, within the paced one
		_, err = io.WriteString(conn, chunk)
		require.NoError(t, err)
	}
	_, err = io.WriteString(conn, "}")
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

// Over a real connection, a view that started its answer and then panicked
// leaves the client with a broken response, never a complete-looking one
// with the error envelope glued to it.
func TestPanicAfterStartAbortsTheConnection(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "b", Routes: []Route{Get("partial", func(r *Request) Result {
		w := r.ResponseWriter()
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, `{"partial":`)
		w.(http.Flusher).Flush()
		panic("boom")
	})}})
	srv := httptest.NewServer(app)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/v1/b/partial")
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "the connection was aborted")
	assert.Equal(t, `{"partial":`, string(body))
}

// deadlineWriter is a writer whose connection takes read deadlines.
type deadlineWriter struct {
	http.ResponseWriter
	deadline time.Time
}

func (w *deadlineWriter) SetReadDeadline(t time.Time) error {
	w.deadline = t
	return nil
}

// unwrapWriter is a middleware's writer that unwraps, as
// http.ResponseController expects.
type unwrapWriter struct{ http.ResponseWriter }

func (w unwrapWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// connOf finds the read deadline through the writers middleware wrap, and a
// writer without one costs no allocation (http.ResponseController's answer
// would be an error built with fmt.Errorf on every request).
func TestConnOf(t *testing.T) {
	conn := &deadlineWriter{ResponseWriter: httptest.NewRecorder()}
	tests := []struct {
		name string
		w    http.ResponseWriter
		want readDeadliner
	}{
		{"the connection's writer", conn, conn},
		{"through middleware", unwrapWriter{unwrapWriter{conn}}, conn},
		{"a recorder", httptest.NewRecorder(), nil},
		{"a recorder through middleware", unwrapWriter{httptest.NewRecorder()}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, connOf(tt.w))
		})
	}
	if !raceEnabled {
		var w http.ResponseWriter = unwrapWriter{httptest.NewRecorder()}
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = connOf(w) }))
	}
}
