package project

import (
	"log/slog"
	"net/http"

	"github.com/redis/go-redis/v9"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/jobs/outbox"
	"github.com/go-petra/petra/petra/mail"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/storage"
	"github.com/go-petra/petra/status"
)

// Project declares an app: what the runtime needs to know to run it. Its zero
// fields mean "none" (no modules, no migrations, no extra options), so
// Project{} is an app with only the project endpoints. A Project is not
// changed by the runtime and may be shared by goroutines.
type Project struct {
	// Name names the app in the CLI's help and in `version`; "petra" when empty.
	Name string
	// Version is the app's version printed by `version`; when empty it is
	// read from the binary's build information.
	Version string
	// Modules returns the app's modules, given what the runtime opened for
	// them. It is called once per app the runtime builds.
	Modules func(Deps) []petra.Module
	// Migrations are the modules' migrations in the order they run. The API
	// log's table is migrated after them, so that turning the log on later
	// needs no migration.
	Migrations []db.Migrations
	// Options are petra options applied after the runtime's own (logger,
	// body limit, base URL, shutdown timeout, show-routes), so they win.
	Options []petra.Option
	// Middleware runs innermost in the runtime's stack, after bearer tokens,
	// so it sees the authenticated principal.
	Middleware []func(http.Handler) http.Handler
	// Endpoints are the app's own project endpoints, mounted after the
	// modules beside /hello-petra/status.
	Endpoints []Endpoint
	// Principals loads the app's user behind a verified token. When it is set,
	// bearer tokens have their lifecycle kept in the database
	// ([auth.Sessions]: rotation, logout, revocation, checked on every
	// request) and auth's migrations run before the API log's; when it is nil,
	// a token that verifies is enough and no user is loaded.
	Principals func(Deps) auth.PrincipalLoader
	// Docs is what the app's OpenAPI document says beyond its routes (title,
	// version, description). The document, /openapi.yaml and the docs UI at
	// /docs are served when PETRA_DOCS is on (by default in development).
	Docs openapi.Config
	// Workers adds the app's job workers (jobs.AddWorker) when JOBS_ENABLED,
	// given the same Deps as the modules. The runtime adds the mail worker
	// (petra/mail/mailjob) itself.
	Workers func(Deps, *jobs.Workers)
	// Schedules are the app's named periodic jobs (jobs.NewSchedule), run
	// once per tick across every instance when JOBS_ENABLED. Their jobs'
	// workers must be added by Workers.
	Schedules []*jobs.Schedule
	// Storage says the app keeps files: the runtime opens the STORAGE_*
	// disks into Deps.Disks and, unless STORAGE_LOCAL_URL names another
	// server, serves the local disk's public/ directory at /media/public/.
	Storage bool
}

// An Endpoint builds a project endpoint, a module of routes that belong to
// the service rather than to a domain module (status, route table, API log).
// It is called once the app and its modules are assembled, so a view may read
// rt.App.Routes().
type Endpoint func(rt *Runtime) petra.Module

// Deps are what the runtime opens for the modules, built once per app.
type Deps struct {
	// Settings are the loaded settings, including the app's own keys.
	Settings *config.Settings
	// Logger is the app's logger.
	Logger *slog.Logger
	// DB is the app's database, migrated.
	DB *db.DB
	// Redis is the client of REDIS_URL, or nil when it is not set.
	Redis redis.UniversalClient
	// Tokens issues and verifies the JWTs of JWT_*.
	Tokens *auth.Tokens
	// Sessions keeps the tokens' lifecycle when [Project.Principals] is set;
	// nil otherwise.
	Sessions *auth.Sessions
	// Hasher hashes passwords at PASSWORD_HASH_COST.
	Hasher auth.Hasher
	// Jobs enqueues background jobs (jobs.Client.EnqueueTx inside the app's
	// transaction, unless Settings.Jobs.Separate()); nil when jobs are off
	// (JOBS_ENABLED=false, or MySQL without JOBS_DATABASE_URL).
	Jobs *jobs.Client
	// Outbox enqueues a job inside the app's transaction wherever the jobs
	// are (Outbox.EnqueueTx, or mailjob.QueueOutbox for mail): directly
	// when they share the app's database, through the outbox table and its
	// relay otherwise. It is what a module that writes data and queues a job
	// for it uses; nil when jobs are off.
	Outbox *outbox.Outbox
	// Mailer sends mail as MAIL_MAILER says (printed by default); queue
	// mail through Jobs with petra/mail/mailjob rather than send it in a
	// request.
	Mailer mail.Mailer
	// Disks are the STORAGE_* disks when [Project.Storage]; nil otherwise.
	Disks *storage.Disks
}

// AllMigrations returns p.Migrations followed by the runtime's own (auth's
// token lifecycle when p.Principals is set, then the API log's), in the order
// [Project.Migrate] applies them.
func (p *Project) AllMigrations() []db.Migrations {
	all := make([]db.Migrations, 0, len(p.Migrations)+2)
	all = append(all, p.Migrations...)
	if p.Principals != nil {
		all = append(all, auth.Migrations)
	}
	return append(all, apilog.Migrations)
}

// DisplayName returns p.Name, or "petra" when it is empty.
func (p *Project) DisplayName() string {
	if p.Name == "" {
		return "petra"
	}
	return p.Name
}

// DocsConfig returns p.Docs completed from the settings: the title defaults to
// the app's name, the server to BASE_URL, and the answers of the middleware
// [Project.Build] puts before p.Middleware come before p.Docs.Middleware: the
// request ID, the [RequestTimeout]'s 503, the rate limit's 429 and headers
// (when it is on), and the bearer tokens' 401.
func (p *Project) DocsConfig(s *config.Settings) openapi.Config {
	cfg := p.Docs
	if cfg.Title == "" {
		cfg.Title = p.DisplayName()
	}
	if len(cfg.Servers) == 0 && s.BaseURL != "" {
		cfg.Servers = []string{s.BaseURL}
	}
	cfg.Middleware = append([]petra.Answers{
		middleware.RequestIDAnswers(),
		middleware.TimeoutAnswers(RequestTimeout),
		middleware.RateLimitAnswers(middleware.RateLimitOptions{Limit: s.RateLimit.PerMinute}),
		{Errors: []petra.Failed{{Status: status.HTTP_401_UNAUTHORIZED}}}, // a refused token, on any route
	}, cfg.Middleware...)
	return cfg
}
