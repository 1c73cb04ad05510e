package dbtest

import (
	"net"
	"sync"
	"testing"
	"time"
)

// Proxy is a TCP proxy on 127.0.0.1 in front of a database server, for tests
// of what an app does when its database goes away and comes back:
//
//	d, proxy := dbtest.OpenProxied(t, "postgres")
//	proxy.Cut()     // every connection drops, new ones are refused
//	…               // requests now answer 503
//	proxy.Restore() // and serve again
//
// [Proxy.Cut] is a server that is down (connections reset at once),
// [Proxy.Blackhole] a network that stops answering (connections stay open
// and silent, so only deadlines end the calls waiting on them). A Proxy is
// safe for concurrent use; it stops, closing every connection, when its test
// ends.
type Proxy struct {
	target string
	l      net.Listener
	done   chan struct{} // closed when the test ends
	wg     sync.WaitGroup

	mu    sync.Mutex
	state proxyState
	gate  chan struct{} // closed unless blackholed; bytes wait on it
	conns map[net.Conn]struct{}
}

type proxyState int

const (
	forwarding proxyState = iota
	cut
	blackholed
)

// NewProxy starts a proxy to target ("host:port") listening on 127.0.0.1:0;
// [Proxy.Addr] says where. It fails the test if it cannot listen.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("dbtest: proxy: %v", err)
	}
	p := &Proxy{target: target, l: l, done: make(chan struct{}), gate: make(chan struct{}),
		conns: make(map[net.Conn]struct{})}
	close(p.gate)
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.stop)
	return p
}

// Addr returns the proxy's address, 127.0.0.1:port, to put in a DSN.
func (p *Proxy) Addr() string { return p.l.Addr().String() }

// Cut drops every connection and resets new ones as soon as they are
// accepted, as a database server that went down would, until [Proxy.Restore].
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.openGateLocked() // bytes held by a blackhole go nowhere: their connections close
	p.state = cut
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

// Blackhole stops forwarding: connections, open and new, stay up but carry
// nothing either way, as across a network that drops packets, until
// [Proxy.Restore] delivers what they hold.
func (p *Proxy) Blackhole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != blackholed {
		p.gate = make(chan struct{})
	}
	p.state = blackholed
}

// Restore forwards again after [Proxy.Cut] or [Proxy.Blackhole]. Connections
// that were cut stay closed; clients reconnect.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.openGateLocked()
	p.state = forwarding
}

func (p *Proxy) openGateLocked() {
	if p.state == blackholed {
		close(p.gate)
	}
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return // the listener closed at the end of the test
		}
		p.mu.Lock()
		refuse := p.state == cut
		p.mu.Unlock()
		if refuse {
			reset(c)
			continue
		}
		p.wg.Add(1)
		go p.forward(c)
	}
}

// reset closes c with a TCP RST, as a port nothing listens on answers.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
}

func (p *Proxy) forward(client net.Conn) {
	defer p.wg.Done()
	server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		reset(client)
		return
	}
	p.mu.Lock()
	if p.state == cut || isDone(p.done) { // cut or stopped while dialling
		p.mu.Unlock()
		reset(client)
		_ = server.Close()
		return
	}
	p.conns[client], p.conns[server] = struct{}{}, struct{}{}
	p.mu.Unlock()

	var pipes sync.WaitGroup
	pipes.Go(func() { p.pipe(server, client) })
	pipes.Go(func() { p.pipe(client, server) })
	pipes.Wait()
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

// pipe copies src to dst, holding each chunk while the proxy is blackholed,
// and closes both when either side ends.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer func() { _ = dst.Close(); _ = src.Close() }()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			gate := p.gate
			p.mu.Unlock()
			select {
			case <-gate:
			case <-p.done:
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// stop closes the listener and every connection and waits for the proxy's
// goroutines.
func (p *Proxy) stop() {
	_ = p.l.Close()
	p.mu.Lock()
	close(p.done)
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
	p.mu.Unlock()
	p.wg.Wait()
}

func isDone(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
