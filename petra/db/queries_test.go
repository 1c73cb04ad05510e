package db_test

import (
	"io/fs"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var sqlFiles = fstest.MapFS{
	"user/get_user.sql":          {Data: []byte("SELECT * FROM users WHERE uuid = ?")},
	"user/get_user.postgres.sql": {Data: []byte("SELECT * FROM users WHERE uuid = ?::uuid")},
	"user/stats/active.sql":      {Data: []byte("SELECT COUNT(*) FROM users WHERE is_active")},
	"user/broken.sql":            {Mode: fs.ModeDir}, // a directory, not a file
}

func TestQueriesLoad(t *testing.T) {
	tests := []struct {
		name    string
		dialect db.Dialect
		query   string
		want    string
		err     string
	}{
		{"generic", db.SQLite, "user.get_user", "SELECT * FROM users WHERE uuid = ?", ""},
		{"generic on mysql", db.MySQL, "user.get_user", "SELECT * FROM users WHERE uuid = ?", ""},
		{"dialect wins", db.Postgres, "user.get_user", "SELECT * FROM users WHERE uuid = ?::uuid", ""},
		{"nested", db.SQLite, "user.stats.active", "SELECT COUNT(*) FROM users WHERE is_active", ""},
		{"unknown", db.SQLite, "user.nope", "", `unknown query "user.nope"`},
		{"traversal", db.SQLite, "../user.get_user", "", "invalid query name"},
		{"slash", db.SQLite, "user/get_user", "", "invalid query name"},
		{"empty", db.SQLite, "", "", "invalid query name"},
		{"directory", db.SQLite, "user.broken", "", `"user.broken"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.NewQueries(sqlFiles, tt.dialect).Load(tt.query)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestQueriesUnderSQLDir(t *testing.T) {
	// What //go:embed sql gives: every path starts with sql/.
	fsys := fstest.MapFS{"sql/user/get_user.sql": {Data: []byte("SELECT 1")}}
	got, err := db.NewQueries(fsys, db.SQLite).Load("user.get_user")
	require.NoError(t, err)
	assert.Equal(t, "SELECT 1", got)
}

func TestQueriesCachesAndIsConcurrent(t *testing.T) {
	fsys := fstest.MapFS{"a.sql": {Data: []byte("SELECT 'a'")}}
	q := db.NewQueries(fsys, db.SQLite)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			s, err := q.Load("a")
			assert.NoError(t, err)
			assert.Equal(t, "SELECT 'a'", s)
		})
	}
	wg.Wait()
	delete(fsys, "a.sql") // served from the cache from now on
	assert.Equal(t, "SELECT 'a'", q.MustLoad("a"))
}

func TestQueriesMustLoadPanics(t *testing.T) {
	q := db.NewQueries(fstest.MapFS{}, db.SQLite)
	assert.PanicsWithError(t, `db: unknown query "x.y" (no x/y.sql)`, func() { q.MustLoad("x.y") })
}

func TestDBQueriesUsesDialect(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		s, err := d.Queries(sqlFiles).Load("user.get_user")
		require.NoError(t, err)
		if d.Dialect() == db.Postgres {
			assert.Contains(t, s, "::uuid")
		} else {
			assert.NotContains(t, s, "::uuid")
		}
	})
}
