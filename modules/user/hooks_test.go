package user_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
)

// An OnCreate hook runs in the account's transaction: what it writes is
// kept with the account, and its error takes the account back.
func TestOnCreateIsTransactional(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.Open(t, driver)
			require.NoError(t, d.Migrate(ctx, user.Migrations))
			_, err := d.Exec(ctx, "CREATE TABLE outbox (email VARCHAR(100) NOT NULL)")
			require.NoError(t, err)
			fail := false
			store := user.NewStore(d, user.OnCreate(func(ctx context.Context, tx *db.Tx, u user.User) error {
				if _, err := tx.Exec(ctx, "INSERT INTO outbox (email) VALUES (?)", u.Email); err != nil {
					return err
				}
				if fail {
					return errors.New("queue refused")
				}
				return nil
			}))

			_, err = store.Create(ctx, "Ann", "ann@x.io", "hash")
			require.NoError(t, err)
			fail = true
			_, err = store.Create(ctx, "Bo", "bo@x.io", "hash")
			require.EqualError(t, err, "queue refused")
			_, err = store.Create(ctx, "Ann", "ANN@x.io", "hash")
			require.ErrorIs(t, err, user.ErrEmailTaken)

			outbox, err := db.Select[string](ctx, d, "SELECT email FROM outbox")
			require.NoError(t, err)
			assert.Equal(t, []string{"ann@x.io"}, outbox, "only the committed account's")
			all, err := user.UserList.Parse(url.Values{})
			require.NoError(t, err)
			users, total, err := store.List(ctx, all, 1, 10)
			require.NoError(t, err)
			assert.Equal(t, 1, total)
			assert.Equal(t, "ann@x.io", users[0].Email)
		})
	}
}
