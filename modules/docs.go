package modules

import (
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/openapi"
)

// DocsConfig is what the example app's OpenAPI document says beyond its
// routes: its title, where it is served, and that every route is rate limited
// when RATE_LIMIT_PER_MINUTE is on.
func DocsConfig(s *config.Settings) openapi.Config {
	cfg := openapi.Config{
		Title:       "petra example app",
		Version:     "1.0.0",
		Description: "django-petra's starter over petra: registration, login, token refresh and an authenticated, paginated user list.",
		RateLimited: s.RateLimit.Enabled(),
	}
	if s.BaseURL != "" {
		cfg.Servers = []string{s.BaseURL}
	}
	return cfg
}
