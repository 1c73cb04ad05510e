package project

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
)

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

// Migrators returns the migrator of each of p's migrations over d, in the
// order [Project.AllMigrations] lists them.
func (p *Project) Migrators(d *db.DB) ([]*db.Migrator, error) {
	all := p.AllMigrations()
	migrators := make([]*db.Migrator, len(all))
	for i, m := range all {
		var err error
		if migrators[i], err = db.NewMigrator(d, m); err != nil {
			return nil, err
		}
	}
	return migrators, nil
}

// Migrate applies every pending migration of every module to d, in order, and
// logs a line for each one it applies, then one that says how many ran. It
// stops at the first error.
func (p *Project) Migrate(ctx context.Context, d *db.DB, logger *slog.Logger) error {
	migrators, err := p.Migrators(d)
	if err != nil {
		return err
	}
	applied := 0
	for _, m := range migrators {
		results, err := m.Up(ctx)
		for _, r := range results {
			logger.Info("petra: migration applied", slog.String("module", r.Module),
				slog.String("migration", r.Name), slog.Duration("duration", r.Duration))
		}
		applied += len(results)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if applied == 0 {
		logger.Info("petra: migrations up to date", slog.String("database", string(d.Dialect())))
	} else {
		logger.Info("petra: migrations done", slog.Int("applied", applied), slog.String("database", string(d.Dialect())))
	}
	return nil
}
