package project

import (
	"context"
	"errors"
	"log/slog"

	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
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
// to be closed). River's tables are brought up to date when
// DB_MIGRATE_ON_START, and otherwise must already be (`migrate up` does it),
// and so is the outbox table in d when the jobs are in a database of their
// own ([openOutbox]). Its workers are the mail worker, sending with
// deps.Mailer, and those p.Workers adds; its schedules are p.Schedules. The client is made before
// the modules, which enqueue through it, and the workers are added once
// deps hold it.
func (p *Project) openJobs(ctx context.Context, s *config.Settings, d *db.DB, logger *slog.Logger) (*jobs.Client, *jobs.Workers, *db.DB, error) {
	jd, own, err := openJobsDB(ctx, s, d, logger)
	if jd == nil || err != nil {
		return nil, nil, nil, err
	}
	fail := func(err error) (*jobs.Client, *jobs.Workers, *db.DB, error) {
		if own != nil {
			_ = own.Close()
		}
		return nil, nil, nil, err
	}
	prepare, prepareOutbox := jobs.CheckMigrated, outbox.CheckMigrated
	if s.Database.MigrateOnStart {
		prepare, prepareOutbox = jobs.Migrate, outbox.Migrate
	}
	if err := prepare(ctx, jd); err != nil {
		return fail(err)
	}
	if s.Jobs.Separate() {
		if err := prepareOutbox(ctx, d); err != nil {
			return fail(err)
		}
	}
	workers := jobs.NewWorkers()
	client, err := jobs.New(jd, jobs.Config{
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

// openJobsDB returns the database jobs run on, nil when JOBS_ENABLED is
// off or River cannot run on the app's MySQL database (which it warns of):
// JOBS_DATABASE_URL's, opened and returned as own to be closed, or d.
func openJobsDB(ctx context.Context, s *config.Settings, d *db.DB, logger *slog.Logger) (jd, own *db.DB, err error) {
	if !s.Jobs.Enabled {
		return nil, nil, nil
	}
	if !s.Jobs.Separate() {
		if d.Dialect() == db.MySQL {
			logger.Warn("petra: background jobs are off: River runs on PostgreSQL or SQLite; set JOBS_DATABASE_URL to one of them")
			return nil, nil, nil
		}
		return d, nil, nil
	}
	own, err = OpenDB(ctx, s.Jobs.Database)
	return own, own, err
}

// MigrateJobs brings River's tables up to date in the database jobs run on
// (d, or JOBS_DATABASE_URL's), and, when that is a database of their own,
// the jobs outbox's table in d, as `migrate up` does after the modules'
// migrations. It reports whether there were tables to migrate: none when
// JOBS_ENABLED is off or jobs cannot run on d.
func MigrateJobs(ctx context.Context, s *config.Settings, d *db.DB, logger *slog.Logger) (bool, error) {
	return onJobsDB(ctx, s, d, logger, jobs.Migrate, outbox.Migrate)
}

// CheckJobs reports, as `check` does, whether River's tables (and the
// outbox's, as MigrateJobs) are up to date, and whether jobs are on at all.
func CheckJobs(ctx context.Context, s *config.Settings, d *db.DB, logger *slog.Logger) (bool, error) {
	return onJobsDB(ctx, s, d, logger, jobs.CheckMigrated, outbox.CheckMigrated)
}

// onJobsDB runs river on the database jobs run on, when they are on, then
// box on d when that is another database.
func onJobsDB(ctx context.Context, s *config.Settings, d *db.DB, logger *slog.Logger, river, box func(context.Context, *db.DB) error) (bool, error) {
	jd, own, err := openJobsDB(ctx, s, d, logger)
	if jd == nil || err != nil {
		return false, err
	}
	if own != nil {
		defer own.Close()
	}
	if err := river(ctx, jd); err != nil {
		return true, err
	}
	if s.Jobs.Separate() {
		return true, box(ctx, d)
	}
	return true, nil
}

// openOutbox returns the outbox of the app's database d in front of
// client: it enqueues in the app's transaction directly when the jobs are
// in d, and relays through its table otherwise.
func openOutbox(s *config.Settings, d *db.DB, client *jobs.Client, logger *slog.Logger) *outbox.Outbox {
	return outbox.New(d, client, outbox.Config{SameDatabase: !s.Jobs.Separate(), Logger: logger})
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
// JOBS_ENABLED, and the outbox's relay when the jobs are in a database of
// their own; [Runtime.Close] drains them. serve calls it before it
// listens.
func (rt *Runtime) StartJobs(ctx context.Context) error {
	if rt.Jobs == nil {
		return nil
	}
	if err := rt.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	rt.Outbox.Start(ctx)
	rt.jobsStarted = true
	return rt.jobsUI.start()
}

// stopJobs stops the outbox's relay, which queues what the last committed
// transactions wrote to the outbox (a row it cannot queue stays for the
// next start), then drains the started jobs: running ones get
// SHUTDOWN_TIMEOUT to finish, then are cancelled and retried later, never
// lost.
func (rt *Runtime) stopJobs() error {
	if !rt.jobsStarted {
		return nil
	}
	rt.jobsStarted = false
	rt.jobsUI.stop()
	ctx, cancel := context.WithTimeout(context.Background(), rt.Settings.ShutdownTimeout+5e9)
	defer cancel()
	return errors.Join(rt.Outbox.Stop(ctx), rt.Jobs.Stop(ctx))
}
