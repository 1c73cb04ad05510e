package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/project"
)

// cheapServer serves the example app's modules over a fresh SQLite database
// with passwords hashed at bcrypt.MinCost, so that many registrations run
// fast even under the race detector.
func cheapServer(t *testing.T) *httptest.Server {
	t.Helper()
	d := dbtest.Open(t, "sqlite")
	example := modules.Project()
	require.NoError(t, d.Migrate(context.Background(), example.AllMigrations()...))
	tokens, err := auth.NewTokens(auth.Config{Secret: []byte(strings.Repeat("k", 32))})
	require.NoError(t, err)
	deps := project.Deps{DB: d, Tokens: tokens, Hasher: auth.Hasher{Cost: bcrypt.MinCost}}
	deps.Sessions = auth.NewSessions(tokens, d, modules.Principals(deps))
	app := petra.New(petra.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	app.Use(deps.Sessions.Middleware)
	app.Mount(modules.All(deps)...)
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return srv
}

// TestRunAgainstURL loads a running server with 50 registrations and checks
// every one of them.
func TestRunAgainstURL(t *testing.T) {
	srv := cheapServer(t)
	s, err := run(context.Background(), options{n: 50, c: 8, url: srv.URL, timeout: 30 * time.Second})
	require.NoError(t, err, "%v", s)
	assert.Equal(t, 50, s.created)
	assert.Equal(t, 50, s.retrievable)
	assert.Equal(t, 1, s.before, "the probe account")
	assert.Equal(t, 51, s.after)
	assert.Zero(t, s.errors)
	assert.Zero(t, s.serverErrors)
	out := s.String()
	for _, want := range []string{"req/s", "p50", "p99", "errors       0", "5xx          0", "retrievable  50/50", "1 → 51 (+50, want +50)"} {
		assert.Contains(t, out, want)
	}

	// A second run against the same server uses other emails.
	s, err = run(context.Background(), options{n: 5, c: 2, url: srv.URL + "/"})
	require.NoError(t, err, "%v", s)
	assert.Equal(t, 52, s.before)
}

// TestRunInProcess runs the default mode, the example app over a fresh SQLite
// file, with a handful of registrations: bcrypt at its default cost makes
// each one take seconds under the race detector.
func TestRunInProcess(t *testing.T) {
	s, err := run(context.Background(), options{n: 3, c: 3, driver: "sqlite"})
	require.NoError(t, err, "%v", s)
	assert.Equal(t, 3, s.retrievable)
	assert.Contains(t, s.String(), "in-process example app, fresh sqlite database")
}

// TestRunInProcessPostgres runs the default mode over a schema of its own in
// TEST_POSTGRES_DSN's database, which it drops afterwards. It skips without
// the variable, except in CI.
func TestRunInProcessPostgres(t *testing.T) {
	dsn := os.Getenv(dbtest.EnvPostgres)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must test PostgreSQL", dbtest.EnvPostgres)
		}
		t.Skipf("%s is not set", dbtest.EnvPostgres)
	}
	s, err := run(context.Background(), options{n: 2, c: 2, driver: "postgres", dsn: dsn})
	require.NoError(t, err, "%v", s)
	assert.Equal(t, 2, s.retrievable)
	assert.Contains(t, s.String(), "fresh postgres database")
}

// TestRunReportsFailures points the command at servers that fail or lose
// registrations: it counts them and fails.
func TestRunReportsFailures(t *testing.T) {
	good, err := url.Parse(cheapServer(t).URL)
	require.NoError(t, err)
	tests := []struct {
		name string
		// fault answers the i-th registration (0 is the probe) instead of
		// the server, or returns false to let it through.
		fault func(i int64, w http.ResponseWriter) bool
		check func(t *testing.T, s *summary)
	}{
		{"every third answered 503", func(i int64, w http.ResponseWriter) bool {
			if i > 0 && i%3 == 0 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return true
			}
			return false
		}, func(t *testing.T, s *summary) {
			assert.Equal(t, 3, s.serverErrors)
			assert.Equal(t, 6, s.created)
			assert.Contains(t, s.String(), "5xx          3")
		}},
		{"every third acknowledged but not stored", func(i int64, w http.ResponseWriter) bool {
			if i > 0 && i%3 == 0 {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, `{"user":{"uuid":"01a2137f-0000-7000-8000-000000000000","email":"lost@load.test"}}`)
				return true
			}
			return false
		}, func(t *testing.T, s *summary) {
			assert.Equal(t, 9, s.created)
			assert.Equal(t, 6, s.retrievable)
			assert.Equal(t, 6, s.after-s.before)
			assert.Contains(t, s.String(), "retrievable  6/9")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var registrations atomic.Int64
			forward := httputil.NewSingleHostReverseProxy(good)
			faulty := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/api/v1/user/registration/" && tt.fault(registrations.Add(1)-1, w) {
					return
				}
				forward.ServeHTTP(w, r)
			}))
			t.Cleanup(faulty.Close)
			s, err := run(context.Background(), options{n: 9, c: 1, url: faulty.URL})
			require.Error(t, err)
			require.NotNil(t, s)
			tt.check(t, s)
		})
	}
}

func TestPercentile(t *testing.T) {
	sorted := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	assert.Equal(t, time.Duration(5), percentile(sorted, 0.5))
	assert.Equal(t, time.Duration(10), percentile(sorted, 0.99))
	assert.Zero(t, percentile(nil, 0.5))
}

func TestBadFlags(t *testing.T) {
	for _, cfg := range []options{{n: 0, c: 1}, {n: 1, c: 0}, {n: 1, c: 1, driver: "oracle"}, {n: 1, c: 1, driver: "postgres"}} {
		s, err := run(context.Background(), cfg)
		assert.Error(t, err, "%+v", cfg)
		assert.Nil(t, s)
	}
}
