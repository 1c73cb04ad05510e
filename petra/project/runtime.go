package project

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/openapi"
)

// Runtime is an app assembled from its settings, with the connections it
// holds. Close releases them.
type Runtime struct {
	// Deps are what the modules were given.
	Deps
	// App is the assembled app, ready to serve.
	App *petra.App

	apiLog      *apilog.Logger
	owned       []func() error // connections Open made, closed by Close
	built       []func() error // what Build opened itself (a jobs database), closed by Close
	jobsStarted bool
	jobsUI      *jobsUI // River's UI, when jobs are on
}

// Open connects to the configured database (and to Redis, when REDIS_URL is
// set), applies pending migrations when DB_MIGRATE_ON_START says so, and
// builds the app with [Project.Build]. It warns when the JWT secret is random
// for this run ([config.JWT.Warning]). Call Close on the Runtime once the
// server has stopped; on an error Open has already released what it opened.
func (p *Project) Open(ctx context.Context, s *config.Settings, logger *slog.Logger) (*Runtime, error) {
	if w := s.JWT.Warning(); w != "" {
		logger.Warn(w)
	}
	d, err := OpenDB(ctx, s.Database)
	if err != nil {
		return nil, err
	}
	owned := []func() error{d.Close}
	release := func() { _ = closeAll(owned) }
	if s.Database.MigrateOnStart {
		if err := p.Migrate(ctx, d, logger); err != nil {
			release()
			return nil, err
		}
	}
	var rdb *redis.Client
	if s.RateLimit.RedisURL != "" {
		opts, err := redis.ParseURL(string(s.RateLimit.RedisURL))
		if err != nil {
			release()
			return nil, errors.New("config: REDIS_URL: not a redis:// URL")
		}
		rdb = redis.NewClient(opts)
		owned = append([]func() error{rdb.Close}, owned...)
	}
	rt, err := p.Build(s, d, redisOrNil(rdb), logger)
	if err != nil {
		release()
		return nil, err
	}
	rt.owned = owned
	return rt, nil
}

// Close drains the jobs [Runtime.StartJobs] started, writes the API log
// entries still queued (for at most five seconds), then closes the
// connections [Project.Open] made. A Runtime from [Project.Build] keeps the
// caller's connections open.
func (rt *Runtime) Close() error {
	jobsErr := rt.stopJobs()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := rt.apiLog.Close(ctx) // a nil logger has nothing to write
	return errors.Join(jobsErr, err, closeAll(rt.built), closeAll(rt.owned))
}

func closeAll(closers []func() error) error {
	var errs []error
	for _, c := range closers {
		errs = append(errs, c())
	}
	return errors.Join(errs...)
}

// redisOrNil keeps a nil *redis.Client from becoming a non-nil interface.
func redisOrNil(c *redis.Client) redis.UniversalClient {
	if c == nil {
		return nil
	}
	return c
}

// Routes returns the route table of the app p's settings describe: the one
// [Project.Open] serves, built by the same [Project.Build] over an empty
// in-memory database, since routes do not depend on data. It touches neither
// the configured database nor Redis.
func (p *Project) Routes(ctx context.Context, s *config.Settings, logger *slog.Logger) ([]petra.RouteInfo, error) {
	var routes []petra.RouteInfo
	err := p.offline(ctx, s, logger, func(rt *Runtime) { routes = rt.App.Routes() })
	return routes, err
}

// Document returns the OpenAPI document of the app p's settings describe,
// built as [Project.Routes] builds the route table: the document served at
// /openapi.json, whether or not PETRA_DOCS serves it.
func (p *Project) Document(ctx context.Context, s *config.Settings, logger *slog.Logger) (*openapi.Document, error) {
	var doc *openapi.Document
	err := p.offline(ctx, s, logger, func(rt *Runtime) { doc = openapi.Build(rt.App, p.DocsConfig(s)) })
	return doc, err
}

// offline builds p's app over an empty in-memory database, without Redis and
// with its local disk in a temporary directory, and hands it to read.
func (p *Project) offline(ctx context.Context, s *config.Settings, logger *slog.Logger, read func(*Runtime)) error {
	d, err := db.Open(ctx, string(config.SQLite), ":memory:")
	if err != nil {
		return err
	}
	defer d.Close()
	dir, err := os.MkdirTemp("", "petra-offline-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	rt, err := p.build(s, d, nil, logger, dir)
	if err != nil {
		return err
	}
	defer rt.Close()
	read(rt)
	return nil
}
