package dbtest_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
)

// echoServer answers each line it reads with the same line, on 127.0.0.1.
func echoServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = io.Copy(c, c)
			}()
		}
	}()
	return l.Addr().String()
}

// echo sends line on c and returns what comes back, or the read error.
func echo(c net.Conn, r *bufio.Reader, line string) (string, error) {
	if _, err := io.WriteString(c, line+"\n"); err != nil {
		return "", err
	}
	got, err := r.ReadString('\n')
	if err != nil {
		return "", err
	}
	return got[:len(got)-1], nil
}

func dial(t *testing.T, p *dbtest.Proxy) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr())
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c, bufio.NewReader(c)
}

func TestProxy(t *testing.T) {
	p := dbtest.NewProxy(t, echoServer(t))
	c, r := dial(t, p)
	got, err := echo(c, r, "hello")
	require.NoError(t, err)
	assert.Equal(t, "hello", got)

	p.Cut()
	_, err = echo(c, r, "after the cut")
	assert.Error(t, err, "an open connection drops")
	c2, err := net.Dial("tcp", p.Addr()) // accepted, then reset: the dial or the echo fails
	if err == nil {
		defer c2.Close()
		_, err = echo(c2, bufio.NewReader(c2), "new")
	}
	assert.Error(t, err, "a new connection is refused")

	p.Restore()
	c3, r3 := dial(t, p)
	got, err = echo(c3, r3, "back")
	require.NoError(t, err)
	assert.Equal(t, "back", got)
}

func TestProxyBlackhole(t *testing.T) {
	p := dbtest.NewProxy(t, echoServer(t))
	c, r := dial(t, p)
	p.Blackhole()
	_, err := io.WriteString(c, "held\n")
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(200*time.Millisecond)))
	_, err = r.ReadString('\n')
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "nothing comes back while blackholed: %v", err)

	require.NoError(t, c.SetReadDeadline(time.Time{}))
	p.Restore()
	got, err := r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "held\n", got, "what was held is delivered")
}

func TestOpenProxied(t *testing.T) {
	for _, drv := range dbtest.Drivers() {
		if drv == "sqlite" {
			continue
		}
		t.Run(drv, func(t *testing.T) {
			d, p := dbtest.OpenProxied(t, drv)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			require.NoError(t, d.Health(ctx))
			p.Cut()
			err := d.Health(ctx)
			require.Error(t, err)
			assert.True(t, db.IsUnavailable(err), "%v", err)
		})
	}
}
