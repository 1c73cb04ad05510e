package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestOpenAPI(t *testing.T) {
	dbFile := filepath.Join(t.TempDir(), "db.sqlite3")
	var fromJSON, fromYAML, fromFile map[string]any

	out, err := run(t, dbFile, "openapi")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(out), &fromJSON))
	assert.Equal(t, "3.1.0", fromJSON["openapi"])
	assert.Contains(t, fromJSON["paths"], "/api/v1/user/users/{user_id}")

	out, err = run(t, dbFile, "openapi", "-f", "yaml")
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal([]byte(out), &fromYAML))
	assert.Equal(t, fromJSON["paths"].(map[string]any)["/api/v1/user/login/"] != nil, fromYAML["paths"].(map[string]any)["/api/v1/user/login/"] != nil)

	file := filepath.Join(t.TempDir(), "openapi.json")
	out, err = run(t, dbFile, "openapi", "-o", file)
	require.NoError(t, err)
	assert.Empty(t, out)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &fromFile))
	assert.Equal(t, fromJSON, fromFile)
	_, err = os.Stat(dbFile)
	assert.True(t, os.IsNotExist(err), "the document needs no database file")

	_, err = run(t, dbFile, "openapi", "-f", "xml")
	assert.EqualError(t, err, `openapi: unknown format "xml" (use json or yaml)`)
}
