package modules_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/project"
	"github.com/go-petra/petra/status"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// settings returns the settings of env over the defaults, with a JWT secret.
func settings(t *testing.T, env map[string]string) *config.Settings {
	t.Helper()
	full := map[string]string{"JWT_SECRET": "test-secret-0123456789-abcdefghij", "PASSWORD_HASH_COST": "4",
		"STORAGE_LOCAL_ROOT": t.TempDir()}
	for k, v := range env {
		full[k] = v
	}
	s, err := config.LoadFrom(config.MapLookup(full))
	require.NoError(t, err)
	return s
}

// example is the example app as cmd/petra declares it.
var example = modules.Project()

// newApp builds the example app over a migrated database, as the runtime
// assembles it for `petra serve`.
func newApp(t *testing.T, s *config.Settings, d *db.DB, rdb redis.UniversalClient) *petra.App {
	t.Helper()
	rt, err := example.Build(s, d, rdb, quiet)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	return rt.App
}

// migrated opens a database of driver with every migration applied, River's too.
func migrated(t *testing.T, driver string) *db.DB {
	t.Helper()
	d := dbtest.Open(t, driver)
	require.NoError(t, d.Migrate(context.Background(), example.AllMigrations()...))
	_, err := project.MigrateJobs(context.Background(), settings(t, nil), d, quiet) // River's, as migrate up does
	require.NoError(t, err)
	return d
}

// randomClient is a client address no other test run shares, so counters kept
// in a shared Redis never mix.
func randomClient() string {
	return fmt.Sprintf("[2001:db8:%x:%x::1]:4242", rand.Uint32N(1<<16), rand.Uint32N(1<<16))
}

func serve(app http.Handler, method, path, body, remote string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if remote != "" {
		req.RemoteAddr = remote
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}

func TestProjectEndpoints(t *testing.T) {
	d := migrated(t, "sqlite")
	dev := newApp(t, settings(t, nil), d, nil)
	rec := serve(dev, http.MethodGet, "/hello-petra/status", "", "", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.JSONEq(t, `{"status":"petra is working fine"}`, rec.Body.String())
	assert.Equal(t, http.StatusOK, serve(dev, http.MethodGet, "/hello-petra/api/show-routes", "", "", nil).Code)

	prod := newApp(t, settings(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": "prod-secret-0123456789-abcdefghijkl"}), d, nil)
	assert.Equal(t, http.StatusOK, serve(prod, http.MethodGet, "/hello-petra/status", "", "", nil).Code)
	assert.Equal(t, http.StatusUnauthorized, serve(prod, http.MethodGet, "/hello-petra/api/show-routes", "", "", nil).Code,
		"the route table is not public in production")
}

func TestCORS(t *testing.T) {
	app := newApp(t, settings(t, map[string]string{"CORS_ALLOWED_ORIGINS": "https://app.example.com"}), migrated(t, "sqlite"), nil)
	preflight := map[string]string{"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
		"Access-Control-Request-Headers": "Content-Type"}
	rec := serve(app, http.MethodOptions, "/api/v1/user/registration/", "", "", preflight)
	assert.Equal(t, "https://app.example.com", rec.Header().Get("Access-Control-Allow-Origin"))

	preflight["Origin"] = "https://evil.example.com"
	rec = serve(app, http.MethodOptions, "/api/v1/user/registration/", "", "", preflight)
	assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"))
}

func TestRateLimit(t *testing.T) {
	app := newApp(t, settings(t, map[string]string{"RATE_LIMIT_PER_MINUTE": "3"}), migrated(t, "sqlite"), nil)
	client := randomClient()
	for i := range 3 {
		assert.Equal(t, http.StatusOK, serve(app, http.MethodGet, "/hello-petra/status", "", client, nil).Code, i)
	}
	rec := serve(app, http.MethodGet, "/hello-petra/status", "", client, nil)
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	assert.JSONEq(t, `{"success":false,"message":"Too many requests"}`, rec.Body.String())
	assert.Equal(t, http.StatusOK, serve(app, http.MethodGet, "/hello-petra/status", "", randomClient(), nil).Code,
		"another client has its own count")
}

// redisClient connects to TEST_REDIS_URL; it skips without one, except in CI.
func redisClient(t *testing.T) *redis.Client {
	t.Helper()
	url := os.Getenv("TEST_REDIS_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TEST_REDIS_URL is not set: CI must test the Redis-backed rate limit")
		}
		t.Skip("TEST_REDIS_URL is not set")
	}
	opts, err := redis.ParseURL(url)
	require.NoError(t, err)
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	require.NoError(t, rdb.Ping(context.Background()).Err(), "Redis at TEST_REDIS_URL cannot be reached")
	return rdb
}

// TestInstancesShareState runs two instances of the app, as behind a load
// balancer: an account registered through one logs in through the other, and
// with Redis they share one rate limit.
func TestInstancesShareState(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			rdb := redisClient(t)
			d := migrated(t, driver)
			s := settings(t, map[string]string{"RATE_LIMIT_PER_MINUTE": "4", "REDIS_URL": os.Getenv("TEST_REDIS_URL")})
			a, b := newApp(t, s, d, rdb), newApp(t, s, d, rdb)
			client := randomClient()

			rec := serve(a, http.MethodPost, "/api/v1/user/registration/",
				`{"name":"Ann","email":"ann@x.io","password":"S3cret!pw"}`, client, nil)
			require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
			rec = serve(b, http.MethodPost, "/api/v1/user/login/", `{"email":"ann@x.io","password":"S3cret!pw"}`, client, nil)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())

			codes := []int{}
			for _, app := range []*petra.App{a, b, a, b, a} {
				codes = append(codes, serve(app, http.MethodGet, "/hello-petra/status", "", client, nil).Code)
			}
			assert.Equal(t, []int{200, 200, 200, 200, 429}, codes, "one limit of 4 across both instances")
		})
	}
}

// TestAPILogHoldsNoSecret sends every request that carries a password or a
// token, in each body form the contract accepts and as a bearer header, and
// reads every entry the API log wrote: none holds one in clear.
func TestAPILogHoldsNoSecret(t *testing.T) {
	rt, s := openWithAPILog(t)
	c := petratest.New(t, rt.App)
	const pw = "S3cret!pw"
	c.PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"ann@x.io","password":"`+pw+`"}`).
		AssertStatus(status.HTTP_201_CREATED)
	tokens := func(res *petratest.Response) (access, refresh string) {
		m := petratest.Decode[map[string]any](res.AssertStatus(status.HTTP_200_OK))
		return m["access_token"].(string), m["refresh_token"].(string)
	}
	access, refresh := tokens(c.PostForm("/api/v1/user/login/", url.Values{"email": {"ann@x.io"}, "password": {pw}}))
	secrets := []string{pw, access, refresh}
	steps := []struct {
		name string
		send func() (access, refresh string)
	}{
		{"login by multipart", func() (string, string) {
			return tokens(c.PostMultipart("/api/v1/user/login/",
				petratest.Multipart{}.Field("email", "ann@x.io").Field("password", pw)))
		}},
		{"refresh by JSON", func() (string, string) {
			return tokens(c.PostJSON("/api/v1/user/token/refresh/", map[string]string{"refresh_token": refresh}))
		}},
		{"refresh by form", func() (string, string) {
			return tokens(c.PostForm("/api/v1/user/token/refresh/", url.Values{"refresh_token": {refresh}}))
		}},
		{"refresh by multipart", func() (string, string) {
			return tokens(c.PostMultipart("/api/v1/user/token/refresh/", petratest.Multipart{}.Field("refresh_token", refresh)))
		}},
		{"a bearer header and a token in the query", func() (string, string) {
			c.WithToken(access).Get("/api/v1/user/users/?note=" + url.QueryEscape(access)).AssertStatus(status.HTTP_200_OK)
			return access, refresh
		}},
		{"logout with the token in an array, refused", func() (string, string) {
			c.PostJSON("/api/v1/user/logout/", `["`+refresh+`"]`).AssertStatus(status.HTTP_400_BAD_REQUEST)
			return access, refresh
		}},
		{"logout by form", func() (string, string) {
			c.PostForm("/api/v1/user/logout/", url.Values{"refresh_token": {refresh}}).AssertStatus(status.HTTP_204_NO_CONTENT)
			return access, refresh
		}},
	}
	for _, step := range steps {
		access, refresh = step.send()
		secrets = append(secrets, access, refresh)
	}
	require.NoError(t, rt.Close(), "Close writes the queued entries")

	rows, err := openSQLite(t, s).QueryMaps(context.Background(),
		`SELECT path, query, request_body, response_body FROM petra_api_logs`)
	require.NoError(t, err)
	require.Len(t, rows, 2+len(steps))
	for _, row := range rows {
		for _, col := range []string{"query", "request_body", "response_body"} {
			v := fmt.Sprint(row[col])
			for _, secret := range secrets {
				assert.False(t, strings.Contains(v, secret), "%s of %s holds a secret in clear", col, row["path"])
			}
		}
	}
}
