package mailjob_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	netmail "net/mail"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
	"github.com/go-petra/petra/petra/mail"
	"github.com/go-petra/petra/petra/mail/mailjob"
	"github.com/go-petra/petra/petra/mail/mailtest"
)

type retrySoon struct{}

func (retrySoon) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(50 * time.Millisecond) }

// startMailJobs returns a migrated database of driver, an SMTP server and a
// jobs client, not started, whose workers send mail to that server and
// retry a failed delivery after 50 ms.
func startMailJobs(t *testing.T, driver string) (*db.DB, *mailtest.Server, *jobs.Client) {
	t.Helper()
	d := dbtest.Open(t, driver)
	require.NoError(t, jobs.Migrate(context.Background(), d))
	srv, _ := mailtest.Start(t, mailtest.Plain, "", "")
	mailer, err := mail.NewSMTP(mail.Config{Host: "127.0.0.1", Port: srv.Port, Encryption: mail.EncryptionNone,
		FromAddress: "app@example.com", FromName: "App"})
	require.NoError(t, err)
	workers := jobs.NewWorkers()
	mailjob.Register(workers, mailer)
	c, err := jobs.New(d, jobs.Config{Workers: workers, PollInterval: 100 * time.Millisecond,
		RetryPolicy: retrySoon{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	return d, srv, c
}

func TestQueuedMailIsSentOnceAndOnlyWhenCommitted(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			d, srv, c := startMailJobs(t, driver)

			tx, err := d.SQL().BeginTx(ctx, nil)
			require.NoError(t, err)
			require.NoError(t, mailjob.QueueTx(ctx, c, tx, mail.New().To("ghost@example.com").Subject("Never").Text("x")))
			require.NoError(t, tx.Rollback())

			tx, err = d.SQL().BeginTx(ctx, nil)
			require.NoError(t, err)
			require.NoError(t, mailjob.QueueTx(ctx, c, tx, mail.New().To("ann@example.com").Subject("Welcome").Text("hi")))
			require.NoError(t, tx.Commit())
			require.NoError(t, mailjob.Queue(ctx, c, mail.New().To("bob@example.com").Subject("Digest").Text("news")))

			require.ErrorIs(t, mailjob.Queue(ctx, c, mail.New().Subject("nobody")), mail.ErrNoRecipient)

			require.NoError(t, c.Start(ctx))
			require.Eventually(t, func() bool { return len(srv.Messages()) >= 2 }, 30*time.Second, 20*time.Millisecond)
			stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			require.NoError(t, c.Stop(stopCtx))

			msgs := srv.Messages()
			require.Len(t, msgs, 2, "each committed mail is sent once, the rolled-back one never")
			subjects := map[string]string{}
			for _, m := range msgs {
				parsed, err := netmail.ReadMessage(bytes.NewReader(m.Data))
				require.NoError(t, err)
				subjects[m.To[0]] = parsed.Header.Get("Subject")
			}
			assert.Equal(t, map[string]string{"ann@example.com": "Welcome", "bob@example.com": "Digest"}, subjects)
		})
	}
}

// TestOutboxMailIsSentOnceAndOnlyWhenCommitted queues mail through the
// outbox of an app database of every kind, with the jobs in a SQLite
// database of their own: the committed message arrives once, the
// rolled-back one never.
func TestOutboxMailIsSentOnceAndOnlyWhenCommitted(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			_, srv, c := startMailJobs(t, "sqlite")
			app := dbtest.Open(t, driver)
			require.NoError(t, app.Migrate(ctx, outbox.Migrations))
			o := outbox.New(app, c, outbox.Config{PollInterval: 50 * time.Millisecond})

			for _, tt := range []struct {
				to     string
				commit bool
			}{{"ghost@example.com", false}, {"ann@example.com", true}} {
				tx, err := app.Begin(ctx, nil)
				require.NoError(t, err)
				require.NoError(t, mailjob.QueueOutbox(ctx, o, tx, mail.New().To(tt.to).Subject("Welcome").Text("hi")))
				if tt.commit {
					require.NoError(t, tx.Commit())
				} else {
					require.NoError(t, tx.Rollback())
				}
			}
			require.ErrorIs(t, app.InTx(ctx, func(tx *db.Tx) error {
				return mailjob.QueueOutbox(ctx, o, tx, mail.New().Subject("nobody"))
			}), mail.ErrNoRecipient)

			o.Start(ctx)
			require.NoError(t, c.Start(ctx))
			require.Eventually(t, func() bool { return len(srv.Messages()) >= 1 }, 30*time.Second, 20*time.Millisecond)
			stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			require.NoError(t, o.Stop(stopCtx))
			require.NoError(t, c.Stop(stopCtx))

			msgs := srv.Messages()
			require.Len(t, msgs, 1, "the committed mail is sent once, the rolled-back one never")
			assert.Equal(t, []string{"ann@example.com"}, msgs[0].To)
		})
	}
}

func TestWorkerCancelsAnUnsendableMessage(t *testing.T) {
	w := &mailjob.Worker{Mailer: &mail.Log{W: io.Discard}}
	err := w.Work(context.Background(), &jobs.Job[mailjob.Args]{Args: mailjob.Args{Message: mail.Message{Text: "x"}}})
	var cancel *rivertype.JobCancelError
	require.ErrorAs(t, err, &cancel)
	assert.ErrorIs(t, err, mail.ErrNoRecipient)
}

// TestMailFailedMidSendIsSentAgainOnce makes the SMTP server fail two
// deliveries after their data arrived (the server failing in the middle of
// them): the jobs are retried, and every message arrives exactly once,
// neither lost nor doubled.
func TestMailFailedMidSendIsSentAgainOnce(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			d, srv, c := startMailJobs(t, driver)
			srv.FailNext(2)
			for _, to := range []string{"ann@example.com", "bob@example.com"} {
				require.NoError(t, mailjob.Queue(ctx, c, mail.New().To(to).Subject("Welcome").Text("hi")))
			}

			require.NoError(t, c.Start(ctx))
			require.Eventually(t, func() bool { return len(srv.Messages()) >= 2 }, 30*time.Second, 20*time.Millisecond)
			stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			require.NoError(t, c.Stop(stopCtx))

			sent := map[string]int{}
			for _, m := range srv.Messages() {
				sent[m.To[0]]++
			}
			assert.Equal(t, map[string]int{"ann@example.com": 1, "bob@example.com": 1}, sent)
			attempts, err := db.Get[int](ctx, d, "SELECT SUM(attempt) FROM river_job WHERE kind = 'petra_mail'")
			require.NoError(t, err)
			assert.Equal(t, 4, attempts, "two deliveries failed and were tried again, two were sent")
		})
	}
}
