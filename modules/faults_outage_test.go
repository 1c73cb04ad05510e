package modules_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/project"
)

// withDeadline gives each request's context a deadline d from now: a short
// stand-in for the 30s one the runtime sets (project.RequestTimeout), so a test can wait it out.
func withDeadline(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// TestOutageAnswers503 serves the example app (as the runtime builds it) over a
// database reached through a proxy, then takes the database away: requests
// answer 503 in the error envelope within a bound, never a 500 and never a
// hang, and once the database is back the app serves again by itself.
func TestOutageAnswers503(t *testing.T) {
	for _, driver := range []string{"postgres", "mysql"} { // skipped without their DSN, except in CI
		t.Run(driver, func(t *testing.T) {
			ctx := context.Background()
			d, proxy := dbtest.OpenProxied(t, driver)
			require.NoError(t, d.Migrate(ctx, example.AllMigrations()...))
			s := settings(t, map[string]string{"JWT_SECRET": faultSecret, "RATE_LIMIT_PER_MINUTE": "0"})
			srv := httptest.NewServer(withDeadline(newApp(t, s, d, nil), time.Second))
			t.Cleanup(srv.Close)

			// An account to read, and a token the app's verifier accepts.
			hash, err := auth.Hasher{Cost: bcrypt.MinCost}.Hash("S3cret!pw")
			require.NoError(t, err)
			ann, err := user.NewStore(d).Create(ctx, "Ann", "ann@x.io", hash)
			require.NoError(t, err)
			tokens, err := auth.NewTokens(auth.Config{Secret: []byte(s.JWT.Secret), Issuer: s.JWT.Issuer})
			require.NoError(t, err)
			pair, err := auth.NewSessions(tokens, d, modules.Principals(project.Deps{DB: d})).Login(ctx, &auth.Principal{ID: ann.UUID, Active: true})
			require.NoError(t, err)

			client := srv.Client()
			type call struct{ name, method, path, body, token string }
			reads := []call{
				{"list users", http.MethodGet, "/api/v1/user/users/", "", pair.AccessToken},
				{"get user", http.MethodGet, "/api/v1/user/users/" + ann.UUID, "", pair.AccessToken},
				{"login", http.MethodPost, "/api/v1/user/login/", `{"email":"ann@x.io","password":"nope"}`, ""},
			}
			// Registration hashes first (seconds under the race detector), so
			// it runs once, during the cut.
			register := call{"register", http.MethodPost, "/api/v1/user/registration/", registration("bo@x.io"), ""}
			const bound = 20 * time.Second // far past the 1s deadline: only a hang exceeds it

			want := map[string]int{"list users": 200, "get user": 200, "login": 401}
			for _, c := range reads {
				r := do(client, c.method, srv.URL+c.path, c.body, c.token, bound)
				require.NoError(t, r.err, c.name)
				require.Equal(t, want[c.name], r.code, "%s before the outage: %s", c.name, r.body)
			}

			outages := []struct {
				name  string
				start func()
				calls []call
			}{
				{"server down", proxy.Cut, append(reads, register)},
				{"network silent", proxy.Blackhole, reads},
			}
			for _, outage := range outages {
				t.Run(outage.name, func(t *testing.T) {
					outage.start()
					for _, c := range outage.calls {
						r := do(client, c.method, srv.URL+c.path, c.body, c.token, bound)
						require.NoError(t, r.err, "%s: answered within %v", c.name, bound)
						assert.Equal(t, http.StatusServiceUnavailable, r.code, "%s: %s", c.name, r.body)
						assert.True(t, isEnvelope(r.body), "%s: %s", c.name, r.body)
					}

					proxy.Restore()
					back := false
					for range 20 { // connections the outage killed are dropped one by one
						r := do(client, http.MethodGet, srv.URL+"/api/v1/user/users/", "", pair.AccessToken, bound)
						require.NoError(t, r.err)
						if r.code == http.StatusOK {
							back = true
							break
						}
						require.Equal(t, http.StatusServiceUnavailable, r.code, "never a 500: %s", r.body)
					}
					require.True(t, back, "the app did not recover")
					for _, c := range reads {
						r := do(client, c.method, srv.URL+c.path, c.body, c.token, bound)
						require.NoError(t, r.err, c.name)
						assert.Equal(t, want[c.name], r.code, "%s after the outage: %s", c.name, r.body)
					}
				})
			}
		})
	}
}
