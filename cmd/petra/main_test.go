package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/cli"
)

// run runs the CLI with args in an empty directory whose SQLite file is
// dbFile, and returns its exit status and what it printed.
func run(t *testing.T, dbFile string, args ...string) (int, string) {
	t.Helper()
	t.Chdir(t.TempDir()) // no .env from the repository
	t.Setenv("DB_CONNECTION", "sqlite")
	t.Setenv("DB_DATABASE", dbFile)
	t.Setenv("JWT_SECRET", "0123456789abcdef0123456789abcdef")
	var out bytes.Buffer
	code := cli.Run(context.Background(), example(), args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &out}, cli.NewProject, createsuperuserCmd)
	return code, out.String()
}

// fields returns the lines of out with their runs of spaces made one.
func fields(out string) map[string]bool {
	lines := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		lines[strings.Join(strings.Fields(line), " ")] = true
	}
	return lines
}

func TestRoutes(t *testing.T) {
	t.Setenv("API_LOG_ENABLED", "true")
	code, out := run(t, filepath.Join(t.TempDir(), "db.sqlite3"), "routes")
	require.Equal(t, cli.ExitOK, code, out)
	lines := fields(out)
	for _, want := range []string{
		"METHOD PATH VIEW NAME MODULE",
		"GET /hello-petra/status petra.(*App).projectModule.func1 hello-petra:status hello-petra",
		"POST /api/v1/user/registration/ user.(*UserViewSet).Register user:register user",
		"PATCH /api/v1/user/users/<uuid:user_id> user.(*UserViewSet).UpdateUser user:update_user user",
		"DELETE /api/v1/user/users/<uuid:user_id> user.(*UserViewSet).DeleteUser user:delete_user user",
		"GET /hello-petra/api/show-api-logs apilog.Module.func1 hello-petra:show_api_logs apilog",
	} {
		assert.True(t, lines[want], "missing %q in\n%s", want, out)
	}
}

func TestMigrate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "db.sqlite3")
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "status"}, "user 1 00001_create_users.sql pending"},
		{[]string{"migrate", "up"}, "up user 00001_create_users.sql"},
		{[]string{"migrate", "up"}, ""},
		{[]string{"migrate", "status"}, "user 1 00001_create_users.sql 20"},
		{[]string{"migrate", "down"}, "down apilog 00001_create_api_logs.sql"},
		{[]string{"migrate", "status"}, "user 4 00004_avatar_discards.sql 20"},
		{[]string{"migrate", "down", "--module", "user"}, "down user 00004_avatar_discards.sql"},
		{[]string{"migrate", "status"}, "user 4 00004_avatar_discards.sql pending"},
	}
	for _, step := range steps {
		code, out := run(t, file, step.args...)
		require.Equal(t, cli.ExitOK, code, "%v: %s", step.args, out)
		assert.Contains(t, strings.Join(strings.Fields(out), " "), step.want, step.args)
	}
}

func TestBadSettings(t *testing.T) {
	t.Setenv("PETRA_ENV", "staging")
	code, out := run(t, "x.sqlite3", "routes")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "PETRA_ENV")
}

func TestNewNeedsACheckout(t *testing.T) {
	code, out := run(t, "x.sqlite3", "new", "shop")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "pass --petra DIR")
}
