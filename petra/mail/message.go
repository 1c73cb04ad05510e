package mail

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Address is a mailbox: an e-mail address and an optional display name.
type Address struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email"`
}

// String formats a as RFC 5322 does ("Ann <ann@example.com>").
func (a Address) String() string {
	return (&mail.Address{Name: a.Name, Address: a.Email}).String()
}

// Attachment is a file carried by a message. With a ContentID it is an
// inline part that the HTML body shows as <img src="cid:ID">; without one
// it is an ordinary attachment.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	ContentID   string `json:"content_id,omitempty"`
	Data        []byte `json:"data"`
}

// Message is one e-mail, fully rendered: plain data that encodes to JSON as
// it is, so a queued job sends exactly what was built. Build one with [New];
// a Message is only read once built, so it is safe for concurrent use.
type Message struct {
	From        *Address     `json:"from,omitempty"` // nil: the mailer's MAIL_FROM_*
	To          []Address    `json:"to,omitempty"`
	Cc          []Address    `json:"cc,omitempty"`
	Bcc         []Address    `json:"bcc,omitempty"`
	ReplyTo     []Address    `json:"reply_to,omitempty"`
	Subject     string       `json:"subject"`
	Text        string       `json:"text,omitempty"`
	HTML        string       `json:"html,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// ErrNoRecipient is returned for a message with no To, Cc or Bcc address.
var ErrNoRecipient = errors.New("mail: the message has no recipient")

// ErrNoBody is returned for a message with neither a text nor an HTML body.
var ErrNoBody = errors.New("mail: the message has no body")

// Validate reports why m cannot be sent: [ErrNoRecipient], [ErrNoBody],
// an address that does not parse, or an attachment without a plain file
// name. It guards messages decoded from JSON (a queued job) as well as built ones.
func (m *Message) Validate() error {
	switch {
	case len(m.To)+len(m.Cc)+len(m.Bcc) == 0:
		return ErrNoRecipient
	case m.Text == "" && m.HTML == "":
		return ErrNoBody
	}
	lists := [][]Address{m.To, m.Cc, m.Bcc, m.ReplyTo}
	if m.From != nil {
		lists = append(lists, []Address{*m.From})
	}
	for _, list := range lists {
		for _, a := range list {
			if p, err := mail.ParseAddress(a.Email); err != nil || p.Address != a.Email {
				return fmt.Errorf("mail: %q is not an e-mail address", a.Email)
			}
		}
	}
	for _, a := range m.Attachments {
		if err := checkFilename(a.Filename); err != nil {
			return err
		}
	}
	return nil
}

// checkFilename refuses an attachment name that is empty or could break
// out of its header or name a path.
func checkFilename(name string) error {
	if name == "" || strings.ContainsAny(name, "\"\r\n\x00/\\") {
		return fmt.Errorf("mail: attachment %q: a file name must be a plain base name", name)
	}
	return nil
}
