package config_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

// stripe is an app's own settings, read through config.WithKeys.
type stripe struct {
	Key     config.Secret
	Retries int
	Live    bool
	Timeout time.Duration
	Webhook *url.URL
	Account string
}

func (s *stripe) read(k *config.Keys) {
	s.Key = k.Secret("STRIPE_KEY", config.Required)
	s.Retries = k.Int("STRIPE_RETRIES", 3)
	s.Live = k.Bool("STRIPE_LIVE", false)
	s.Timeout = k.Duration("STRIPE_TIMEOUT", 10*time.Second)
	s.Webhook = k.URL("STRIPE_WEBHOOK_URL")
	s.Account = k.String("STRIPE_ACCOUNT", "default")
}

func TestAppKeys(t *testing.T) {
	var got stripe
	env := map[string]string{
		"JWT_SECRET": strongSecret, "STRIPE_KEY": "sk_test_123", "STRIPE_RETRIES": "5", "STRIPE_LIVE": "yes",
		"STRIPE_TIMEOUT": "2s", "STRIPE_WEBHOOK_URL": "https://example.com/hook",
	}
	_, err := config.Load(config.WithLookup(config.MapLookup(env)), config.WithEnvFile(""), config.WithKeys(got.read))
	require.NoError(t, err)
	assert.Equal(t, config.Secret("sk_test_123"), got.Key)
	assert.Equal(t, 5, got.Retries)
	assert.True(t, got.Live)
	assert.Equal(t, 2*time.Second, got.Timeout)
	assert.Equal(t, "https://example.com/hook", got.Webhook.String())
	assert.Equal(t, "default", got.Account)
}

// TestAppKeysErrors: the app's problems come with petra's, all at once, and
// a secret is never quoted.
func TestAppKeysErrors(t *testing.T) {
	var got stripe
	env := map[string]string{"DB_PORT": "x", "DB_CONNECTION": "postgres", "STRIPE_RETRIES": "many",
		"STRIPE_LIVE": "maybe", "STRIPE_TIMEOUT": "soon", "STRIPE_WEBHOOK_URL": "not a url"}
	_, err := config.Load(config.WithLookup(config.MapLookup(env)), config.WithEnvFile(""), config.WithKeys(got.read))
	var keys []string
	for _, ke := range keyErrors(t, err) {
		keys = append(keys, ke.Key)
	}
	assert.ElementsMatch(t, []string{"DB_PORT", "STRIPE_KEY", "STRIPE_RETRIES", "STRIPE_LIVE", "STRIPE_TIMEOUT", "STRIPE_WEBHOOK_URL"}, keys)
	assert.Contains(t, err.Error(), "config: STRIPE_KEY: must be set")
}

func TestWithoutAuth(t *testing.T) {
	s, err := config.Load(config.WithLookup(config.MapLookup(map[string]string{"PETRA_ENV": "production"})),
		config.WithEnvFile(""), config.WithoutAuth())
	require.NoError(t, err, "an app without auth needs no JWT_SECRET")
	assert.Empty(t, s.JWT.Secret)
	assert.False(t, strings.Contains(strings.Join(s.Warnings, ""), "JWT_SECRET"))
}
