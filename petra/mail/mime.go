package mail

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// mime turns msg into a go-mail message: multipart/alternative for the two
// bodies, multipart/related for inline parts, multipart/mixed for
// attachments. from is the sender when msg names none.
func (msg *Message) mime(from Address) (*gomail.Msg, error) {
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	if msg.From != nil {
		from = *msg.From
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.FromFormat(from.Name, from.Email); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	for _, set := range []struct {
		name  string
		addrs []Address
		add   func(...*mail.Address)
	}{{"to", msg.To, m.ToMailAddress}, {"cc", msg.Cc, m.CcMailAddress},
		{"bcc", msg.Bcc, m.BccMailAddress}, {"reply-to", msg.ReplyTo, m.ReplyToMailAddress}} {
		if len(set.addrs) > 0 {
			list := make([]*mail.Address, len(set.addrs))
			for i, a := range set.addrs {
				list[i] = &mail.Address{Name: a.Name, Address: a.Email}
			}
			set.add(list...)
		}
	}
	m.Subject(msg.Subject)
	m.SetMessageID()
	m.SetDate()
	switch {
	case msg.Text != "" && msg.HTML != "":
		m.SetBodyString(gomail.TypeTextPlain, msg.Text)
		m.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	case msg.HTML != "":
		m.SetBodyString(gomail.TypeTextHTML, msg.HTML)
	default:
		m.SetBodyString(gomail.TypeTextPlain, msg.Text)
	}
	for _, a := range msg.Attachments {
		opts := []gomail.FileOption{gomail.WithFileContentType(gomail.ContentType(a.ContentType))}
		var err error
		if a.ContentID != "" {
			// RFC 2392: the header carries the ID in angle brackets, "cid:" URLs without.
			err = m.EmbedReader(a.Filename, bytes.NewReader(a.Data), append(opts, gomail.WithFileContentID("<"+a.ContentID+">"))...)
		} else {
			err = m.AttachReader(a.Filename, bytes.NewReader(a.Data), opts...)
		}
		if err != nil {
			return nil, fmt.Errorf("mail: attachment %s: %w", a.Filename, err)
		}
	}
	return m, nil
}

// rcptList names every recipient of msg, for the log mailer's marker line.
func rcptList(msg *Message) string {
	var all []string
	for _, list := range [][]Address{msg.To, msg.Cc, msg.Bcc} {
		for _, a := range list {
			all = append(all, a.Email)
		}
	}
	return strings.Join(all, ", ")
}
