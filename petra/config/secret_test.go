package config_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/config"
)

func TestSecretRedacts(t *testing.T) {
	s := config.Secret("hunter2")
	assert.Equal(t, "hunter2", string(s), "conversion gives the value")
	for _, verb := range []string{"%v", "%+v", "%s", "%q", "%x", "%X", "%#v", "%d", "%10s"} {
		assert.NotContains(t, fmt.Sprintf(verb, s), "hunter2", verb)
		assert.NotContains(t, fmt.Sprintf(verb, s), fmt.Sprintf("%x", "hunter2"), verb)
	}
	assert.Equal(t, "[redacted]", s.String())
	assert.Equal(t, `config.Secret("[redacted]")`, s.GoString())
	assert.Equal(t, "[redacted]", s.LogValue().String())

	var empty config.Secret
	assert.Empty(t, empty.String(), "an unset secret shows as empty")
	assert.Empty(t, fmt.Sprint(empty))
}

func TestSettingsRedaction(t *testing.T) {
	const (
		dbPassword  = "hunter2-db"
		jwtSecret   = "hunter2-jwt-0123456789abcdef0123456789"
		redisPasswd = "hunter2-redis"
	)
	s := load(t, map[string]string{
		"PETRA_ENV":    "production",
		"DATABASE_URL": "postgres://app:" + dbPassword + "@db/shop?sslmode=require",
		"JWT_SECRET":   jwtSecret,
		"REDIS_URL":    "redis://:" + redisPasswd + "@cache:6379/0",
	})
	for name, out := range printed(t, s) {
		for _, secret := range []string{dbPassword, jwtSecret, redisPasswd} {
			assert.NotContains(t, out, secret, "%s of *Settings", name)
		}
	}
	for name, out := range printed(t, *s) {
		for _, secret := range []string{dbPassword, jwtSecret, redisPasswd} {
			assert.NotContains(t, out, secret, "%s of Settings", name)
		}
	}
	text := printed(t, s)["slog text"]
	assert.Contains(t, text, "v.database.connection=postgres")
	assert.Contains(t, text, "v.jwt.secret=[redacted]")
	assert.Contains(t, text, "v.rate_limit.redis_url=redis://:xxxxx@cache:6379/0")
	assert.Contains(t, text, "v.cors.allowed_origins=http://localhost:3000")
	assert.Contains(t, text, "v.api_log.max_body=4096")
}
