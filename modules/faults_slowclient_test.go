package modules_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/project"
)

// TestSlowClient holds connections open by sending request headers one byte
// at a time, slower than the server's ReadHeaderTimeout (slowloris): the
// server cuts each of them off, and meanwhile another client's requests keep
// being answered 200.
func TestSlowClient(t *testing.T) {
	tokens, err := auth.NewTokens(auth.Config{Secret: []byte(faultSecret)})
	require.NoError(t, err)
	app := petra.New(petra.WithLogger(quiet), petra.WithServer(func(srv *http.Server) {
		srv.ReadHeaderTimeout = 200 * time.Millisecond
	}))
	app.Mount(modules.All(project.Deps{DB: migrated(t, "sqlite"), Tokens: tokens})...)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := app.Server(l.Addr().String())
	require.Equal(t, 200*time.Millisecond, srv.ReadHeaderTimeout, "WithServer applies")
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	addr := l.Addr().String()

	// Each slow client would need 20ms × len(head) ≈ 1.5s to send its
	// headers; the server gives it 200ms.
	const slowClients = 10
	head := []byte("GET /hello-petra/status HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n\r\n")
	type outcome struct {
		sent     int    // header bytes written before the connection ended
		answered []byte // whatever the server wrote back
		err      error  // the error that ended the connection
	}
	outcomes := make([]outcome, slowClients)
	var wg sync.WaitGroup
	for i := range slowClients {
		wg.Go(func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				outcomes[i].err = err
				return
			}
			closed := make(chan struct{})
			go func() { // the server's side of the story
				b, _ := io.ReadAll(c)
				outcomes[i].answered = b
				close(closed)
			}()
			// The reader has recorded the answer before this client is done,
			// however the client ends.
			defer func() { _ = c.Close(); <-closed }()
			tick := time.NewTicker(20 * time.Millisecond) // the client's pace, not synchronisation
			defer tick.Stop()
			for _, b := range head {
				select {
				case <-closed:
					outcomes[i].err = io.EOF
					return
				case <-tick.C:
				}
				if _, err := c.Write([]byte{b}); err != nil {
					outcomes[i].err = err
					return
				}
				outcomes[i].sent++
			}
			<-closed // sent everything: wait for whatever the server does
		})
	}

	// Normal requests from another client, while the slow ones hang on.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	client := &http.Client{}
	defer client.CloseIdleConnections()
	normal := 0
	for waiting := true; waiting; {
		select {
		case <-done:
			waiting = false
		default:
		}
		r := do(client, http.MethodGet, "http://"+addr+"/hello-petra/status", "", "", 5*time.Second)
		require.NoError(t, r.err)
		require.Equal(t, http.StatusOK, r.code, r.body)
		normal++
		require.Less(t, normal, 100_000, "the slow clients were never cut off")
	}
	t.Logf("%d normal requests answered 200 while %d slow clients were cut off", normal, slowClients)
	assert.Positive(t, normal)

	for i, o := range outcomes {
		assert.Less(t, o.sent, len(head), "slow client %d was cut off before it finished its headers", i)
		assert.NotContains(t, string(o.answered), "200 OK", "slow client %d got no answer", i)
		assert.True(t, o.err == nil || errors.Is(o.err, io.EOF) || isNetErr(o.err), "slow client %d: %v", i, o.err)
	}
}

func isNetErr(err error) bool {
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &oe)
}
