package main

import (
	"bufio"
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/cli"
	"github.com/go-petra/petra/petra/db"
)

func TestCreatesuperuser(t *testing.T) {
	file := filepath.Join(t.TempDir(), "db.sqlite3")
	t.Setenv(superuserPasswordEnv, "R00t!secret")
	code, out := run(t, file, "createsuperuser", "--email", "Root@X.io", "--name", "Root")
	require.Equal(t, cli.ExitOK, code, out)
	assert.Contains(t, out, "Superuser root@x.io created")

	d, err := db.Open(context.Background(), "sqlite", file)
	require.NoError(t, err)
	defer d.Close()
	var staff bool
	require.NoError(t, d.QueryRow(context.Background(), `SELECT is_staff FROM users WHERE email = ?`, "root@x.io").Scan(&staff))
	assert.True(t, staff)

	code, out = run(t, file, "createsuperuser", "--email", "root@x.io", "--name", "Root")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "already registered")

	t.Setenv(superuserPasswordEnv, "weakweak")
	code, out = run(t, file, "createsuperuser", "--email", "two@x.io", "--name", "Two")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "upper case")
}

func TestCreatesuperuserWithoutATerminal(t *testing.T) {
	file := filepath.Join(t.TempDir(), "db.sqlite3")
	t.Setenv(superuserPasswordEnv, "")
	code, out := run(t, file, "createsuperuser", "--email", "root@x.io", "--name", "Root")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, superuserPasswordEnv)

	t.Setenv(superuserPasswordEnv, "R00t!secret")
	code, out = run(t, file, "createsuperuser", "--name", "Root")
	assert.Equal(t, cli.ExitError, code)
	assert.Contains(t, out, "email is required")
}

func TestPrompter(t *testing.T) {
	t.Setenv(superuserPasswordEnv, "")
	tests := []struct {
		name    string
		secrets []string
		want    string
		wantErr string
	}{
		{"typed twice", []string{"R00t!secret", "R00t!secret"}, "R00t!secret", ""},
		{"mistyped", []string{"R00t!secret", "R00t!secreT"}, "", "the passwords do not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			secrets := tt.secrets
			p := &prompter{in: bufio.NewReader(strings.NewReader("root@x.io\nRoot\n")), out: &out, terminal: true,
				readSecret: func() (string, error) {
					s := secrets[0]
					secrets = secrets[1:]
					return s, nil
				}}
			email, err := p.ask("Email: ", "")
			require.NoError(t, err)
			assert.Equal(t, "root@x.io", email)
			name, err := p.ask("Name: ", "")
			require.NoError(t, err)
			assert.Equal(t, "Root", name)
			given, err := p.ask("Email: ", "given@x.io")
			require.NoError(t, err)
			assert.Equal(t, "given@x.io", given)

			pw, err := p.password()
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, pw)
			assert.NotContains(t, out.String(), pw, "the password is not echoed")
			assert.Contains(t, out.String(), "Password (again): ")
		})
	}
}

func TestCreateSuperuserRules(t *testing.T) {
	tests := []struct{ name, email, password, wantErr string }{
		{"Root", "root@x.io", "R00t!secret", ""},
		{"", "a@x.io", "R00t!secret", "name is required"},
		{strings.Repeat("n", 101), "b@x.io", "R00t!secret", "the name must not be greater than 100 characters"},
		{"Root", "not an email", "R00t!secret", "the email must be a valid email address"},
		{"Root", "Root <c@x.io>", "R00t!secret", "the email must be a valid email address"},
		{"Root", "d@x.io", "Sh0rt!", "the password must be 8 to 100 characters"},
		{"Root", "e@x.io", "alllowercase1!", "the password must contain"},
	}
	for _, tt := range tests {
		t.Run(tt.wantErr, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "db.sqlite3")
			t.Setenv(superuserPasswordEnv, tt.password)
			code, out := run(t, file, "createsuperuser", "--email", tt.email, "--name", tt.name)
			if tt.wantErr == "" {
				require.Equal(t, cli.ExitOK, code, out)
				return
			}
			assert.Equal(t, cli.ExitError, code)
			assert.Contains(t, out, tt.wantErr)
			assert.NotContains(t, out, "already registered")
		})
	}
}
