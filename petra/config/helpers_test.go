package config_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

// strongSecret is a JWT secret production accepts.
const strongSecret = "0123456789abcdef0123456789abcdef-test"

// load returns the settings of env, which must be valid.
func load(t *testing.T, env map[string]string) *config.Settings {
	t.Helper()
	s, err := config.LoadFrom(config.MapLookup(env))
	require.NoError(t, err)
	require.NotNil(t, s)
	return s
}

// loadErr returns the error for env, which must be invalid.
func loadErr(t *testing.T, env map[string]string) error {
	t.Helper()
	s, err := config.LoadFrom(config.MapLookup(env))
	require.Error(t, err)
	require.Nil(t, s)
	return err
}

// keyErrors returns the *KeyErrors joined in err.
func keyErrors(t *testing.T, err error) []*config.KeyError {
	t.Helper()
	var out []*config.KeyError
	var walk func(error)
	walk = func(err error) {
		if ke, ok := err.(*config.KeyError); ok {
			out = append(out, ke)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		} else if e := errors.Unwrap(err); e != nil {
			walk(e)
		}
	}
	walk(err)
	return out
}

// with returns base plus the pairs kv (key, value, key, value…).
func with(base map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(base)+len(kv)/2)
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}
