package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/go-petra/petra/petra/cli"
)

// runOut runs the example app's command line as run does, and returns its
// exit status, its standard output and its standard error apart.
func runOut(t *testing.T, dbFile string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(t.TempDir()) // no .env from the repository
	t.Setenv("DB_CONNECTION", "sqlite")
	t.Setenv("DB_DATABASE", dbFile)
	t.Setenv("JWT_SECRET", "0123456789abcdef0123456789abcdef")
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), example(), args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errOut}, createsuperuserCmd)
	return code, out.String(), errOut.String()
}

func TestOpenAPI(t *testing.T) {
	dbFile := filepath.Join(t.TempDir(), "db.sqlite3")
	var fromJSON, fromYAML, fromFile map[string]any

	code, out, stderr := runOut(t, dbFile, "openapi")
	require.Equal(t, cli.ExitOK, code, stderr)
	require.NoError(t, json.Unmarshal([]byte(out), &fromJSON))
	assert.Equal(t, "3.1.0", fromJSON["openapi"])
	assert.Contains(t, fromJSON["paths"], "/api/v1/user/users/{user_id}")

	code, out, stderr = runOut(t, dbFile, "openapi", "-f", "yaml")
	require.Equal(t, cli.ExitOK, code, stderr)
	require.NoError(t, yaml.Unmarshal([]byte(out), &fromYAML))
	assert.Equal(t, fromJSON["paths"].(map[string]any)["/api/v1/user/login/"] != nil, fromYAML["paths"].(map[string]any)["/api/v1/user/login/"] != nil)

	file := filepath.Join(t.TempDir(), "openapi.json")
	code, out, stderr = runOut(t, dbFile, "openapi", "-o", file)
	require.Equal(t, cli.ExitOK, code, stderr)
	assert.Empty(t, out)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &fromFile))
	assert.Equal(t, fromJSON, fromFile)
	_, err = os.Stat(dbFile)
	assert.True(t, os.IsNotExist(err), "the document needs no database file")

	code, _, stderr = runOut(t, dbFile, "openapi", "-f", "xml")
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, stderr, `--format "xml": want json or yaml`)
}
