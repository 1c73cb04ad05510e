package user_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/jobs"
)

// TestWelcomeMailGoesWithTheAccount registers accounts whose transaction
// commits or rolls back after the welcome mail was queued in it (a later
// hook refuses, or the e-mail is taken), with jobs in the app's database:
// a mail is queued exactly for each account that exists.
func TestWelcomeMailGoesWithTheAccount(t *testing.T) {
	refused := errors.New("user: crm refused the account")
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.Open(t, driver)
			require.NoError(t, d.Migrate(ctx, user.Migrations))
			require.NoError(t, jobs.Migrate(ctx, d))
			c, err := jobs.New(d, jobs.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			require.NoError(t, err)
			store := user.NewStore(d, user.OnCreate(user.WelcomeMail(c, true)),
				user.OnCreate(func(_ context.Context, _ *db.Tx, u user.User) error {
					if u.Name == "Refused" {
						return refused
					}
					return nil
				}))

			for _, tt := range []struct {
				name, email string
				err         error
			}{
				{"Ann", "ann@x.io", nil},
				{"Refused", "bo@x.io", refused},
				{"Ann again", "ANN@x.io", user.ErrEmailTaken},
				{"Cy", "cy@x.io", nil},
			} {
				_, err := store.Create(ctx, tt.name, tt.email, "hash")
				require.ErrorIs(t, err, tt.err, tt.name)
			}

			to, err := db.Select[string](ctx, d, "SELECT args FROM river_job WHERE kind = 'petra_mail' ORDER BY id")
			require.NoError(t, err)
			require.Len(t, to, 2, "one mail per account that exists")
			assert.Contains(t, to[0], "ann@x.io")
			assert.Contains(t, to[1], "cy@x.io")
		})
	}
}
