package config

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/joho/godotenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const envExample = "../../.env.example"

// TestEnvExampleDocumentsEveryKey keeps .env.example and the code in step.
func TestEnvExampleDocumentsEveryKey(t *testing.T) {
	vals, err := godotenv.Read(envExample)
	require.NoError(t, err)

	f, err := os.Open(envExample)
	require.NoError(t, err)
	defer f.Close()
	var keys []string
	prev := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			keys = append(keys, k)
			assert.True(t, strings.HasPrefix(prev, "# "), "%s has a comment on the line above", k)
		}
		prev = line
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, knownKeys, keys, ".env.example lists knownKeys, in order")
	assert.Len(t, vals, len(knownKeys))

	// Its values are the defaults.
	fromExample, err := LoadFrom(MapLookup(vals))
	require.NoError(t, err)
	defaults, err := LoadFrom(nil)
	require.NoError(t, err)
	fromExample.JWT.Secret, defaults.JWT.Secret = "", ""
	fromExample.batteries, defaults.batteries = nil, nil // raw values, parsed by petra/mail and petra/storage
	assert.Equal(t, defaults, fromExample)
}

// TestLoadReadsOnlyKnownKeys checks knownKeys is complete: every key Load
// asks for is in it, and each of them is asked for by some configuration.
func TestLoadReadsOnlyKnownKeys(t *testing.T) {
	asked := map[string]bool{}
	for _, env := range []map[string]string{
		nil,
		{"DB_CONNECTION": "postgres"},
		{"DATABASE_URL": "mysql://h/db", "REDIS_URL": "redis://h"},
	} {
		_, err := LoadFrom(func(key string) (string, bool) {
			asked[key] = true
			v, ok := env[key]
			return v, ok
		})
		require.NoError(t, err)
	}
	var got []string
	for k := range asked {
		got = append(got, k)
	}
	want := slices.Clone(knownKeys)
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got)
}
