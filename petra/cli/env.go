package cli

import (
	"context"
	"log/slog"

	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/project"
)

// Env is what the commands of one run share: the project, its settings
// (loaded once, on first use) and its logger. It is not safe for concurrent
// use.
type Env struct {
	// Project is the app the CLI runs.
	Project *project.Project

	streams  Streams
	settings *config.Settings
	logger   *slog.Logger
}

// Settings loads the settings from the environment and .env on first use,
// logs their warnings, and returns them.
func (e *Env) Settings() (*config.Settings, error) {
	if e.settings != nil {
		return e.settings, nil
	}
	s, err := config.Load()
	if err != nil {
		return nil, err
	}
	e.settings, e.logger = s, newLogger(e.streams.Err, s)
	for _, w := range s.Warnings {
		e.logger.Warn(w)
	}
	return s, nil
}

// Logger returns the logger of the commands, on the error stream. Before the
// settings are loaded it is the development logger.
func (e *Env) Logger() *slog.Logger {
	if e.logger == nil {
		return newLogger(e.streams.Err, nil)
	}
	return e.logger
}

// OpenDB opens the configured database, without migrating it. The caller
// closes it.
func (e *Env) OpenDB(ctx context.Context) (*db.DB, error) {
	s, err := e.Settings()
	if err != nil {
		return nil, err
	}
	return project.OpenDB(ctx, s.Database)
}

// Open opens the whole runtime as serve does (database, migrations when
// DB_MIGRATE_ON_START, Redis, the app). The caller closes it.
func (e *Env) Open(ctx context.Context) (*project.Runtime, error) {
	s, err := e.Settings()
	if err != nil {
		return nil, err
	}
	return e.Project.Open(ctx, s, e.Logger())
}
