package user_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/db"
)

// TestAvatarDiscards checks, on every database, what the store records of
// replaced and given-up avatars: a replaced avatar is discarded in the write
// that replaces it, a settled URL that is not linked is discarded and then
// refused to a write that comes late, and an account's discards go with it.
func TestAvatarDiscards(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		store := user.NewStore(d)
		u, err := store.Create(ctx, "Ann", "ann@x.io", "hash")
		require.NoError(t, err)
		discards := func() []string {
			urls, err := store.DiscardedAvatars(ctx, u.UUID)
			require.NoError(t, err)
			return urls
		}
		avatar := func() string {
			got, err := store.Get(ctx, u.UUID)
			require.NoError(t, err)
			require.NotNil(t, got.AvatarURL)
			return *got.AvatarURL
		}

		require.NoError(t, store.SetAvatar(ctx, u.UUID, "a1"))
		assert.Empty(t, discards(), "nothing replaced")
		require.NoError(t, store.SetAvatar(ctx, u.UUID, "a2"))
		assert.Equal(t, []string{"a1"}, discards(), "a1 replaced")
		require.NoError(t, store.ForgetAvatar(ctx, "a1"))
		require.NoError(t, store.ForgetAvatar(ctx, "a1"), "forgetting twice is no error")
		assert.Empty(t, discards())

		for _, tt := range []struct {
			name, url string
			linked    bool
			discards  []string
		}{
			{"the linked avatar", "a2", true, nil},
			{"a write that never came", "a3", false, []string{"a3"}},
			{"settled twice", "a3", false, []string{"a3"}},
		} {
			linked, err := store.SettleAvatar(ctx, u.UUID, tt.url)
			require.NoError(t, err, tt.name)
			assert.Equal(t, tt.linked, linked, tt.name)
			assert.ElementsMatch(t, tt.discards, discards(), tt.name)
		}
		assert.Error(t, store.SetAvatar(ctx, u.UUID, "a3"), "a write that comes after it was given up")
		assert.Equal(t, "a2", avatar())

		require.NoError(t, store.SetAvatar(ctx, u.UUID, "a4"))
		assert.ElementsMatch(t, []string{"a2", "a3"}, discards(), "a2 replaced")
		linked, err := store.SettleAvatar(ctx, u.UUID, "a2")
		require.NoError(t, err)
		assert.False(t, linked, "replaced since")
		assert.ElementsMatch(t, []string{"a2", "a3"}, discards(), "discarded once")

		require.NoError(t, store.Delete(ctx, u.UUID))
		assert.Empty(t, discards(), "gone with the account")
		_, err = store.SettleAvatar(ctx, u.UUID, "a4")
		assert.ErrorIs(t, err, user.ErrNotFound)
		assert.ErrorIs(t, store.SetAvatar(context.Background(), u.UUID, "a5"), user.ErrNotFound)
	})
}
