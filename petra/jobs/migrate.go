package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/riverqueue/river/rivermigrate"

	"github.com/go-petra/petra/petra/db"
)

// ErrNotMigrated is what [CheckMigrated] returns when River's tables in a
// database are missing or behind this build's River.
var ErrNotMigrated = errors.New("jobs: River's tables are not up to date: run `migrate up` or set DB_MIGRATE_ON_START=true")

// Migrate brings River's tables (river_job, river_leader, river_queue...)
// in d up to date with rivermigrate. It is idempotent: run it at start-up
// or from a migrate command, before clients start.
func Migrate(ctx context.Context, d *db.DB) error {
	m, err := migrator(d)
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// CheckMigrated reports whether River's tables in d are up to date, without
// changing them: [ErrNotMigrated], naming what is pending, when they are not.
// A server that does not migrate at start checks this before it serves.
func CheckMigrated(ctx context.Context, d *db.DB) error {
	m, err := migrator(d)
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("jobs: check migrations: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("%w (%s)", ErrNotMigrated, strings.Join(res.Messages, "; "))
	}
	return nil
}

func migrator(d *db.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	driver, err := driverFor(d)
	if err != nil {
		return nil, err
	}
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return nil, fmt.Errorf("jobs: migrate: %w", err)
	}
	return m, nil
}
