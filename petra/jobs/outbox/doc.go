// Package outbox enqueues background jobs in the transaction of the data they
// belong to, on every database petra runs on: a transactional outbox in front
// of petra/jobs.
//
// # Why
//
// [jobs.Client.EnqueueTx] puts a job in the same transaction as its data, but
// only when River's tables are in the app's database. River runs on
// PostgreSQL and SQLite only, so an app on MySQL/MariaDB (or one that keeps
// its queue apart, JOBS_DATABASE_URL) has its jobs in another database, where
// no insert can be part of the app's transaction: enqueued before the commit,
// a job outlives a transaction that rolls back; enqueued after it, the job is
// lost when the process dies in between.
//
// # How
//
// [Outbox.EnqueueTx] writes the job's kind, arguments and options to the
// petra_jobs_outbox table of the app's own database, inside the caller's
// transaction, so the row exists if and only if the data was committed. A
// relay ([Outbox.Start]) then moves rows to the jobs queue and deletes them:
//
//   - it claims a batch of the rows that are due (see Retries), oldest
//     first, in a transaction of the app's database, locking them with
//     SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL and
//     MySQL/MariaDB (MySQL 8.0, MariaDB 10.6 and later), so relays on
//     several instances take different rows and none waits on another; on
//     SQLite the transaction holds the database's write lock (petra opens
//     SQLite with immediate transactions), so one relay works at a time.
//     An index of the rows not parked, oldest first, serves the claim (on
//     MySQL/MariaDB, which has no partial index, one led by the parked
//     column): parked rows cost it nothing, and it stops after its batch;
//   - it enqueues each row's job with River's unique options keyed by the
//     row: the row's id is added to the job's arguments under [Key], and
//     that field alone makes the job unique ([jobs.UniqueOpts] ByArgs, with a
//     river:"unique" tag). Enqueuing one row twice gives one job;
//   - it deletes the rows whose job it enqueued, records the failed
//     attempts of the others, and commits.
//
// A relay that dies anywhere in between leaves its transaction uncommitted,
// so the rows are still there, unlocked, for the next pass, and a row whose
// job was already enqueued is enqueued again as the duplicate River skips:
// each committed row becomes exactly one job. That holds while the first job
// is still in River's table, which keeps completed jobs for 24 hours by
// default; a relay comes back long before that in any deployment that runs.
//
// The relay passes when woken and by polling ([Config.PollInterval]): after
// an HTTP request whose transaction wrote to the outbox ([Outbox.Middleware]
// wakes it once the handler, and so its transaction, has returned), after
// [Outbox.Wake], and every poll interval, which also picks up rows left by a
// crash, or written by a command outside a request, on the next start.
// [Outbox.Stop] ends the relay, then makes one last pass, so the jobs of
// transactions committed before a shutdown are queued now, not at the next
// start; a row it cannot move stays in the table for the next run, never
// lost.
//
// # Jobs in the app's database
//
// When River's tables are in the app's database ([Config.SameDatabase]),
// EnqueueTx enqueues the job in the caller's transaction directly, with
// [jobs.Client.EnqueueTx]: the job then is part of the transaction, which
// already makes it exactly-once, and relaying it through a table would add a
// write, a delete and a delay for nothing. The caller's code is the same in
// both cases.
//
// # Retries
//
// A row whose job cannot be enqueued (its kind has no worker, River refuses
// its options) stays in the table: the relay records the failed attempt on
// the row (its count, the error, when it is due again) and goes on with the
// rows after it. Rows are claimed only once they are due, so failing rows
// never hold up the others. The wait doubles with each failure, from
// [Config.RetryDelay] (10s) up to [MaxRetryDelay] (an hour). After
// [Config.MaxAttempts] (25) failures, about 16 hours with the defaults, the
// row is parked: kept, never deleted, no longer tried, and logged once at
// error level with its id, kind and error (never its arguments, which may
// hold personal data; each failure before is a warning). [Outbox.Parked]
// lists the parked rows; once the cause is fixed, [Outbox.Retry] or
// [Outbox.RetryAll] makes them due again, with a fresh count of attempts.
//
// An enqueue that fails while the jobs database does not answer (it is
// down, or out of reach) is the queue's failure, not the row's: the relay
// checks, and then ends the pass without counting an attempt against any
// row, so an outage parks nothing, however long it lasts; the next poll
// tries again. A failure while it answers (a lock timeout, a failover
// under way) counts: the long default span of attempts is what keeps such
// a row from being parked too soon.
//
// The running relay logs an outage once, at error level, when it finds it,
// and once at info level when the jobs database answers again; the passes
// in between log nothing. During the outage it passes less often, not
// hammering a database that is down: the wait doubles from
// [Config.PollInterval] up to [MaxOutagePoll] (30s), and wakes do not
// shorten it; once the database answers, the poll is back.
//
// # Limits
//
// A job's arguments must encode to a JSON object without a [Key] field (a
// struct's do), and its options may not carry UniqueOpts, neither given nor
// from the arguments' InsertOpts: the outbox's uniqueness is its own. Use
// [jobs.Client.Enqueue] for a unique job outside a transaction. A parked
// row waits for an operator: nothing queues it again by itself, so watch
// the error log or [Outbox.Parked].
//
//	o := outbox.New(appDB, jobsClient, outbox.Config{SameDatabase: !separate})
//	o.Start(ctx)              // the relay; o.Stop(ctx) drains it
//	err := appDB.InTx(ctx, func(tx *db.Tx) error {
//		// … the INSERT of the account …
//		return o.EnqueueTx(ctx, tx, WelcomeArgs{Email: u.Email}, nil)
//	})
package outbox
