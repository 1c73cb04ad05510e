package scaffold

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

// TestEnvExampleIsTheDefaults holds a new project's .env.example to what the
// project does without it, so that copying it to .env, as its comment says,
// changes nothing until a value is edited: not even which database file
// serve opens.
func TestEnvExampleIsTheDefaults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	_, err := NewProject(Options{Dir: dir, Module: "example.com/shop", Petra: "../.."})
	require.NoError(t, err)
	unset := func(string) (string, bool) { return "", false }

	withExample, err := config.Load(config.WithLookup(unset), config.WithEnvFile(filepath.Join(dir, ".env.example")), config.WithoutAuth())
	require.NoError(t, err)
	without, err := config.Load(config.WithLookup(unset), config.WithEnvFile(""), config.WithoutAuth())
	require.NoError(t, err)
	assert.Equal(t, without, withExample)
}
