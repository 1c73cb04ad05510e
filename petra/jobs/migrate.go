package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river/rivermigrate"

	"github.com/go-petra/petra/petra/db"
)

// Migrate brings River's tables (river_job, river_leader, river_queue...)
// in d up to date with rivermigrate. It is idempotent: run it at start-up
// or from a migrate command, before clients start.
func Migrate(ctx context.Context, d *db.DB) error {
	driver, err := driverFor(d)
	if err != nil {
		return err
	}
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}
