package project

import (
	"context"
	"log/slog"

	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/mail"
	"github.com/go-petra/petra/petra/mail/mailjob"
)

// openMailer returns the mailer of the MAIL_* settings: the log mailer,
// which prints messages, unless MAIL_MAILER=smtp.
func openMailer(s *config.Settings) (mail.Mailer, error) {
	cfg, err := mail.LoadConfig(s.Lookup)
	if err != nil {
		return nil, err
	}
	return mail.Open(cfg)
}

// openJobs makes the jobs client when JOBS_ENABLED, over the app's
// database d or the one of JOBS_DATABASE_URL (which it opens, and returns
// to be closed), after bringing River's tables up to date. Its workers are
// the mail worker, sending with deps.Mailer, and those p.Workers adds; its
// schedules are p.Schedules. The client is made before the modules, which
// enqueue through it, and the workers are added once deps hold it.
func (p *Project) openJobs(ctx context.Context, s *config.Settings, d *db.DB, logger *slog.Logger) (*jobs.Client, *jobs.Workers, *db.DB, error) {
	if !s.Jobs.Enabled {
		return nil, nil, nil, nil
	}
	if !s.Jobs.Separate() && d.Dialect() == db.MySQL {
		logger.Warn("petra: background jobs are off: River runs on PostgreSQL or SQLite; set JOBS_DATABASE_URL to one of them")
		return nil, nil, nil, nil
	}
	var own *db.DB
	if s.Jobs.Separate() {
		var err error
		if own, err = OpenDB(ctx, s.Jobs.Database); err != nil {
			return nil, nil, nil, err
		}
		d = own
	}
	fail := func(err error) (*jobs.Client, *jobs.Workers, *db.DB, error) {
		if own != nil {
			_ = own.Close()
		}
		return nil, nil, nil, err
	}
	if err := jobs.Migrate(ctx, d); err != nil {
		return fail(err)
	}
	workers := jobs.NewWorkers()
	client, err := jobs.New(d, jobs.Config{
		Workers:         workers,
		Schedules:       p.Schedules,
		ShutdownTimeout: s.ShutdownTimeout,
		Logger:          logger,
	})
	if err != nil {
		return fail(err)
	}
	return client, workers, own, nil
}

// registerWorkers adds the runtime's and the app's workers to workers,
// once rt.Deps hold the jobs client and the mailer.
func (p *Project) registerWorkers(rt *Runtime, workers *jobs.Workers) {
	mailjob.Register(workers, rt.Mailer)
	if p.Workers != nil {
		p.Workers(rt.Deps, workers)
	}
}

// StartJobs starts working jobs and schedules in the background, when
// JOBS_ENABLED; [Runtime.Close] drains them. serve calls it before it
// listens.
func (rt *Runtime) StartJobs(ctx context.Context) error {
	if rt.Jobs == nil {
		return nil
	}
	if err := rt.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	rt.jobsStarted = true
	return rt.jobsUI.start()
}

// stopJobs drains the started jobs: running ones get SHUTDOWN_TIMEOUT to
// finish, then are cancelled and retried later, never lost.
func (rt *Runtime) stopJobs() error {
	if !rt.jobsStarted {
		return nil
	}
	rt.jobsStarted = false
	rt.jobsUI.stop()
	ctx, cancel := context.WithTimeout(context.Background(), rt.Settings.ShutdownTimeout+5e9)
	defer cancel()
	return rt.Jobs.Stop(ctx)
}
