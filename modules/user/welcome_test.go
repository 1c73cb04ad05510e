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
	"github.com/go-petra/petra/petra/jobs/outbox"
)

// TestWelcomeMailGoesWithTheAccount registers accounts whose transaction
// commits or rolls back after the welcome mail was queued in it (a later
// hook refuses, the e-mail is taken, or the commit fails: a deferred foreign
// key, on SQLite and PostgreSQL), with the jobs in the app's
// database and in a database of their own (as an app on MySQL keeps them),
// on every database: once the outbox has relayed, a mail is queued exactly
// for each account that exists.
func TestWelcomeMailGoesWithTheAccount(t *testing.T) {
	refused := errors.New("user: crm refused the account")
	type setup struct{ driver, jobs string } // jobs: "" for the app's database
	cases := []setup{{"sqlite", ""}, {"postgres", ""}}
	for _, driver := range dbtest.Drivers() {
		cases = append(cases, setup{driver, "sqlite"})
	}
	for _, tc := range cases {
		name := tc.driver + "/jobs in the app's database"
		if tc.jobs != "" {
			name = tc.driver + "/jobs in " + tc.jobs
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.Open(t, tc.driver)
			require.NoError(t, d.Migrate(ctx, user.Migrations, outbox.Migrations))
			jd := d
			if tc.jobs != "" {
				jd = dbtest.Open(t, tc.jobs)
			}
			require.NoError(t, jobs.Migrate(ctx, jd))
			c, err := jobs.New(jd, jobs.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			require.NoError(t, err)
			o := outbox.New(d, c, outbox.Config{SameDatabase: tc.jobs == ""})
			deferred := d.Dialect() != db.MySQL // MySQL checks foreign keys at once
			if deferred {
				_, err := d.Exec(ctx, "CREATE TABLE welcome_parent (id INTEGER PRIMARY KEY)")
				require.NoError(t, err)
				_, err = d.Exec(ctx, "CREATE TABLE welcome_orphan (parent INTEGER REFERENCES welcome_parent (id) DEFERRABLE INITIALLY DEFERRED)")
				require.NoError(t, err)
			}
			store := user.NewStore(d, user.OnCreate(user.WelcomeMail(o)),
				user.OnCreate(func(ctx context.Context, tx *db.Tx, u user.User) error {
					switch u.Name {
					case "Refused":
						return refused
					case "Commit fails": // a row whose parent is missing, found out at the commit
						_, err := tx.Exec(ctx, "INSERT INTO welcome_orphan (parent) VALUES (1)")
						return err
					}
					return nil
				}))

			for _, tt := range []struct {
				name, email string
				err         error
				fails       bool // some error, at the commit
			}{
				{"Ann", "ann@x.io", nil, false},
				{"Refused", "bo@x.io", refused, false},
				{"Ann again", "ANN@x.io", user.ErrEmailTaken, false},
				{"Commit fails", "di@x.io", nil, true},
				{"Cy", "cy@x.io", nil, false},
			} {
				if tt.fails && !deferred {
					continue
				}
				_, err := store.Create(ctx, tt.name, tt.email, "hash")
				if tt.fails {
					require.Error(t, err, tt.name)
					continue
				}
				require.ErrorIs(t, err, tt.err, tt.name)
			}
			_, err = o.Relay(ctx)
			require.NoError(t, err)

			args := "args"
			if jd.Dialect() == db.SQLite {
				args = "json(args)" // River keeps SQLite's binary JSON
			}
			to, err := db.Select[string](ctx, jd, "SELECT "+args+" FROM river_job WHERE kind = 'petra_mail' ORDER BY id")
			require.NoError(t, err)
			require.Len(t, to, 2, "one mail per account that exists")
			assert.Contains(t, to[0], "ann@x.io")
			assert.Contains(t, to[1], "cy@x.io")
		})
	}
}
