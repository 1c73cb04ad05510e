// Package project turns settings into a running petra service: the runtime
// that every app built on petra shares, so that an app declares what it is
// (its modules, their migrations, its own options) and gets the rest.
//
// # Declaring a project
//
// A [Project] is a value, built in the app's main (its composition root):
//
//	p := &project.Project{
//		Name:       "shop",
//		Modules:    modules.All,        // func(project.Deps) []petra.Module
//		Migrations: modules.Migrations(),
//	}
//
// [Project.Open] then does, for any app, what a service needs at start-up:
// it opens the database the settings name, applies pending migrations when
// DB_MIGRATE_ON_START says so (logging each one), connects to Redis when
// REDIS_URL is set, and assembles the app: request IDs, the access log, CORS,
// the request deadline, the rate limit and bearer tokens, in that order, then
// the app's own middleware and the API log (API_LOG_ENABLED); then the
// modules, and the project endpoints under /hello-petra/. [Runtime.Close]
// releases everything after the server has stopped.
//
// # Batteries
//
// The runtime opens the mailer of MAIL_* for every app and, when
// JOBS_ENABLED, a background jobs client (petra/jobs) with the mail worker
// and the app's [Project.Workers] and [Project.Schedules], and the jobs
// outbox (petra/jobs/outbox) over the app's database, through which a module
// enqueues a job in its own transaction whether or not the jobs share that
// database; [Runtime.StartJobs] runs them and the outbox's relay (serve
// does; a worker command runs only the jobs) and Close drains them. With
// [Project.Storage] it opens the STORAGE_* disks. Modules reach all three
// through [Deps].
//
// # One builder
//
// [Project.Build] assembles the app over connections the caller holds, and
// both Open and [Project.Routes] go through it, so the route table a CLI
// prints is the one the server serves. The CLI in petra/cli runs a Project.
package project
