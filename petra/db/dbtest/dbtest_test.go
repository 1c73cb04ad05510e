package dbtest_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDrivers(t *testing.T) {
	tests := []struct {
		name, ci, pg, my string
		want             []string
	}{
		{"sqlite only", "", "", "", []string{"sqlite"}},
		{"postgres", "", "postgres://x", "", []string{"sqlite", "postgres"}},
		{"all", "", "postgres://x", "root@tcp(x)/y", []string{"sqlite", "postgres", "mysql"}},
		{"ci lists all", "true", "", "", []string{"sqlite", "postgres", "mysql"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv(dbtest.EnvPostgres, tt.pg)
			t.Setenv(dbtest.EnvMySQL, tt.my)
			assert.Equal(t, tt.want, dbtest.Drivers())
		})
	}
}

// TestOpenIsolates creates the same table in two databases of one backend:
// neither sees the other's rows.
func TestOpenIsolates(t *testing.T) {
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			ctx := context.Background()
			a, b := dbtest.Open(t, drv), dbtest.Open(t, drv)
			for i, d := range []*db.DB{a, b} {
				_, err := d.Exec(ctx, "CREATE TABLE items (n INTEGER)")
				require.NoError(t, err)
				_, err = d.Exec(ctx, "INSERT INTO items (n) VALUES (?)", i)
				require.NoError(t, err)
			}
			for i, d := range []*db.DB{a, b} {
				ns, err := db.Select[int](ctx, d, "SELECT n FROM items")
				require.NoError(t, err)
				assert.Equal(t, []int{i}, ns)
			}
		})
	}
}

// TestOpenDropsAtCleanup checks that the schema or database is gone after
// the subtest that made it.
func TestOpenDropsAtCleanup(t *testing.T) {
	for _, drv := range dbtest.Drivers() {
		if drv == "sqlite" {
			continue // t.TempDir removes the file
		}
		t.Run(drv, func(t *testing.T) {
			ctx := context.Background()
			var name string
			t.Run("inner", func(t *testing.T) {
				d := dbtest.Open(t, drv)
				q := "SELECT current_schema()"
				if d.Dialect() == db.MySQL {
					q = "SELECT DATABASE()"
				}
				require.NoError(t, d.QueryRow(ctx, q).Scan(&name))
				assert.Regexp(t, `^petra_t_[0-9a-f]{12}$`, name)
			})
			outer := dbtest.Open(t, drv)
			q := "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?"
			n, err := db.Get[int](ctx, outer, q, name)
			require.NoError(t, err)
			assert.Zero(t, n, "%s dropped", name)
		})
	}
}

// fakeTB records Skip and Fatal instead of ending the real test.
type fakeTB struct {
	testing.TB
	mu              sync.Mutex
	skipped, failed bool
	msg             string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.mu.Lock()
	f.skipped, f.msg = true, fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func run(t *testing.T, driver string) *fakeTB {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		dbtest.Open(f, driver)
	}()
	<-done
	return f
}

func TestOpenWithoutDSN(t *testing.T) {
	tests := []struct {
		driver, env, ci string
		skip, fail      bool
	}{
		{"postgres", dbtest.EnvPostgres, "", true, false},
		{"mysql", dbtest.EnvMySQL, "", true, false},
		{"postgres", dbtest.EnvPostgres, "true", false, true},
		{"mysql", dbtest.EnvMySQL, "true", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.driver+"/ci="+tt.ci, func(t *testing.T) {
			t.Setenv(tt.env, "")
			t.Setenv("CI", tt.ci)
			f := run(t, tt.driver)
			assert.Equal(t, tt.skip, f.skipped, f.msg)
			assert.Equal(t, tt.fail, f.failed, f.msg)
			assert.Contains(t, f.msg, tt.env)
		})
	}
}

func TestOpenUnreachableFails(t *testing.T) {
	tests := []struct{ driver, env, dsn string }{
		{"postgres", dbtest.EnvPostgres, "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"},
		{"mysql", dbtest.EnvMySQL, "root@tcp(127.0.0.1:1)/test?timeout=2s"},
	}
	for _, tt := range tests {
		t.Run(tt.driver, func(t *testing.T) {
			t.Setenv(tt.env, tt.dsn)
			f := run(t, tt.driver)
			assert.True(t, f.failed, "an unreachable server is a failure, never a skip")
			assert.False(t, f.skipped)
		})
	}
}

func TestOpenUnknownDriver(t *testing.T) {
	f := run(t, "oracle")
	assert.True(t, f.failed)
}
