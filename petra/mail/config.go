package mail

import (
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strconv"
	"strings"

	"github.com/go-petra/petra/petra/config"
)

// The transports MAIL_MAILER names.
const (
	MailerLog  = "log"  // the development default: print the message, send nothing
	MailerSMTP = "smtp" // deliver through the SMTP server of MAIL_HOST
)

// The encryptions MAIL_ENCRYPTION names.
const (
	EncryptionNone     = "none"     // plain SMTP (a relay on the same host or network)
	EncryptionStartTLS = "starttls" // upgrade with STARTTLS, refusing a server without it (the default)
	EncryptionTLS      = "tls"      // implicit TLS from the first byte (SMTPS, usually port 465)
)

// Config is the mail settings, read by [LoadConfig] from the MAIL_* keys.
// The zero Config is not valid: use LoadConfig, which fills in defaults.
type Config struct {
	// Mailer is MAIL_MAILER: [MailerLog] (default) or [MailerSMTP].
	Mailer string
	// Host is MAIL_HOST, the SMTP server (default "127.0.0.1").
	Host string
	// Port is MAIL_PORT (default 587; 465 when Encryption is "tls").
	Port int
	// Username is MAIL_USERNAME; empty means no SMTP authentication.
	Username string
	// Password is MAIL_PASSWORD. It is a [config.Secret]: it never prints.
	Password config.Secret
	// Encryption is MAIL_ENCRYPTION: none, starttls (default) or tls.
	Encryption string
	// FromAddress is MAIL_FROM_ADDRESS, the sender of messages that name
	// none (default "hello@example.com").
	FromAddress string
	// FromName is MAIL_FROM_NAME, the display name of that sender (default "petra").
	FromName string
}

// LogValue implements [slog.LogValuer]: every setting but the password,
// which logs as "[redacted]" when it is set.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("mailer", c.Mailer), slog.String("host", c.Host), slog.Int("port", c.Port),
		slog.String("username", c.Username), slog.Any("password", c.Password),
		slog.String("encryption", c.Encryption),
		slog.String("from_address", c.FromAddress), slog.String("from_name", c.FromName),
	)
}

// LoadConfig reads the MAIL_* settings through lookup, which has the
// contract of [os.LookupEnv] (pass os.LookupEnv itself, or a function over
// the values petra/config read from .env). An empty value counts as unset.
// Every bad key is reported at once, joined with [errors.Join]; the password
// is never quoted.
func LoadConfig(lookup func(key string) (string, bool)) (Config, error) {
	get := func(key, def string) string {
		if v, ok := lookup(key); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	var errs []error
	fail := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("mail: %s: %s", key, fmt.Sprintf(format, args...)))
	}

	c := Config{
		Mailer:      strings.ToLower(get("MAIL_MAILER", MailerLog)),
		Host:        get("MAIL_HOST", "127.0.0.1"),
		Username:    get("MAIL_USERNAME", ""),
		Encryption:  strings.ToLower(get("MAIL_ENCRYPTION", EncryptionStartTLS)),
		FromAddress: get("MAIL_FROM_ADDRESS", "hello@example.com"),
		FromName:    get("MAIL_FROM_NAME", "petra"),
	}
	if v, ok := lookup("MAIL_PASSWORD"); ok {
		c.Password = config.Secret(v)
	}
	if c.Mailer != MailerLog && c.Mailer != MailerSMTP {
		fail("MAIL_MAILER", "%q is not a mailer (use smtp or log)", c.Mailer)
	}
	switch c.Encryption {
	case EncryptionNone, EncryptionStartTLS, EncryptionTLS:
	default:
		fail("MAIL_ENCRYPTION", "%q is not an encryption (use none, starttls or tls)", c.Encryption)
	}
	defPort := "587"
	if c.Encryption == EncryptionTLS {
		defPort = "465"
	}
	port, err := strconv.Atoi(get("MAIL_PORT", defPort))
	if err != nil || port < 1 || port > 65535 {
		fail("MAIL_PORT", "%q is not a port number (1-65535)", get("MAIL_PORT", defPort))
	}
	c.Port = port
	if _, err := mail.ParseAddress(c.FromAddress); err != nil {
		fail("MAIL_FROM_ADDRESS", "%q is not an e-mail address", c.FromAddress)
	}
	return c, errors.Join(errs...)
}
