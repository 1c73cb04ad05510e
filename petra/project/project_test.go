package project_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/project"
	"github.com/go-petra/petra/status"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// settings returns the settings of env over the defaults, with a JWT secret.
func settings(t *testing.T, env map[string]string) *config.Settings {
	t.Helper()
	full := map[string]string{"JWT_SECRET": strings.Repeat("s", 32), "RATE_LIMIT_PER_MINUTE": "0"}
	for k, v := range env {
		full[k] = v
	}
	s, err := config.LoadFrom(config.MapLookup(full))
	require.NoError(t, err)
	return s
}

// whoami answers the subject of the request's bearer token, as the app's own
// middleware saw it.
func whoami(r *petra.Request) petra.Result {
	return petra.Response(map[string]string{"seen": r.Header.Get("X-Seen-Subject")})
}

// app is a project with a module, its own middleware and its own endpoint.
var app = &project.Project{
	Name: "app",
	Modules: func(d project.Deps) []petra.Module {
		return []petra.Module{{Name: "me", Routes: []petra.Route{petra.Get("whoami/", whoami)}}}
	},
	Middleware: []func(http.Handler) http.Handler{func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c := auth.ClaimsFromContext(r.Context()); c != nil {
				r.Header.Set("X-Seen-Subject", c.Subject)
			}
			next.ServeHTTP(w, r)
		})
	}},
	Endpoints: []project.Endpoint{func(rt *project.Runtime) petra.Module {
		return petra.Module{Name: "hello-petra", Path: "/hello-petra/api", Routes: []petra.Route{
			petra.Get("route-count", func(*petra.Request) petra.Result {
				return petra.Response(map[string]int{"routes": len(rt.App.Routes())})
			}),
		}}
	}},
}

func TestBuild(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	rt, err := app.Build(settings(t, map[string]string{"PETRA_DOCS": "false"}), d, nil, quiet)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	c := petratest.New(t, rt.App)

	pair, err := rt.Tokens.Issue("ann")
	require.NoError(t, err)
	res := c.WithToken(pair.AccessToken).Get("/api/v1/me/whoami/")
	res.AssertJSON(status.HTTP_200_OK, `{"seen":"ann"}`)
	assert.NotEmpty(t, res.Header().Get("X-Request-Id"), "request IDs come first")

	c.Get("/hello-petra/api/route-count").AssertJSON(status.HTTP_200_OK, `{"routes":5}`) // status, show-routes, whoami, route-count, the jobs UI
	c.Get("/hello-petra/status").AssertStatus(status.HTTP_200_OK)
}

func TestBuildRefusesBadSettings(t *testing.T) {
	s := settings(t, nil)
	s.JWT.Secret = "short"
	_, err := app.Build(s, dbtest.Open(t, "sqlite"), nil, quiet)
	assert.ErrorContains(t, err, "JWT_SECRET")
}

// TestBuildRefusesAnAppThatLinksNowhere: a view that reverses a route no
// module mounts stops the app from starting, naming the route.
func TestBuildRefusesAnAppThatLinksNowhere(t *testing.T) {
	p := *app
	p.Modules = func(project.Deps) []petra.Module {
		return []petra.Module{{Name: "me", Routes: []petra.Route{petra.Get("whoami/", whoami).Reverses("me:profile")}}}
	}
	_, err := p.Build(settings(t, nil), dbtest.Open(t, "sqlite"), nil, quiet)
	require.ErrorIs(t, err, petra.ErrNoReverseMatch)
	assert.ErrorContains(t, err, `GET /api/v1/me/whoami/ reverses: petra: no reverse match: "me:profile" is no route of the app`)
}

func TestOptionsWin(t *testing.T) {
	p := *app
	p.Options = []petra.Option{petra.WithShowRoutes(false)}
	rt, err := p.Build(settings(t, nil), dbtest.Open(t, "sqlite"), nil, quiet)
	require.NoError(t, err)
	petratest.New(t, rt.App).Get("/hello-petra/api/show-routes").AssertStatus(status.HTTP_404_NOT_FOUND)
}

// TestRoutesAreServed checks that Routes lists what Open serves, the API
// log's endpoint included.
func TestRoutesAreServed(t *testing.T) {
	s := settings(t, map[string]string{"API_LOG_ENABLED": "true", "DB_DATABASE": filepath.Join(t.TempDir(), "app.sqlite3")})
	routes, err := app.Routes(context.Background(), s, quiet)
	require.NoError(t, err)
	rt, err := app.Open(context.Background(), s, quiet)
	require.NoError(t, err)
	defer rt.Close()
	assert.Equal(t, rt.App.Routes(), routes)
	paths := []string{}
	for _, r := range routes {
		paths = append(paths, r.Path)
	}
	assert.Contains(t, paths, "/hello-petra/api/show-api-logs")
}

func TestOpenMigratesAndLogs(t *testing.T) {
	logger, logs := petratest.NewLogger()
	s := settings(t, map[string]string{"DB_DATABASE": filepath.Join(t.TempDir(), "app.sqlite3")})
	rt, err := app.Open(context.Background(), s, logger)
	require.NoError(t, err)
	require.NoError(t, rt.Close())
	assert.Contains(t, logs.String(), `"msg":"petra: migration applied","module":"apilog","migration":"00001_create_api_logs.sql"`)
	assert.Contains(t, logs.String(), `"msg":"petra: migrations done","applied":1`)

	rt, err = app.Open(context.Background(), s, logger)
	require.NoError(t, err)
	require.NoError(t, rt.Close())
	assert.Contains(t, logs.String(), `"msg":"petra: migrations up to date"`)
	assert.NotContains(t, logs.String(), "JWT_SECRET", "the settings have a secret")
}

func TestOpenWarnsOfARandomSecret(t *testing.T) {
	logger, logs := petratest.NewLogger()
	s := settings(t, map[string]string{"DB_DATABASE": filepath.Join(t.TempDir(), "app.sqlite3"), "JWT_SECRET": ""})
	require.True(t, s.JWT.Generated)
	rt, err := app.Open(context.Background(), s, logger)
	require.NoError(t, err)
	require.NoError(t, rt.Close())
	assert.Contains(t, logs.String(), `"level":"WARN","msg":"config: JWT_SECRET is not set; using a random secret for this run, so tokens stop working on restart`)
	assert.NotContains(t, logs.String(), string(s.JWT.Secret))
}

func TestOpenFailsCleanly(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		err  string
	}{
		{"bad Redis URL", map[string]string{"REDIS_URL": "redis://:x@[::1"}, "REDIS_URL"},
		{"no such directory", map[string]string{"DB_DATABASE": "/nonexistent/dir/app.sqlite3"}, "db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"DB_DATABASE": filepath.Join(t.TempDir(), "app.sqlite3")}
			for k, v := range tt.env {
				env[k] = v
			}
			s, err := config.LoadFrom(config.MapLookup(env))
			if err != nil { // the settings themselves may refuse it first
				assert.ErrorContains(t, err, tt.err)
				return
			}
			_, err = app.Open(context.Background(), s, quiet)
			assert.ErrorContains(t, err, tt.err)
		})
	}
}
