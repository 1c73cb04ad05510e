package user

import (
	"context"
	"embed"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs/outbox"
	"github.com/go-petra/petra/petra/mail"
	"github.com/go-petra/petra/petra/mail/mailjob"
)

//go:embed emails
var emailFiles embed.FS

// emails are the module's mail templates: NAME.html and NAME.txt.
var emails = mail.MustParseTemplates(emailFiles, "emails")

// WelcomeMail returns the [CreateHook] that queues a welcome mail to each
// new account through o, in the account's transaction, sent once by the
// runtime's mail worker. On every database a registration that is rolled
// back (a later hook refuses it, or its commit fails) sends nothing, and a
// committed one sends exactly one mail: o puts the message in the jobs
// queue itself when the queue is in the app's database, and otherwise in
// its outbox table, from which its relay moves it after the commit.
func WelcomeMail(o *outbox.Outbox) CreateHook {
	return func(ctx context.Context, tx *db.Tx, u User) error {
		msg := mail.New().To(u.Email).Subject("Welcome, "+u.Name).Render(emails, "welcome", u)
		return mailjob.QueueOutbox(ctx, o, tx, msg)
	}
}
