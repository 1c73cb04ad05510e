package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run executes the CLI with args in an empty directory whose SQLite file is
// dbFile, and returns what it printed.
func run(t *testing.T, dbFile string, args ...string) (string, error) {
	t.Helper()
	t.Chdir(t.TempDir()) // no .env from the repository
	t.Setenv("DB_CONNECTION", "sqlite")
	t.Setenv("DB_DATABASE", dbFile)
	t.Setenv("JWT_SECRET", "0123456789abcdef0123456789abcdef")
	var out bytes.Buffer
	cmd := rootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestRoutes(t *testing.T) {
	out, err := run(t, filepath.Join(t.TempDir(), "db.sqlite3"), "routes")
	require.NoError(t, err)
	lines := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		lines[strings.Join(strings.Fields(line), " ")] = true
	}
	for _, want := range []string{
		"METHOD PATH VIEW NAME MODULE",
		"GET /hello-petra/status petra.(*App).projectModule.func1 hello-petra:status hello-petra",
		"POST /api/v1/user/registration/ user.(*UserViewSet).Register user:register user",
		"DELETE /api/v1/user/users/<uuid:user_id> user.(*UserViewSet).DeleteUser user:delete_user user",
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
		{[]string{"migrate", "status"}, "00001_create_users.sql  pending"},
		{[]string{"migrate", "up"}, "up user 00001_create_users.sql"},
		{[]string{"migrate", "up"}, ""},
		{[]string{"migrate", "status"}, "00001_create_users.sql  20"},
		{[]string{"migrate", "down"}, "down user 00002_accounts.sql"},
		{[]string{"migrate", "status"}, "pending"},
	}
	for _, step := range steps {
		out, err := run(t, file, step.args...)
		require.NoError(t, err, step.args)
		assert.Contains(t, out, step.want, step.args)
	}
}

func TestBadSettings(t *testing.T) {
	t.Setenv("PETRA_ENV", "staging")
	_, err := run(t, "x.sqlite3", "routes")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "PETRA_ENV")
}
