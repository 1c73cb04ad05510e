// Package mailtest runs a real SMTP server on 127.0.0.1 for tests
// (github.com/emersion/go-smtp), keeping every message it receives.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"
)

// Received is one message as the test SMTP server got it.
type Received struct {
	From string
	To   []string
	Data []byte
	Auth string // the user that authenticated, or ""
	TLS  bool   // whether the session was encrypted
}

// Server is a real SMTP server on 127.0.0.1 (github.com/emersion/go-smtp)
// that keeps every message it receives.
type Server struct {
	Port       int
	mu         sync.Mutex
	msgs       []Received
	failures   int // see FailNext
	user, pass string
}

// Mode says how the test server speaks: plain, with STARTTLS, or with
// implicit TLS.
type Mode int

const (
	Plain       Mode = iota // no TLS
	StartTLS                // TLS after STARTTLS
	ImplicitTLS             // TLS from the first byte
)

// Start starts a server in mode; with a user it requires AUTH PLAIN with
// that user and password. It returns the server and the pool that trusts it.
func Start(t *testing.T, mode Mode, user, pass string) (*Server, *x509.CertPool) {
	t.Helper()
	s := &Server{user: user, pass: pass}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{srv: s, tls: isTLS}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.AllowInsecureAuth = mode == Plain
	var pool *x509.CertPool
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	if mode != Plain {
		var cert tls.Certificate
		cert, pool = selfSigned(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		if mode == ImplicitTLS {
			ln = tls.NewListener(ln, srv.TLSConfig)
		}
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s, pool
}

// FailNext makes the server refuse the next n messages once their data has
// arrived, with a temporary error (451), as a server does that fails in the
// middle of a delivery: the sender must send them again.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = n
}

// Messages returns what the server received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

type session struct {
	srv  *Server
	tls  bool
	auth string
	msg  Received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if s.srv.user == "" || user != s.srv.user || pass != s.srv.pass {
			return errors.New("invalid credentials")
		}
		s.auth = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.user != "" && s.auth == "" {
		return smtp.ErrAuthRequired
	}
	s.msg = Received{From: from, Auth: s.auth, TLS: s.tls}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.Data = b
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if s.srv.failures > 0 {
		s.srv.failures--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Delivery failed, try again"}
	}
	s.srv.msgs = append(s.srv.msgs, s.msg)
	return nil
}

func (s *session) Reset()        { s.msg = Received{} }
func (s *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
