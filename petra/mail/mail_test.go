package mail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"embed"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/mail"
	"github.com/go-petra/petra/petra/mail/mailtest"
)

//go:embed testdata/emails
var emails embed.FS

var tpl = mail.MustParseTemplates(emails, "testdata/emails")

// A 1x1 PNG.
var pngPixel = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func smtpConfig(port int, encryption, user, pass string) mail.Config {
	return mail.Config{
		Mailer: mail.MailerSMTP, Host: "127.0.0.1", Port: port, Encryption: encryption,
		Username: user, Password: config.Secret(pass),
		FromAddress: "noreply@example.com", FromName: "Petra App",
	}
}

func welcome() *mail.Builder {
	return mail.New().
		To("Ann <ann@example.com>", "bob@example.com").
		Cc("carol@example.com").
		Bcc("audit@example.com").
		ReplyTo("support@example.com").
		Subject("Welcome\r\nBcc: evil@example.com").
		Render(tpl, "welcome", map[string]string{"Name": "Ann <b>", "Email": "ann@example.com"}).
		Attach("terms.pdf", "application/pdf", []byte("%PDF-1.4 terms")).
		Attach("notes.txt", "", []byte("plain notes")).
		Inline("logo", "logo.png", "", pngPixel)
}

func TestSMTPDeliversEveryPart(t *testing.T) {
	srv, _ := mailtest.Start(t, mailtest.Plain, "", "")
	m, err := mail.NewSMTP(smtpConfig(srv.Port, mail.EncryptionNone, "", ""))
	require.NoError(t, err)

	require.NoError(t, welcome().Send(context.Background(), m))

	msgs := srv.Messages()
	require.Len(t, msgs, 1)
	got := msgs[0]
	assert.Equal(t, "noreply@example.com", got.From)
	assert.ElementsMatch(t, []string{"ann@example.com", "bob@example.com", "carol@example.com", "audit@example.com"}, got.To)

	p := parseMessage(t, got.Data)
	assert.Equal(t, `"Petra App" <noreply@example.com>`, p.Header.Get("From"))
	assert.Equal(t, `"Ann" <ann@example.com>, <bob@example.com>`, p.Header.Get("To"))
	assert.Equal(t, "<carol@example.com>", p.Header.Get("Cc"))
	assert.Equal(t, "<support@example.com>", p.Header.Get("Reply-To"))
	assert.Empty(t, p.Header.Get("Bcc"), "no header names a blind copy")
	assert.Equal(t, "Welcome Bcc: evil@example.com", p.Header.Get("Subject"), "a line break cannot inject a header")
	assert.NotEmpty(t, p.Header.Get("Message-ID"))
	_, err = p.Header.Date()
	assert.NoError(t, err)

	text := p.part(t, "text/plain", "")
	assert.Equal(t, "Welcome, Ann <b>!\r\n\r\nYour account ann@example.com is ready.\r\n", string(text.Body))
	assert.Contains(t, text.Parents, "multipart/alternative")

	html := string(p.part(t, "text/html", "").Body)
	assert.Contains(t, html, `<h1 class="title" style="color:#1a73e8;font-size:20px">Welcome, Ann &lt;b&gt;!</h1>`)
	assert.Contains(t, html, `<p style="margin:0 0 12px">Your account ann@example.com is ready.</p>`)
	assert.Contains(t, html, `id="cta" style="background-color:#0b8043"`)
	assert.Contains(t, html, `src="cid:logo"`)

	pdf := p.part(t, "application/pdf", "terms.pdf")
	assert.Equal(t, "attachment", pdf.Disposition)
	assert.Equal(t, "%PDF-1.4 terms", string(pdf.Body))
	notes := p.part(t, "text/plain", "notes.txt")
	assert.Equal(t, "plain notes", string(notes.Body), "the type is detected from the bytes")

	logo := p.part(t, "image/png", "logo.png")
	assert.Equal(t, "inline", logo.Disposition)
	assert.Equal(t, "<logo>", logo.ContentID)
	assert.Equal(t, pngPixel, logo.Body)
	assert.Contains(t, logo.Parents, "multipart/related", "inline images travel with the HTML they belong to")
	assert.Equal(t, "multipart/mixed", logo.Parents[0])
}

func TestSMTPEncryption(t *testing.T) {
	for _, tt := range []struct {
		name       string
		mode       mailtest.Mode
		encryption string
	}{
		{"starttls", mailtest.StartTLS, mail.EncryptionStartTLS},
		{"implicit tls", mailtest.ImplicitTLS, mail.EncryptionTLS},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, pool := mailtest.Start(t, tt.mode, "mailer", "s3cret")
			m, err := mail.NewSMTP(smtpConfig(srv.Port, tt.encryption, "mailer", "s3cret"),
				mail.WithTLSConfig(&tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}))
			require.NoError(t, err)
			require.NoError(t, mail.New().To("ann@example.com").Subject("Hi").Text("hello").Send(context.Background(), m))
			msgs := srv.Messages()
			require.Len(t, msgs, 1)
			assert.True(t, msgs[0].TLS)
			assert.Equal(t, "mailer", msgs[0].Auth)
			assert.Equal(t, "hello\r\n", string(parseMessage(t, msgs[0].Data).part(t, "text/plain", "").Body))
		})
	}
}

func TestSMTPRefusals(t *testing.T) {
	plain, _ := mailtest.Start(t, mailtest.Plain, "mailer", "s3cret")
	tlsSrv, pool := mailtest.Start(t, mailtest.StartTLS, "mailer", "s3cret")
	trust := mail.WithTLSConfig(&tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12})
	for _, tt := range []struct {
		name string
		cfg  mail.Config
		opts []mail.SMTPOption
	}{
		{"wrong password", smtpConfig(tlsSrv.Port, mail.EncryptionStartTLS, "mailer", "wrong"), []mail.SMTPOption{trust}},
		{"no password over a plain link", smtpConfig(plain.Port, mail.EncryptionNone, "mailer", "s3cret"), nil},
		{"starttls required but not offered", smtpConfig(plain.Port, mail.EncryptionStartTLS, "mailer", "s3cret"), nil},
		{"untrusted certificate", smtpConfig(tlsSrv.Port, mail.EncryptionStartTLS, "mailer", "s3cret"), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := mail.NewSMTP(tt.cfg, append(tt.opts, mail.WithTimeout(10*time.Second))...)
			require.NoError(t, err)
			err = mail.New().To("ann@example.com").Text("hi").Send(context.Background(), m)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
	assert.Empty(t, plain.Messages())
	assert.Empty(t, tlsSrv.Messages())
}

func TestLogMailerPrintsInsteadOfSending(t *testing.T) {
	cfg, err := mail.LoadConfig(lookup(map[string]string{"MAIL_PASSWORD": "s3cret"}))
	require.NoError(t, err)
	m, err := mail.Open(cfg)
	require.NoError(t, err)
	require.IsType(t, &mail.Log{}, m)
	var out bytes.Buffer
	m.(*mail.Log).W = &out

	require.NoError(t, welcome().Send(context.Background(), m))

	s := out.String()
	assert.Contains(t, s, "MAIL_MAILER=log")
	assert.NotContains(t, s, "s3cret")
	body := s[strings.Index(s, "\r\n")+2 : strings.LastIndex(s, "\r\n-----")]
	p := parseMessage(t, []byte(body))
	assert.Equal(t, `"petra" <hello@example.com>`, p.Header.Get("From"))
	assert.Equal(t, pngPixel, p.part(t, "image/png", "logo.png").Body)
}

func TestMessageSurvivesJSON(t *testing.T) {
	srv, _ := mailtest.Start(t, mailtest.Plain, "", "")
	msg, err := welcome().Build()
	require.NoError(t, err)
	data, err := json.Marshal(msg)
	require.NoError(t, err)
	var back mail.Message
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, *msg, back)

	m, err := mail.NewSMTP(smtpConfig(srv.Port, mail.EncryptionNone, "", ""))
	require.NoError(t, err)
	require.NoError(t, m.Send(context.Background(), &back))
	require.Len(t, srv.Messages(), 1)
}

func TestBuilderRefusesBadInput(t *testing.T) {
	for _, tt := range []struct {
		name string
		b    *mail.Builder
		want string
	}{
		{"bad to", mail.New().To("not an address").Text("x"), `to: "not an address" is not an e-mail address`},
		{"bad from", mail.New().From("@").To("a@example.com").Text("x"), `from: "@"`},
		{"first error wins", mail.New().Cc("bad").Bcc("worse").Text("x"), `cc: "bad"`},
		{"no recipient", mail.New().Text("x"), mail.ErrNoRecipient.Error()},
		{"no body", mail.New().To("a@example.com"), mail.ErrNoBody.Error()},
		{"path as file name", mail.New().To("a@example.com").Text("x").Attach("../etc/passwd", "", nil), "plain base name"},
		{"header in file name", mail.New().To("a@example.com").Text("x").Attach("a\r\nX: y", "", nil), "plain base name"},
		{"bad content id", mail.New().To("a@example.com").Text("x").Inline("a b", "a.png", "", pngPixel), "content ID"},
		{"missing template", mail.New().To("a@example.com").Render(tpl, "nope", nil), "no template nope.html or nope.txt"},
		{"failing template", mail.New().To("a@example.com").Render(tpl, "welcome", 42), "can't evaluate field Name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := tt.b.Build()
			require.Error(t, err)
			assert.Nil(t, msg)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestValidateGuardsDecodedMessages(t *testing.T) {
	for _, tt := range []struct {
		name string
		msg  mail.Message
	}{
		{"header injection in address", mail.Message{To: []mail.Address{{Email: "a@example.com\r\nBcc: x@example.com"}}, Text: "x"}},
		{"bad from", mail.Message{From: &mail.Address{Email: "nope"}, To: []mail.Address{{Email: "a@example.com"}}, Text: "x"}},
		{"bad file name", mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Text: "x",
			Attachments: []mail.Attachment{{Filename: "../x"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, tt.msg.Validate())
			assert.Error(t, (&mail.Log{W: &bytes.Buffer{}}).Send(context.Background(), &tt.msg))
		})
	}
}

func TestHTMLOnlyTemplateGetsATextPart(t *testing.T) {
	msg, err := mail.New().To("a@example.com").Render(tpl, "receipt", "order 42").Build()
	require.NoError(t, err)
	assert.Contains(t, msg.HTML, "<p>Receipt for order 42</p>")
	assert.Equal(t, "Receipt for order 42", strings.TrimSpace(msg.Text))
}

func TestParseTemplatesErrors(t *testing.T) {
	_, err := mail.ParseTemplates(emails, "testdata/nothing")
	assert.ErrorContains(t, err, "holds no *.html or *.txt template")
	assert.Panics(t, func() { mail.MustParseTemplates(emails, "testdata/nothing") })
}

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestLoadConfig(t *testing.T) {
	cfg, err := mail.LoadConfig(lookup(nil))
	require.NoError(t, err)
	assert.Equal(t, mail.Config{Mailer: "log", Host: "127.0.0.1", Port: 587, Encryption: "starttls",
		FromAddress: "hello@example.com", FromName: "petra"}, cfg)

	cfg, err = mail.LoadConfig(lookup(map[string]string{
		"MAIL_MAILER": "SMTP", "MAIL_HOST": "smtp.example.com", "MAIL_ENCRYPTION": "tls",
		"MAIL_USERNAME": "u", "MAIL_PASSWORD": "s3cret", "MAIL_FROM_ADDRESS": "app@example.com", "MAIL_FROM_NAME": "App",
	}))
	require.NoError(t, err)
	assert.Equal(t, mail.Config{Mailer: "smtp", Host: "smtp.example.com", Port: 465, Encryption: "tls",
		Username: "u", Password: "s3cret", FromAddress: "app@example.com", FromName: "App"}, cfg)

	var logged bytes.Buffer
	_, _ = logged.WriteString(fmtLog(cfg))
	assert.NotContains(t, logged.String(), "s3cret")
	assert.Contains(t, logged.String(), "[redacted]")

	_, err = mail.LoadConfig(lookup(map[string]string{
		"MAIL_MAILER": "pigeon", "MAIL_PORT": "99999", "MAIL_ENCRYPTION": "ssl3", "MAIL_FROM_ADDRESS": "nobody",
		"MAIL_PASSWORD": "s3cret",
	}))
	require.Error(t, err)
	for _, key := range []string{"MAIL_MAILER", "MAIL_PORT", "MAIL_ENCRYPTION", "MAIL_FROM_ADDRESS"} {
		assert.Contains(t, err.Error(), "mail: "+key+":")
	}
	assert.NotContains(t, err.Error(), "s3cret")
}
