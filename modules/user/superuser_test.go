package user_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/status"
)

// TestAccountsMadeOutsideTheFormsAreStoredInNFC checks that a name given
// decomposed to createsuperuser or straight to the store, past the forms that
// normalise it, is stored precomposed too, so that the users list's search
// finds it however the term is spelt.
func TestAccountsMadeOutsideTheFormsAreStoredInNFC(t *testing.T) {
	const nfc, decomposed = "Jos\u00e9 N\u00fa\u00f1ez", "Jose\u0301 Nu\u0301n\u0303ez"
	hasher := auth.Hasher{Cost: bcrypt.MinCost}
	hash, err := hasher.Hash(password)
	require.NoError(t, err)
	tests := []struct {
		name   string
		create func(store *user.Store, email string) (user.User, error)
	}{
		{"CreateSuperuser", func(store *user.Store, email string) (user.User, error) {
			return user.CreateSuperuser(context.Background(), store, hasher, " "+decomposed+" ", email, password)
		}},
		{"CreateStaff", func(store *user.Store, email string) (user.User, error) {
			return store.CreateStaff(context.Background(), decomposed, email, hash)
		}},
		{"Create", func(store *user.Store, email string) (user.User, error) {
			return store.Create(context.Background(), decomposed, email, hash)
		}},
		{"UpdateProfile", func(store *user.Store, email string) (user.User, error) {
			u, err := store.Create(context.Background(), "Jos", email, hash)
			if err != nil {
				return u, err
			}
			return store.UpdateProfile(context.Background(), u.UUID, decomposed, email)
		}},
	}
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					c, store := newInstance(t, dbtest.Open(t, driver), true)
					u, err := tt.create(store, "Jose\u0301@Example.com")
					require.NoError(t, err)
					assert.Equal(t, nfc, u.Name)
					assert.Equal(t, "jos\u00e9@example.com", u.Email)

					token, _ := login(c, "jos\u00e9@example.com")
					authed := c.WithToken(token)
					for _, term := range []string{"jos\u00e9 n", "jose\u0301 n", "NU\u0301N\u0303EZ"} {
						body := object(authed.WithTest(t).Get("/api/v1/user/users/?" + url.Values{"search": {term}}.Encode()).
							AssertStatus(status.HTTP_200_OK))
						require.Len(t, body["data"], 1, "search=%q", term)
						assert.Equal(t, nfc, body["data"].([]any)[0].(map[string]any)["name"])
					}
				})
			}
		})
	}
}

// TestStoreRefusesTooLongNames checks that a name or an email longer than the
// users table takes once normalised is refused with the store's own error on
// every database, never a database's error, by createsuperuser as by a module
// calling the store. U+0958 is excluded from composition: NFC spells it with
// two code points, so 60 of them are 120 once normalised.
func TestStoreRefusesTooLongNames(t *testing.T) {
	hasher := auth.Hasher{Cost: bcrypt.MinCost}
	hash, err := hasher.Hash(password)
	require.NoError(t, err)
	long := strings.Repeat("\u0958", 60)
	ctx := context.Background()
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			_, store := newInstance(t, dbtest.Open(t, driver), true)
			tests := []struct {
				name string
				call func() (user.User, error)
				want error
			}{
				{"CreateSuperuser, name", func() (user.User, error) {
					return user.CreateSuperuser(ctx, store, hasher, long, "root@x.io", password)
				}, user.ErrNameTooLong},
				{"CreateStaff, name", func() (user.User, error) { return store.CreateStaff(ctx, long, "root@x.io", hash) }, user.ErrNameTooLong},
				{"Create, name", func() (user.User, error) { return store.Create(ctx, long, "ann@x.io", hash) }, user.ErrNameTooLong},
				{"Create, email", func() (user.User, error) { return store.Create(ctx, "Ann", long+"@x.io", hash) }, user.ErrEmailTooLong},
				{"UpdateProfile, name", func() (user.User, error) {
					u, err := store.Create(ctx, "Bob", "bob@x.io", hash)
					require.NoError(t, err)
					return store.UpdateProfile(ctx, u.UUID, long, "bob@x.io")
				}, user.ErrNameTooLong},
				{"UpdateProfile, email", func() (user.User, error) {
					u, err := store.Create(ctx, "Cy", "cy@x.io", hash)
					require.NoError(t, err)
					return store.UpdateProfile(ctx, u.UUID, "Cy", long+"@x.io")
				}, user.ErrEmailTooLong},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					_, err := tt.call()
					require.ErrorIs(t, err, tt.want)
					assert.Contains(t, err.Error(), "must not be greater than 100 characters")
				})
			}
		})
	}
}
