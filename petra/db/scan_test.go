package db_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stamps is embedded to show that embedded fields are scanned too.
type stamps struct {
	Created  time.Time `db:"created"`
	Modified time.Time
}

type fullUser struct {
	user
	stamps
	DeletedAt *time.Time `db:"deleted_at"`
	Secret    string     `db:"-"`
}

func TestSelectAndGet(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, usersDDL)
		ann := addUser(t, d, "Ann", "ann@x.io", 30)
		addUser(t, d, "Bob", "bob@x.io", 40)

		users, err := db.Select[fullUser](ctx, d, "SELECT * FROM users ORDER BY name")
		require.NoError(t, err)
		require.Len(t, users, 2)
		assert.Equal(t, ann, users[0].UUID)
		assert.Equal(t, "Ann", users[0].Name)
		assert.Equal(t, int64(30), *users[0].Age)
		assert.True(t, users[0].IsActive)
		assert.False(t, users[0].Created.IsZero())
		assert.False(t, users[0].Modified.IsZero())
		assert.Nil(t, users[0].DeletedAt)

		t.Run("get", func(t *testing.T) {
			u, err := db.Get[user](ctx, d, "SELECT uuid, name, email, age, is_active FROM users WHERE uuid = ?", ann)
			require.NoError(t, err)
			assert.Equal(t, "ann@x.io", u.Email)
		})
		t.Run("get not found", func(t *testing.T) {
			_, err := db.Get[user](ctx, d, "SELECT uuid, name FROM users WHERE uuid = ?", db.NewUUID())
			assert.ErrorIs(t, err, db.ErrNotFound)
			assert.ErrorIs(t, err, sql.ErrNoRows)
		})
		t.Run("scalar", func(t *testing.T) {
			names, err := db.Select[string](ctx, d, "SELECT name FROM users ORDER BY name")
			require.NoError(t, err)
			assert.Equal(t, []string{"Ann", "Bob"}, names)
			n, err := db.Get[int](ctx, d, "SELECT COUNT(*) FROM users")
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			null, err := db.Get[sql.NullString](ctx, d, "SELECT NULL")
			require.NoError(t, err)
			assert.False(t, null.Valid)
		})
		t.Run("unknown column", func(t *testing.T) {
			_, err := db.Select[user](ctx, d, "SELECT uuid, created FROM users")
			require.Error(t, err)
			assert.Contains(t, err.Error(), `column "created" has no field`)
		})
		t.Run("scalar with two columns", func(t *testing.T) {
			_, err := db.Select[string](ctx, d, "SELECT name, email FROM users")
			assert.Error(t, err)
		})
		t.Run("empty", func(t *testing.T) {
			got, err := db.Select[user](ctx, d, "SELECT uuid FROM users WHERE name = ?", "nobody")
			require.NoError(t, err)
			assert.NotNil(t, got)
			assert.Empty(t, got)
		})
	})
}
