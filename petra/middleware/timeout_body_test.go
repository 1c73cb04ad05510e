package middleware_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/middleware"
)

// A body sent too slowly behind Timeout is cut off by the app's body pace,
// which reaches the connection through Timeout's writer: 408, the client's
// fault, well before the handler timeout would answer 503.
func TestTimeoutLetsTheBodyPaceThrough(t *testing.T) {
	app := petra.New(petra.WithBodyTimeout(200*time.Millisecond, 500))
	app.Use(middleware.Timeout(time.Minute))
	app.Mount(petra.Module{Name: "b", Routes: []petra.Route{petra.Post("echo", func(r *petra.Request) petra.Result {
		body, err := r.RawBody()
		if err != nil {
			return petra.Fail(err)
		}
		return petra.Response(len(body))
	})}})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(30*time.Second)))
	_, err = io.WriteString(conn, "POST /api/v1/b/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	assert.Equal(t, http.StatusRequestTimeout, res.StatusCode, string(body))
	assert.True(t, res.Close)
}
