package project

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/openapi"
)

// RequestTimeout is how long a request may take: its context's deadline, so
// that calls waiting on an unreachable database or Redis end with a 503
// rather than hang. It is below the server's 60s write timeout, so the 503
// reaches the client.
const RequestTimeout = 30 * time.Second

// Build assembles p's app over an open, migrated database d and, when not
// nil, the Redis client rdb (which makes the rate limit shared by every
// instance). It applies the settings: petra's options, then the middleware
// stack in this order: request ID, access log, CORS, the API log (when
// API_LOG_ENABLED), [RequestTimeout], rate limit, bearer tokens (with their
// lifecycle when p.Principals is set), the jobs outbox's wake-up of its
// relay (when the jobs are in a database of their own), p.Middleware; then
// p's modules, the API log endpoint (when API_LOG_ENABLED), p.Endpoints, and
// the OpenAPI document with its docs UI (when PETRA_DOCS). It opens the
// mailer of MAIL_* and, when JOBS_ENABLED, the jobs client (bringing River's
// tables up to date in d or in JOBS_DATABASE_URL's database) with the mail
// worker, p.Workers and p.Schedules, and the jobs outbox of d (Deps.Outbox;
// its table is d's when the jobs are in another database);
// [Runtime.StartJobs] runs them. With p.Storage it opens the STORAGE_* disks
// and serves the local disk's public/ directory at
// [MediaPath]/public/. It fails when the assembled app fails
// [petra.App.Check] (a view reversing no route). Close on the Runtime drains
// the jobs, flushes the API log and leaves d and rdb open.
func (p *Project) Build(s *config.Settings, d *db.DB, rdb redis.UniversalClient, logger *slog.Logger) (*Runtime, error) {
	return p.build(s, d, rdb, logger, "")
}

// build is Build with the local disk under localRoot instead of
// STORAGE_LOCAL_ROOT when localRoot is not empty.
func (p *Project) build(s *config.Settings, d *db.DB, rdb redis.UniversalClient, logger *slog.Logger, localRoot string) (*Runtime, error) {
	tokens, err := newTokens(s.JWT)
	if err != nil {
		return nil, err
	}
	cors := middleware.CORSOptions{
		AllowedOrigins:   s.CORS.AllowedOrigins,
		AllowedMethods:   s.CORS.AllowedMethods,
		AllowedHeaders:   s.CORS.AllowedHeaders,
		AllowCredentials: s.CORS.AllowCredentials,
		MaxAge:           s.CORS.MaxAge,
	}
	if err := cors.Validate(); err != nil {
		return nil, err
	}
	mailer, err := openMailer(s)
	if err != nil {
		return nil, err
	}
	disks, media, err := p.openDisks(s, localRoot)
	if err != nil {
		return nil, err
	}
	jobsClient, workers, jobsDB, err := p.openJobs(context.Background(), s, d, logger)
	if err != nil {
		if disks != nil {
			_ = disks.Local().Close()
		}
		if media != nil {
			_ = media.Close()
		}
		return nil, err
	}
	rt := &Runtime{Deps: Deps{
		Settings: s, Logger: logger, DB: d, Redis: rdb, Tokens: tokens,
		Hasher: auth.Hasher{Cost: s.PasswordHashCost}, Jobs: jobsClient, Mailer: mailer,
		Disks: disks,
	}}
	if jobsClient != nil {
		rt.Outbox = openOutbox(s, d, jobsClient, logger)
	}
	if jobsDB != nil {
		rt.built = append(rt.built, jobsDB.Close)
	}
	if disks != nil {
		rt.built = append(rt.built, disks.Local().Close)
	}
	if media != nil {
		rt.built = append(rt.built, media.Close)
	}
	bearer := tokens.Middleware
	if p.Principals != nil {
		// One read of the token's family and one of its user per request.
		rt.Sessions = auth.NewSessions(tokens, d, p.Principals(rt.Deps))
		bearer = rt.Sessions.Middleware
	}
	rt.App = petra.New(append(appOptions(s, logger), p.Options...)...)
	if s.APILog.Enabled {
		rt.apiLog = newAPILog(s.APILog, d, logger)
	}
	rt.App.Use(
		middleware.RequestID,
		middleware.AccessLog(logger),
		middleware.CORS(cors),
		// The API log wraps the deadline, the rate limit and authentication,
		// so the 503, 429 and 401 they answer are logged too; Identify, after
		// authentication, shows it the user. A nil logger passes through.
		rt.apiLog.Middleware,
		middleware.Timeout(RequestTimeout),
		middleware.RateLimit(middleware.RateLimitOptions{Limit: s.RateLimit.PerMinute, Logger: logger, Redis: rdb}),
		bearer,
		rt.apiLog.Identify,
		// Wakes the outbox's relay after a request whose transaction wrote
		// to it; nil or with jobs in d, it passes through.
		rt.Outbox.Middleware,
	)
	rt.App.Use(p.Middleware...)
	if workers != nil {
		p.registerWorkers(rt, workers)
	}
	if rt.Jobs != nil {
		if rt.jobsUI, err = newJobsUI(rt); err != nil {
			_ = closeAll(rt.built)
			return nil, err
		}
	}
	if p.Modules != nil {
		rt.App.Mount(p.Modules(rt.Deps)...)
	}
	rt.App.Mount(rt.endpoints(p.Endpoints)...)
	if media != nil {
		rt.App.Mount(mediaModule(media))
	}
	if s.Docs {
		rt.App.Mount(openapi.Module(rt.App, p.DocsConfig(s)))
	}
	if err := rt.App.Check(); err != nil {
		_ = rt.Close() // the API log's writer too
		return nil, err
	}
	return rt, nil
}

// appOptions are the petra options the settings give: the logger, body limit,
// base URL, shutdown timeout, and a route table open in development and
// open to staff only in production.
func appOptions(s *config.Settings, logger *slog.Logger) []petra.Option {
	showRoutes := petra.WithShowRoutes(true)
	if s.IsProduction() {
		showRoutes = petra.WithShowRoutes(true, auth.IsStaff)
	}
	return []petra.Option{
		petra.WithLogger(logger),
		petra.WithBodyLimit(s.BodyLimit),
		petra.WithBaseURL(s.BaseURL),
		petra.WithShutdownTimeout(s.ShutdownTimeout),
		showRoutes,
	}
}

// newTokens returns the token issuer and verifier of the JWT settings.
func newTokens(s config.JWT) (*auth.Tokens, error) {
	leeway := s.Leeway
	if leeway == 0 {
		leeway = -1 // the setting says none; auth's zero means its default
	}
	tokens, err := auth.NewTokens(auth.Config{
		Secret:     []byte(s.Secret),
		Issuer:     s.Issuer,
		AccessTTL:  s.AccessTTL,
		RefreshTTL: s.RefreshTTL,
		Leeway:     leeway,
	})
	if err != nil {
		return nil, fmt.Errorf("config: JWT_SECRET: %w", err)
	}
	return tokens, nil
}

// newAPILog returns the API logger the settings describe, which names each
// request's user by its token's subject.
func newAPILog(s config.APILog, d *db.DB, logger *slog.Logger) *apilog.Logger {
	maxBody := s.MaxBody
	if maxBody == 0 {
		maxBody = -1 // the setting's 0 keeps no body; apilog's zero means its default
	}
	return apilog.New(d, apilog.Options{MaxBody: maxBody, Logger: logger, User: func(r *http.Request) string {
		if c := auth.ClaimsFromContext(r.Context()); c != nil {
			return c.Subject
		}
		return ""
	}})
}
