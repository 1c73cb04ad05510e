package user

import (
	"context"
	"embed"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/mail"
	"github.com/go-petra/petra/petra/mail/mailjob"
)

//go:embed emails
var emailFiles embed.FS

// emails are the module's mail templates: NAME.html and NAME.txt.
var emails = mail.MustParseTemplates(emailFiles, "emails")

// WelcomeMail returns the [CreateHook] that queues a welcome mail to each
// new account through c, sent once by the runtime's mail worker. When
// sameDB (jobs in the app's database) the job is enqueued in the account's
// transaction, so a registration that is rolled back sends nothing; with
// jobs in a database of their own (an app on MySQL) it is enqueued just
// before the account commits.
func WelcomeMail(c *jobs.Client, sameDB bool) CreateHook {
	return func(ctx context.Context, tx *db.Tx, u User) error {
		msg := mail.New().To(u.Email).Subject("Welcome, "+u.Name).Render(emails, "welcome", u)
		if sameDB {
			return mailjob.QueueTx(ctx, c, tx.SQL(), msg)
		}
		return mailjob.Queue(ctx, c, msg)
	}
}
