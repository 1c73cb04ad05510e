package db_test

import (
	"context"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// userMigrations are portable: one common directory.
var userMigrations = db.Migrations{Module: "user", FS: fstest.MapFS{
	"common/00001_create_users.sql": file(`-- +goose Up
CREATE TABLE mig_users (uuid CHAR(36) PRIMARY KEY, email VARCHAR(100) NOT NULL);
-- +goose Down
DROP TABLE mig_users;
`),
	"common/00002_add_name.sql": file(`-- +goose Up
ALTER TABLE mig_users ADD COLUMN name VARCHAR(100);
-- +goose Down
ALTER TABLE mig_users DROP COLUMN name;
`),
}}

// blogMigrations differ per dialect, under migrations/ as //go:embed
// migrations would give them.
var blogMigrations = db.Migrations{Module: "blog", FS: fstest.MapFS{
	"migrations/sqlite/00001_posts.sql": file(`-- +goose Up
CREATE TABLE mig_posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL);
-- +goose Down
DROP TABLE mig_posts;
`),
	"migrations/postgres/00001_posts.sql": file(`-- +goose Up
CREATE TABLE mig_posts (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL);
-- +goose Down
DROP TABLE mig_posts;
`),
	"migrations/mysql/00001_posts.sql": file(`-- +goose Up
CREATE TABLE mig_posts (id BIGINT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(200) NOT NULL);
-- +goose Down
DROP TABLE mig_posts;
`),
	"migrations/common/00001_posts.sql": file("-- +goose Up\nSELECT 'never used: dialect directories win';\n"),
}}

func TestMigrations(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		users, err := db.NewMigrator(d, userMigrations)
		require.NoError(t, err)
		blog, err := db.NewMigrator(d, blogMigrations)
		require.NoError(t, err)

		// Before: everything pending.
		st, err := users.Status(ctx)
		require.NoError(t, err)
		require.Len(t, st, 2)
		assert.Equal(t, db.MigrationStatus{Module: "user", Version: 1, Name: "00001_create_users.sql"}, st[0])

		// Up applies in order and is idempotent.
		res, err := users.Up(ctx)
		require.NoError(t, err)
		require.Len(t, res, 2)
		assert.Equal(t, []string{"00001_create_users.sql", "00002_add_name.sql"}, []string{res[0].Name, res[1].Name})
		assert.Equal(t, "up", res[0].Direction)
		res, err = users.Up(ctx)
		require.NoError(t, err)
		assert.Empty(t, res)
		_, err = d.Exec(ctx, "INSERT INTO mig_users (uuid, email, name) VALUES (?, ?, ?)", db.NewUUID(), "a@x.io", "Ann")
		require.NoError(t, err)

		st, err = users.Status(ctx)
		require.NoError(t, err)
		for _, s := range st {
			assert.True(t, s.Applied, s.Name)
			assert.False(t, s.AppliedAt.IsZero(), s.Name)
		}
		v, err := users.Version(ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(2), v)

		// The second module keeps its own table and versions.
		require.NoError(t, d.Migrate(ctx, blogMigrations, userMigrations))
		_, err = d.Exec(ctx, "INSERT INTO mig_posts (title) VALUES (?)", "Hello")
		require.NoError(t, err)
		for table, want := range map[string]int{"petra_migrations_user": 2, "petra_migrations_blog": 1} {
			n, err := db.Get[int](ctx, d, "SELECT COUNT(*) FROM "+table+" WHERE version_id > 0")
			require.NoError(t, err)
			assert.Equal(t, want, n, table)
		}

		// Down rolls back one migration of one module only.
		res, err = users.Down(ctx)
		require.NoError(t, err)
		require.Len(t, res, 1)
		assert.Equal(t, db.MigrationResult{Module: "user", Version: 2, Name: "00002_add_name.sql", Direction: "down",
			Duration: res[0].Duration}, res[0])
		_, err = d.Exec(ctx, "SELECT name FROM mig_users")
		assert.Error(t, err, "column dropped")
		st, err = users.Status(ctx)
		require.NoError(t, err)
		assert.True(t, st[0].Applied)
		assert.False(t, st[1].Applied)
		assert.True(t, st[1].AppliedAt.IsZero())
		bv, err := blog.Version(ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(1), bv, "blog untouched")

		// DownTo(0) empties the module; Down with nothing applied fails.
		res, err = users.DownTo(ctx, 0)
		require.NoError(t, err)
		assert.Len(t, res, 1)
		_, err = users.Down(ctx)
		assert.Error(t, err)
		// And Up brings it all back.
		res, err = users.Up(ctx)
		require.NoError(t, err)
		assert.Len(t, res, 2)
	})
}

func TestMigrationsConcurrentUp(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		if d.Dialect() == db.SQLite {
			t.Skip("SQLite migrations are run by one process; the lock is for PostgreSQL and MySQL")
		}
		ctx := context.Background()
		const instances = 2 // app instances starting together
		var wg sync.WaitGroup
		applied := make([]int, instances)
		errs := make([]error, instances)
		for i := range instances {
			wg.Go(func() {
				m, err := db.NewMigrator(d, userMigrations) // one per app instance
				if err != nil {
					errs[i] = err
					return
				}
				res, err := m.Up(ctx)
				applied[i], errs[i] = len(res), err
			})
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		total := 0
		for _, n := range applied {
			total += n
		}
		assert.Equal(t, 2, total, "each migration applied exactly once: %v", applied)
		n, err := db.Get[int](ctx, d, "SELECT COUNT(*) FROM petra_migrations_user WHERE version_id > 0")
		require.NoError(t, err)
		assert.Equal(t, 2, n)
	})
}

func TestNewMigratorErrors(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		tests := []struct {
			name string
			m    db.Migrations
			err  string
		}{
			{"bad module", db.Migrations{Module: "User-1", FS: userMigrations.FS}, "invalid module name"},
			{"injection", db.Migrations{Module: "x; DROP TABLE y", FS: userMigrations.FS}, "invalid module name"},
			{"no fs", db.Migrations{Module: "user"}, "no FS"},
			{"no dialect dir", db.Migrations{Module: "user", FS: fstest.MapFS{"other/00001_x.sql": file("")}}, "no " + string(d.Dialect()) + "/ or common/"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.NewMigrator(d, tt.m)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
			})
		}
	})
}
