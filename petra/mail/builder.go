package mail

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
)

// Builder builds a [Message] with chained calls, in the manner of
// django-petra's SendMail:
//
//	err := mail.New().To("ann@example.com").Subject("Welcome").
//		Render(tpl, "welcome", data).Send(ctx, mailer)
//
// A method that meets a bad argument (an invalid address, a failing
// template) records the first such error and makes every later call a
// no-op; [Builder.Build] and [Builder.Send] return it. A Builder is not safe
// for concurrent use.
type Builder struct {
	msg Message
	err error
}

// New starts an empty message. Its sender defaults to the mailer's
// MAIL_FROM_ADDRESS and MAIL_FROM_NAME.
func New() *Builder { return &Builder{} }

// Build returns the message, or the first error met while building it, or
// why it cannot be sent ([ErrNoRecipient], [ErrNoBody]).
func (b *Builder) Build() (*Message, error) {
	if b.err != nil {
		return nil, b.err
	}
	msg := b.msg
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	return &msg, nil
}

// Send builds the message and sends it with mailer.
func (b *Builder) Send(ctx context.Context, mailer Mailer) error {
	msg, err := b.Build()
	if err != nil {
		return err
	}
	return mailer.Send(ctx, msg)
}

func (b *Builder) fail(err error) *Builder {
	if b.err == nil {
		b.err = err
	}
	return b
}

// addresses parses each entry as an RFC 5322 address ("ann@example.com" or
// "Ann <ann@example.com>").
func (b *Builder) addresses(field string, list []string) []Address {
	out := make([]Address, 0, len(list))
	for _, s := range list {
		a, err := mail.ParseAddress(s)
		if err != nil {
			b.fail(fmt.Errorf("mail: %s: %q is not an e-mail address", field, s))
			return nil
		}
		out = append(out, Address{Name: a.Name, Email: a.Address})
	}
	return out
}

// From sets the sender, overriding the mailer's default.
func (b *Builder) From(addr string) *Builder {
	if b.err == nil {
		if a := b.addresses("from", []string{addr}); a != nil {
			b.msg.From = &a[0]
		}
	}
	return b
}

// To adds recipients.
func (b *Builder) To(addrs ...string) *Builder {
	if b.err == nil {
		b.msg.To = append(b.msg.To, b.addresses("to", addrs)...)
	}
	return b
}

// Cc adds carbon-copy recipients.
func (b *Builder) Cc(addrs ...string) *Builder {
	if b.err == nil {
		b.msg.Cc = append(b.msg.Cc, b.addresses("cc", addrs)...)
	}
	return b
}

// Bcc adds blind-copy recipients: they receive the message, and no header names them.
func (b *Builder) Bcc(addrs ...string) *Builder {
	if b.err == nil {
		b.msg.Bcc = append(b.msg.Bcc, b.addresses("bcc", addrs)...)
	}
	return b
}

// ReplyTo adds addresses that replies go to.
func (b *Builder) ReplyTo(addrs ...string) *Builder {
	if b.err == nil {
		b.msg.ReplyTo = append(b.msg.ReplyTo, b.addresses("reply-to", addrs)...)
	}
	return b
}

// Subject sets the subject line. Line breaks fold into spaces, so a subject
// can never inject a header.
func (b *Builder) Subject(s string) *Builder {
	b.msg.Subject = strings.Join(strings.Fields(s), " ")
	return b
}

// Text sets the plain-text body.
func (b *Builder) Text(body string) *Builder {
	b.msg.Text = body
	return b
}

// HTML sets the HTML body after inlining the CSS of its <style> elements
// into style attributes, as mail clients need. Without a text body, a plain
// text rendering of the HTML becomes the text part.
func (b *Builder) HTML(body string) *Builder {
	if b.err != nil {
		return b
	}
	html, text, err := inlineCSS(body)
	if err != nil {
		return b.fail(err)
	}
	b.msg.HTML = html
	if b.msg.Text == "" {
		b.msg.Text = text
	}
	return b
}

// Attach adds a file. An empty contentType is detected from the bytes.
func (b *Builder) Attach(filename, contentType string, data []byte) *Builder {
	return b.attach(filename, contentType, "", data)
}

// Inline adds an image (or any file) that the HTML body shows through its
// Content-ID, as <img src="cid:logo"> for contentID "logo".
func (b *Builder) Inline(contentID, filename, contentType string, data []byte) *Builder {
	if contentID == "" || strings.ContainsAny(contentID, "<>\"\r\n \t\x00") {
		return b.fail(fmt.Errorf("mail: inline %q: a content ID must be a non-empty token without spaces or <>", contentID))
	}
	return b.attach(filename, contentType, contentID, data)
}

func (b *Builder) attach(filename, contentType, contentID string, data []byte) *Builder {
	if b.err != nil {
		return b
	}
	if err := checkFilename(filename); err != nil {
		return b.fail(err)
	}
	if contentType == "" {
		contentType = http.DetectContentType(data)
	}
	b.msg.Attachments = append(b.msg.Attachments, Attachment{
		Filename: filename, ContentType: contentType, ContentID: contentID, Data: bytes.Clone(data),
	})
	return b
}
