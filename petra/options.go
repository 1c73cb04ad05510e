package petra

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Option configures an [App]; pass options to [New].
type Option func(*settings)

type settings struct {
	logger          *slog.Logger
	bodyLimit       int64
	baseURL         string
	perPage         int
	maxPerPage      int
	showRoutes      bool
	showRoutesPerms []Permission
	shutdownTimeout time.Duration
	server          []func(*http.Server)
	bodyTimeout     time.Duration
	bodyMinRate     int
	languages       *languages  // nil: English only; see WithCatalog
	values          map[any]any // see WithValue
}

func defaultSettings() settings {
	return settings{
		logger:          slog.Default(),
		bodyLimit:       1 << 20,
		perPage:         15,
		maxPerPage:      100,
		showRoutes:      true,
		shutdownTimeout: 10 * time.Second,
		bodyTimeout:     10 * time.Second,
		bodyMinRate:     500,
	}
}

// WithLogger sets the logger of requests that fail with a 500, panics and
// start-up, which views reach with [Request.Logger]. Default: slog.Default()
// when New is called. A nil logger keeps the default.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) {
		if l != nil {
			s.logger = l
		}
	}
}

// WithBodyLimit sets the largest request body, in bytes, that routes accept unless
// they set their own with [Route.BodyLimit]. Default: 1 MiB. A negative n removes
// the limit. A larger body is answered 413 in the error envelope.
func WithBodyLimit(n int64) Option { return func(s *settings) { s.bodyLimit = n } }

// WithBaseURL sets the absolute URL the app is reached at, such as
// "https://api.example.com", used to build absolute pagination links. Default:
// none, and links are relative ("/api/v1/user/users/?page=2"), since the Host a
// client sends is not to be trusted.
func WithBaseURL(u string) Option {
	return func(s *settings) { s.baseURL = strings.TrimRight(u, "/") }
}

// WithPagination sets the page size used when a request gives no per_page, and
// the largest per_page a request may ask for (larger ones are capped). Defaults:
// 15 and 100. Values below 1 keep the default.
func WithPagination(perPage, maxPerPage int) Option {
	return func(s *settings) {
		if perPage > 0 {
			s.perPage = perPage
		}
		if maxPerPage > 0 {
			s.maxPerPage = maxPerPage
		}
		s.perPage = min(s.perPage, s.maxPerPage)
	}
}

// WithShowRoutes decides whether GET /hello-petra/api/show-routes lists the app's
// routes, and which permissions guard it. Default: served to anyone, which suits
// development; in production pass false, or a permission such as
// auth.IsAuthenticated.
func WithShowRoutes(enabled bool, perms ...Permission) Option {
	return func(s *settings) {
		s.showRoutes = enabled
		s.showRoutesPerms = perms
	}
}

// WithShutdownTimeout sets how long [App.Serve] waits for in-flight requests
// after it is asked to stop. Default: 10s.
func WithShutdownTimeout(d time.Duration) Option {
	return func(s *settings) { s.shutdownTimeout = d }
}

// WithServer lets configure change the *http.Server that [App.Server] builds,
// after petra's defaults are set: timeouts, TLS, header limits.
func WithServer(configure func(*http.Server)) Option {
	return func(s *settings) { s.server = append(s.server, configure) }
}

// WithBodyTimeout sets how fast a client must send a request body, as Apache's
// mod_reqtimeout `body=…,MinRate=…` does: the body must start within timeout
// of the route being reached, and each minRate bytes received give it one more
// second. A client slower than that is answered 408 in the error envelope,
// with Connection: close, and logged at WARN: its fault, not the server's.
// Defaults: 10s and 500 bytes per second, well inside the handler timeouts
// apps use (30s), so a slow body never ends as a 503 or a 500. A timeout of 0
// or less turns the guard off and leaves the server's ReadTimeout alone; a
// minRate of 0 or less makes timeout hold for the whole body.
//
// The deadlines are set with http.ResponseController, so they apply when the
// app is served by net/http (and through middleware whose writers unwrap);
// elsewhere, as under httptest.NewRecorder, there is nothing to set.
func WithBodyTimeout(timeout time.Duration, minRate int) Option {
	return func(s *settings) {
		s.bodyTimeout = timeout
		s.bodyMinRate = minRate
	}
}
