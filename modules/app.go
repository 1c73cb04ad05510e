package modules

import (
	"context"
	"errors"
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
)

// Runtime is the example app with the connections it holds, as `petra serve`
// runs it. Close releases them.
type Runtime struct {
	App      *petra.App
	DB       *db.DB
	Settings *config.Settings
	redis    *redis.Client
	apiLog   *apilog.Logger
}

// Open connects to the configured database (and Redis, when REDIS_URL is set),
// runs the migrations when DB_MIGRATE_ON_START says so, and builds the app,
// with django-petra's API log when API_LOG_ENABLED is set: every request
// written to the database off the request path, and GET
// /hello-petra/api/show-api-logs for authenticated users.
func Open(ctx context.Context, s *config.Settings, logger *slog.Logger) (*Runtime, error) {
	d, err := OpenDB(ctx, s.Database)
	if err != nil {
		return nil, err
	}
	rt := &Runtime{DB: d, Settings: s}
	if s.Database.MigrateOnStart {
		if err := d.Migrate(ctx, Migrations()...); err != nil {
			_ = rt.Close()
			return nil, fmt.Errorf("migrate: %w", err)
		}
	}
	if s.RateLimit.RedisURL != "" {
		opts, err := redis.ParseURL(string(s.RateLimit.RedisURL))
		if err != nil {
			_ = rt.Close()
			return nil, errors.New("config: REDIS_URL: not a redis:// URL")
		}
		rt.redis = redis.NewClient(opts)
	}
	if s.APILog.Enabled {
		rt.apiLog = newAPILog(s.APILog, d, logger)
	}
	rt.App, err = newApp(s, d, rt.redis, logger, rt.apiLog)
	if err != nil {
		_ = rt.Close()
		return nil, err
	}
	if rt.apiLog != nil {
		rt.App.Mount(apilog.Module(d, auth.IsAuthenticated))
	}
	return rt, nil
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

// Close writes the API log entries still queued (for at most five seconds),
// then closes the database and Redis connections. Call it after the server
// has stopped.
func (rt *Runtime) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	errs := []error{rt.apiLog.Close(ctx)} // a nil logger has nothing to write
	if rt.redis != nil {
		errs = append(errs, rt.redis.Close())
	}
	if rt.DB != nil {
		errs = append(errs, rt.DB.Close())
	}
	return errors.Join(errs...)
}

// OpenDB opens the database the settings name, with their pool settings.
func OpenDB(ctx context.Context, s config.Database) (*db.DB, error) {
	var opts []db.Option
	if s.Connection != config.SQLite { // SQLite's pool is sized for its single writer
		opts = append(opts,
			db.WithMaxOpenConns(s.MaxOpenConns),
			db.WithMaxIdleConns(s.MaxIdleConns),
			db.WithConnMaxLifetime(s.ConnMaxLifetime))
	}
	return db.Open(ctx, string(s.Connection), s.DSN(), opts...)
}

// requestTimeout is how long a request of the example app may take: its
// context's deadline, so that calls waiting on an unreachable database or
// Redis end with a 503 rather than hang. It is below the server's 60s write
// timeout, so the 503 reaches the client.
const requestTimeout = 30 * time.Second

// NewApp builds the example app over an open, migrated database: the
// middleware the settings ask for, then every module. rdb, when not nil, makes
// the rate limit shared by every instance using the same Redis.
func NewApp(s *config.Settings, d *db.DB, rdb *redis.Client, logger *slog.Logger) (*petra.App, error) {
	return newApp(s, d, rdb, logger, nil)
}

// newApp is NewApp with the API log, when logs is not nil. The log wraps
// the timeout, the rate limit and authentication, so the requests they
// answer (503, 429, 401) are logged too; logs.Identify, after
// authentication, shows it the user.
func newApp(s *config.Settings, d *db.DB, rdb *redis.Client, logger *slog.Logger, logs *apilog.Logger) (*petra.App, error) {
	leeway := s.JWT.Leeway
	if leeway == 0 {
		leeway = -1 // the setting says none; auth's zero means its default
	}
	tokens, err := auth.NewTokens(auth.Config{
		Secret:     []byte(s.JWT.Secret),
		Issuer:     s.JWT.Issuer,
		AccessTTL:  s.JWT.AccessTTL,
		RefreshTTL: s.JWT.RefreshTTL,
		Leeway:     leeway,
	})
	if err != nil {
		return nil, fmt.Errorf("config: JWT_SECRET: %w", err)
	}
	showRoutes := petra.WithShowRoutes(true)
	if s.IsProduction() {
		showRoutes = petra.WithShowRoutes(true, auth.IsAuthenticated)
	}
	app := petra.New(
		petra.WithLogger(logger),
		petra.WithBodyLimit(s.BodyLimit),
		petra.WithBaseURL(s.BaseURL),
		petra.WithShutdownTimeout(s.ShutdownTimeout),
		showRoutes,
	)
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
	rateLimit := middleware.RateLimit(middleware.RateLimitOptions{
		Limit:  s.RateLimit.PerMinute,
		Logger: logger,
		Redis:  redisOrNil(rdb),
	})
	app.Use(
		middleware.RequestID,
		middleware.AccessLog(logger),
		middleware.CORS(cors),
		logs.Middleware, // a nil logger passes requests through
		middleware.Timeout(requestTimeout),
		rateLimit,
		tokens.Middleware,
		logs.Identify,
	)
	app.Mount(All(Deps{DB: d, Tokens: tokens, Hasher: auth.Hasher{Cost: s.PasswordHashCost}})...)
	return app, nil
}

// redisOrNil keeps a nil *redis.Client from becoming a non-nil interface.
func redisOrNil(c *redis.Client) redis.UniversalClient {
	if c == nil {
		return nil
	}
	return c
}
