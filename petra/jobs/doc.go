// Package jobs runs background jobs and schedules on River
// (github.com/riverqueue/river), in the app's own database: SQLite for the
// embedded default, PostgreSQL for production, where any number of
// instances share one queue.
//
// # Jobs
//
// A job is typed: its [Args] are a struct with a Kind, and a [Worker] of
// that type runs it. A worker that returns an error is retried with
// exponential backoff (25 attempts by default); [UniqueOpts] keep a job
// from being enqueued twice. [Client.EnqueueTx] inserts a job in the same
// *sql.Tx as the data it belongs to, so it exists if and only if that data
// was committed.
//
// # Schedules
//
// A [Schedule] names a periodic job and when it runs: [EveryMinute],
// [EveryFiveMinutes], [Hourly], [DailyAt]("03:00"), [WeeklyOn],
// [MonthlyOn], [Every](d) or [Cron]("…"), in UTC unless a cron spec says
// CRON_TZ=. Only the instance elected leader enqueues them, so each tick
// runs once however many instances run.
//
// # Running
//
// [Migrate] creates River's tables. [New] makes a [Client]; with workers,
// [Client.Start] works in the background (for a serve command) and
// [Client.Run] works until its context ends (for a worker command), then
// drains: running jobs get ShutdownTimeout to finish, after which they are
// cancelled and retried, never lost. A job whose process died without a
// shutdown is rescued after RescueAfter.
//
// # Databases
//
// River runs on PostgreSQL and SQLite only. An app on MySQL or MariaDB
// opens a PostgreSQL or SQLite database of its own for jobs (a SQLite file
// serves a single instance); [Client.EnqueueTx] in the app's transaction
// then is not possible, since the job lives in another database: package
// petra/jobs/outbox keeps the job in the app's transaction there too, and
// relays it to the queue after the commit. On PostgreSQL the
// client uses River's database/sql driver over the app's pgx pool, so jobs
// share the app's transactions; it polls for work (Config.PollInterval)
// instead of LISTEN/NOTIFY.
package jobs
