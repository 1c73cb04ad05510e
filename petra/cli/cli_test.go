package cli_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/cli"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/project"
)

// notes is the migration of the test app's one module.
var notes = db.Migrations{Module: "notes", FS: fstest.MapFS{
	"sqlite/00001_create_notes.sql": {Data: []byte("-- +goose Up\nCREATE TABLE notes (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE notes;\n")},
}}

// app is a small project: one module with one route, and its migration.
var app = &project.Project{
	Name:    "app",
	Version: "v1.2.3",
	Modules: func(project.Deps) []petra.Module {
		return []petra.Module{{Name: "notes", Routes: []petra.Route{
			petra.Get("ping/", func(*petra.Request) petra.Result { return petra.Response("pong") }),
		}}}
	},
	Migrations: []db.Migrations{notes},
}

// hello is a command an app adds; it fails when told to.
func hello(env *cli.Env) *cobra.Command {
	var fail bool
	cmd := &cobra.Command{
		Use:  "hello",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if fail {
				return errors.New("hello failed")
			}
			cmd.Println("hello from", env.Project.DisplayName())
			return nil
		},
	}
	cmd.Flags().BoolVar(&fail, "fail", false, "fail")
	return cmd
}

// inProject runs every command of the test in an empty directory (no .env)
// with a SQLite file of its own, and returns a function that runs the CLI.
func inProject(t *testing.T) func(args ...string) (int, string) {
	t.Chdir(t.TempDir())
	t.Setenv("DB_CONNECTION", "sqlite")
	t.Setenv("DB_DATABASE", filepath.Join(t.TempDir(), "app.sqlite3"))
	t.Setenv("JWT_SECRET", "cli-test-secret-0123456789-abcdefgh")
	return func(args ...string) (int, string) {
		var out bytes.Buffer
		code := cli.Run(context.Background(), app, args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &out}, hello)
		return code, out.String()
	}
}

func TestExitCodes(t *testing.T) {
	run := inProject(t)
	tests := []struct {
		args []string
		want int
		says string
	}{
		{nil, cli.ExitUsage, `"app" needs a command`},
		{[]string{"stauts"}, cli.ExitUsage, `unknown command "stauts" for "app"`},
		{[]string{"migrate"}, cli.ExitUsage, `"app migrate" needs a command`},
		{[]string{"migrate", "stauts"}, cli.ExitUsage, `unknown command "stauts" for "app migrate"`},
		{[]string{"make", "modul", "x"}, cli.ExitUsage, `unknown command "modul" for "app make"`},
		{[]string{"make", "module"}, cli.ExitUsage, `"app make module" takes at least 1 argument(s), got 0`},
		{[]string{"make", "module", "product", "price:money"}, cli.ExitError, `"money" is not a field type`},
		{[]string{"make", "module", "product", "price:int"}, cli.ExitError, "run make module in the project's root"},
		{[]string{"make", "module", "stores"}, cli.ExitError, `"stores" names the module store, a name the generated code uses`},
		{[]string{"make", "module", "types"}, cli.ExitError, `"types" names the module type, a Go keyword, which cannot name a package`},
		{[]string{"make", "module", "func"}, cli.ExitError, `"func" is a Go keyword, which cannot name a package`},
		{[]string{"make", "module", "--help"}, cli.ExitOK, "product and products both make the module product"},
		{[]string{"serve", "--bogus"}, cli.ExitUsage, "unknown flag: --bogus"},
		{[]string{"serve", "--addr"}, cli.ExitUsage, "flag needs an argument"},
		{[]string{"routes", "extra"}, cli.ExitUsage, `unknown command "extra" for "app routes"`},
		{[]string{"migrate", "create"}, cli.ExitUsage, "takes 1 argument(s), got 0"},
		{[]string{"migrate", "create", "add_x"}, cli.ExitUsage, "--module is required"},
		{[]string{"migrate", "create", "add_x", "--module", "nope"}, cli.ExitError, `no module "nope" has migrations`},
		{[]string{"version"}, cli.ExitOK, "app v1.2.3 (petra "},
		{[]string{"routes"}, cli.ExitOK, "/api/v1/notes/ping/"},
		{[]string{"hello"}, cli.ExitOK, "hello from app"},
		{[]string{"hello", "--fail"}, cli.ExitError, "app: hello failed"},
		{[]string{"--help"}, cli.ExitOK, "hello"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out := run(tt.args...)
			assert.Equal(t, tt.want, code, out)
			assert.Contains(t, out, tt.says)
		})
	}
}

// TestOnlyServingWarnsOfARandomSecret: a random JWT_SECRET matters to the
// tokens a served app issues, so the commands that serve nothing (routes,
// migrate, check) do not warn of it on every run.
func TestOnlyServingWarnsOfARandomSecret(t *testing.T) {
	run := inProject(t)
	t.Setenv("JWT_SECRET", "")
	for _, args := range [][]string{{"routes"}, {"migrate", "status"}, {"openapi"}} {
		code, out := run(args...)
		require.Equal(t, cli.ExitOK, code, out)
		assert.NotContains(t, out, "JWT_SECRET", args)
	}
}

func TestBadSettingsExit1(t *testing.T) {
	run := inProject(t)
	t.Setenv("BODY_LIMIT", "lots")
	code, out := run("routes")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "BODY_LIMIT")
}

func TestCheck(t *testing.T) {
	run := inProject(t)
	code, out := run("check")
	assert.Equal(t, cli.ExitError, code, out)
	assert.Contains(t, out, "ok    settings")
	assert.Contains(t, out, "ok    database: sqlite ")
	assert.Contains(t, out, "FAIL  migrations: notes 00001_create_notes.sql is not applied (run migrate up)")
	assert.Contains(t, out, "FAIL  River: jobs: River's tables are not up to date")

	code, out = run("migrate", "up")
	require.Equal(t, cli.ExitOK, code, out)
	assert.Contains(t, out, "up notes 00001_create_notes.sql")
	assert.Contains(t, out, "up apilog 00001_create_api_logs.sql")

	code, out = run("check")
	assert.Equal(t, cli.ExitOK, code, out)
	assert.Contains(t, out, "ok    migrations: all applied")
	assert.Contains(t, out, "ok    River: tables up to date")
	assert.Contains(t, out, "System check identified no problems.")

	t.Setenv("DB_DATABASE", filepath.Join(t.TempDir(), "missing", "app.sqlite3"))
	code, out = run("check")
	assert.Equal(t, cli.ExitError, code, out)
	assert.Contains(t, out, "FAIL  database: ")
}

func TestMigrateDownInProduction(t *testing.T) {
	run := inProject(t)
	code, out := run("migrate", "up")
	require.Equal(t, cli.ExitOK, code, out)

	t.Setenv("PETRA_ENV", "production")
	code, out = run("migrate", "down")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "pass --yes")
	code, out = run("migrate", "status")
	require.Equal(t, cli.ExitOK, code, out)
	assert.NotContains(t, out, "pending", "nothing was rolled back")

	code, out = run("migrate", "down", "--yes")
	require.Equal(t, cli.ExitOK, code, out)
	assert.Equal(t, "down apilog 00001_create_api_logs.sql", strings.Join(strings.Fields(out)[:3], " "), out)
}

// TestMigrateDownRollsBackOne holds `migrate down` to what goose, Rails and
// Laravel roll back: the one migration applied last (of the modules applied
// in one run, the last module's), or a module's latest with --module; never
// every module's, which would drop tables that have nothing to do with it.
func TestMigrateDownRollsBackOne(t *testing.T) {
	run := inProject(t)
	code, out := run("migrate", "down")
	assert.Equal(t, cli.ExitError, code, out)
	assert.Contains(t, out, "no migration is applied")

	code, out = run("migrate", "up")
	require.Equal(t, cli.ExitOK, code, out)
	steps := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"migrate", "down"}, cli.ExitOK, "down apilog 00001_create_api_logs.sql"},
		{[]string{"migrate", "status"}, cli.ExitOK, "notes 1 00001_create_notes.sql 20"},
		{[]string{"migrate", "down", "--module", "nope"}, cli.ExitError, `no module "nope" has migrations`},
		{[]string{"migrate", "down", "--module", "notes"}, cli.ExitOK, "down notes 00001_create_notes.sql"},
		{[]string{"migrate", "down", "--module", "notes"}, cli.ExitError, "notes has no migration applied"},
		{[]string{"migrate", "down"}, cli.ExitError, "no migration is applied"},
	}
	for _, step := range steps {
		code, out := run(step.args...)
		assert.Equal(t, step.code, code, "%v: %s", step.args, out)
		assert.Contains(t, strings.Join(strings.Fields(out), " "), step.says, step.args)
		assert.NotContains(t, out, "down notes 00001_create_notes.sql\ndown", "one migration at a time")
	}
}

func TestMigrateCreate(t *testing.T) {
	run := inProject(t)
	dir := filepath.Join("modules", "notes", "migrations")
	code, out := run("migrate", "create", "add_title", "--module", "notes")
	assert.Equal(t, cli.ExitError, code, "the module's directory must exist")
	assert.Contains(t, out, "is not a migrations directory")

	require.NoError(t, writeFile(filepath.Join(dir, "sqlite", "00001_create_notes.sql"), "-- +goose Up\n"))
	code, out = run("migrate", "create", "add_title", "--module", "notes")
	require.Equal(t, cli.ExitOK, code, out)
	for _, dialect := range []string{"sqlite", "postgres", "mysql"} {
		assert.Contains(t, out, "created "+filepath.Join(dir, dialect, "00002_add_title.sql"))
	}
}
