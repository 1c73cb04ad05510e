package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Mailer sends messages. Implementations are safe for concurrent use.
type Mailer interface {
	// Send delivers msg, or refuses it with an error (a message that
	// [Message.Validate] rejects, an SMTP failure); ctx bounds the attempt.
	Send(ctx context.Context, msg *Message) error
}

// Open returns the mailer cfg.Mailer names: an [*SMTP] for "smtp", a [*Log]
// writing to os.Stderr for "log".
func Open(cfg Config) (Mailer, error) {
	switch cfg.Mailer {
	case MailerSMTP:
		return NewSMTP(cfg)
	case MailerLog, "":
		return &Log{From: Address{Name: cfg.FromName, Email: cfg.FromAddress}, W: os.Stderr}, nil
	}
	return nil, fmt.Errorf("mail: %q is not a mailer (use smtp or log)", cfg.Mailer)
}

// SMTP delivers messages to an SMTP server with github.com/wneessen/go-mail,
// one connection per Send. It is safe for concurrent use.
type SMTP struct {
	from    Address
	host    string
	options []gomail.Option
}

// SMTPOption changes how an [SMTP] mailer connects.
type SMTPOption func(*SMTP)

// WithTLSConfig sets the TLS configuration for "starttls" and "tls", for
// example to trust a private CA. The default verifies the server against
// the system roots under MAIL_HOST's name.
func WithTLSConfig(c *tls.Config) SMTPOption {
	return func(s *SMTP) { s.options = append(s.options, gomail.WithTLSConfig(c)) }
}

// WithTimeout bounds each dial and each SMTP command (default 15s).
func WithTimeout(d time.Duration) SMTPOption {
	return func(s *SMTP) { s.options = append(s.options, gomail.WithTimeout(d)) }
}

// NewSMTP returns a mailer for the server cfg names. With a username it
// authenticates with the strongest mechanism the server offers, and never
// sends a password in the clear: over MAIL_ENCRYPTION=none, a server that
// offers only PLAIN or LOGIN is refused.
func NewSMTP(cfg Config, opts ...SMTPOption) (*SMTP, error) {
	s := &SMTP{
		from: Address{Name: cfg.FromName, Email: cfg.FromAddress},
		host: cfg.Host,
		options: []gomail.Option{
			gomail.WithPort(cfg.Port), gomail.WithTimeout(15 * time.Second),
		},
	}
	switch cfg.Encryption {
	case EncryptionNone:
		s.options = append(s.options, gomail.WithTLSPolicy(gomail.NoTLS))
	case EncryptionStartTLS, "":
		s.options = append(s.options, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case EncryptionTLS:
		s.options = append(s.options, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("mail: %q is not an encryption (use none, starttls or tls)", cfg.Encryption)
	}
	if cfg.Username != "" {
		s.options = append(s.options, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(string(cfg.Password)))
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Send delivers msg over one SMTP session.
func (s *SMTP) Send(ctx context.Context, msg *Message) error {
	m, err := msg.mime(s.from)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.host, s.options...)
	if err != nil {
		return fmt.Errorf("mail: smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	return nil
}

// Log is the development mailer (MAIL_MAILER=log): it writes each message,
// as the MIME text an SMTP server would receive, to W instead of sending it.
// It is safe for concurrent use; messages never interleave.
type Log struct {
	From Address   // the sender of messages that name none
	W    io.Writer // where messages go; nil means os.Stderr

	mu sync.Mutex
}

// Send writes msg to l.W between two marker lines.
func (l *Log) Send(_ context.Context, msg *Message) error {
	m, err := msg.mime(l.From)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "----- mail (MAIL_MAILER=log: printed, not sent) to %s -----\r\n", rcptList(msg))
	if _, err := m.WriteTo(&buf); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	buf.WriteString("\r\n----- end of mail -----\r\n")
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.W
	if w == nil {
		w = os.Stderr
	}
	_, err = w.Write(buf.Bytes())
	return err
}
