// Package mailjob sends mail in the background, through petra/jobs: a
// message is built and rendered now, enqueued as a job (in the caller's
// transaction, if it likes), and sent by a worker with retries, so a slow
// or failing SMTP server never delays a request, and a rolled-back
// transaction sends nothing.
//
//	mailjob.Register(workers, mailer)                 // in the process that runs jobs
//	err := mailjob.QueueTx(ctx, jobsClient, tx, mail.New().To(u.Email).
//		Subject("Welcome").Render(tpl, "welcome", u))  // in the view
//
// [QueueTx] needs the jobs in the app's database. [QueueOutbox] queues
// through petra/jobs/outbox instead, which keeps the message with the
// transaction wherever the jobs are (an app on MySQL, whose queue is in
// PostgreSQL): that is what a module that does not know where the jobs run
// calls.
package mailjob

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
	"github.com/go-petra/petra/petra/mail"
)

// Args carry one rendered message; they are stored as JSON in the job.
type Args struct {
	Message mail.Message `json:"message"`
}

// Kind is the job kind of queued mail.
func (Args) Kind() string { return "petra_mail" }

// Worker sends queued messages with its Mailer. A failed send is retried
// with the jobs client's backoff; a message that can never be sent (it
// fails [mail.Message.Validate]) is cancelled instead.
type Worker struct {
	jobs.WorkerDefaults[Args]
	Mailer mail.Mailer
}

// Work sends the job's message.
func (w *Worker) Work(ctx context.Context, job *jobs.Job[Args]) error {
	if err := job.Args.Message.Validate(); err != nil {
		return river.JobCancel(err)
	}
	return w.Mailer.Send(ctx, &job.Args.Message)
}

// Register adds the mail worker, sending with mailer, to workers.
func Register(workers *jobs.Workers, mailer mail.Mailer) {
	jobs.AddWorker(workers, &Worker{Mailer: mailer})
}

// Queue builds the message and enqueues it; the builder's error, if any,
// is returned and nothing is queued.
func Queue(ctx context.Context, c *jobs.Client, b *mail.Builder) error {
	msg, err := b.Build()
	if err != nil {
		return err
	}
	if _, err := c.Enqueue(ctx, Args{Message: *msg}, nil); err != nil {
		return fmt.Errorf("mailjob: %w", err)
	}
	return nil
}

// QueueTx builds the message and enqueues it inside tx: it is sent once if
// tx commits, and never if it rolls back.
func QueueTx(ctx context.Context, c *jobs.Client, tx *sql.Tx, b *mail.Builder) error {
	msg, err := b.Build()
	if err != nil {
		return err
	}
	if _, err := c.EnqueueTx(ctx, tx, Args{Message: *msg}, nil); err != nil {
		return fmt.Errorf("mailjob: %w", err)
	}
	return nil
}

// QueueOutbox builds the message and queues it through o inside tx, the
// app's transaction, on any database: it is sent once if tx commits, and
// never if it rolls back.
func QueueOutbox(ctx context.Context, o *outbox.Outbox, tx *db.Tx, b *mail.Builder) error {
	msg, err := b.Build()
	if err != nil {
		return err
	}
	if err := o.EnqueueTx(ctx, tx, Args{Message: *msg}, nil); err != nil {
		return fmt.Errorf("mailjob: %w", err)
	}
	return nil
}
