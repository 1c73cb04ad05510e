package jobs_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
)

func TestCheckMigrated(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.Open(t, driver)
			assert.ErrorIs(t, jobs.CheckMigrated(ctx, d), jobs.ErrNotMigrated, "no tables yet")
			require.NoError(t, jobs.Migrate(ctx, d))
			assert.NoError(t, jobs.CheckMigrated(ctx, d))
		})
	}
	assert.ErrorIs(t, jobs.CheckMigrated(context.Background(), db.New(nil, db.MySQL)), jobs.ErrUnsupportedDatabase)
}
