package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// users is an app's user table as a PrincipalLoader sees it.
type users struct {
	mu   sync.Mutex
	byID map[string]auth.Principal
}

func newUsers(ps ...auth.Principal) *users {
	u := &users{byID: map[string]auth.Principal{}}
	for _, p := range ps {
		u.byID[p.ID] = p
	}
	return u
}

func (u *users) LoadPrincipal(_ context.Context, claims *auth.Claims) (*auth.Principal, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.byID[claims.Subject]
	if !ok {
		return nil, nil
	}
	return &p, nil
}

func (u *users) edit(id string, fn func(*auth.Principal)) {
	u.mu.Lock()
	defer u.mu.Unlock()
	p := u.byID[id]
	fn(&p)
	u.byID[id] = p
}

func (u *users) remove(id string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.byID, id)
}

// instance is one app instance: its own Sessions over a shared database.
type instance struct {
	sessions *auth.Sessions
	client   *petratest.Client
}

// newInstance serves GET /api/v1/me/ (authenticated) behind sessions over d.
func newInstance(t *testing.T, d *db.DB, loader auth.PrincipalLoader, now *time.Time) *instance {
	t.Helper()
	s := auth.NewSessions(newTokens(t, now, nil), d, loader)
	app := petra.New()
	app.Use(s.Middleware)
	app.Mount(petra.Module{Name: "me", Routes: []petra.Route{
		petra.Get("", func(r *petra.Request) petra.Result {
			p := auth.PrincipalFrom(r)
			return petra.Response(map[string]any{"id": p.ID, "staff": p.Staff, "user": p.User})
		}).Permission(auth.IsAuthenticated),
	}})
	return &instance{sessions: s, client: petratest.New(t, app)}
}

// get sends GET /api/v1/me/ with token and checks the status; a 401 must
// carry RFC 6750's challenge.
func (in *instance) get(t *testing.T, token string, want status.Code) {
	t.Helper()
	res := in.client.WithTest(t).WithToken(token).Get("/api/v1/me/").AssertStatus(want)
	if want == status.HTTP_401_UNAUTHORIZED {
		assert.Contains(t, res.Header().Get("WWW-Authenticate"), `Bearer error="invalid_token"`)
	}
}

// eachDriver runs fn on a migrated database of every driver under test.
func eachDriver(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			d := dbtest.Open(t, driver)
			require.NoError(t, d.Migrate(context.Background(), auth.Migrations))
			fn(t, d)
		})
	}
}

var ann = auth.Principal{ID: "ann", Active: true, User: "Ann Lee"}

func TestSessionsRevocation(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		tests := []struct {
			name   string
			revoke func(u *users, in *instance, pair auth.TokenPair)
		}{
			{"user deleted", func(u *users, _ *instance, _ auth.TokenPair) { u.remove("ann") }},
			{"user deactivated", func(u *users, _ *instance, _ auth.TokenPair) {
				u.edit("ann", func(p *auth.Principal) { p.Active = false })
			}},
			{"password changed", func(u *users, _ *instance, _ auth.TokenPair) {
				u.edit("ann", func(p *auth.Principal) { p.TokenVersion++ })
			}},
			{"logout", func(_ *users, in *instance, pair auth.TokenPair) {
				require.NoError(t, in.sessions.Logout(ctx, pair.RefreshToken))
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := newUsers(ann)
				in := newInstance(t, d, u, nil)
				pair, err := in.sessions.Login(ctx, &ann)
				require.NoError(t, err)
				in.get(t, pair.AccessToken, 200)

				tt.revoke(u, in, pair)
				in.get(t, pair.AccessToken, 401)
				_, err = in.sessions.Refresh(ctx, pair.RefreshToken)
				requireUnauthorized(t, err, "Token is revoked")
			})
		}
	})
}

func TestSessionsRotation(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		in := newInstance(t, d, newUsers(ann), nil)
		first, err := in.sessions.Login(ctx, &ann)
		require.NoError(t, err)

		second, err := in.sessions.Refresh(ctx, first.RefreshToken)
		require.NoError(t, err)
		assert.NotEqual(t, first, second)
		in.get(t, second.AccessToken, 200)
		third, err := in.sessions.Refresh(ctx, second.RefreshToken)
		require.NoError(t, err)
		in.get(t, third.AccessToken, 200)

		// The first refresh token was spent: its replay revokes the family,
		// including the tokens rotated from it since.
		_, err = in.sessions.Refresh(ctx, first.RefreshToken)
		requireUnauthorized(t, err, "Token is revoked")
		in.get(t, third.AccessToken, 401)
		in.get(t, first.AccessToken, 401)
		_, err = in.sessions.Refresh(ctx, third.RefreshToken)
		requireUnauthorized(t, err, "Token is revoked")

		// Another login is another family, untouched.
		other, err := in.sessions.Login(ctx, &ann)
		require.NoError(t, err)
		in.get(t, other.AccessToken, 200)

		// An access token is not a refresh token, nor the reverse.
		_, err = in.sessions.Refresh(ctx, other.AccessToken)
		requireUnauthorized(t, err, "Refresh token required")
		in.client.WithTest(t).WithToken(other.RefreshToken).Get("/api/v1/me/").AssertError(401, "Access token required")
		require.NoError(t, in.sessions.Logout(ctx, other.RefreshToken))
		// CONTRACT.md: after logout, that refresh token is refused, a second logout too.
		requireUnauthorized(t, in.sessions.Logout(ctx, other.RefreshToken), "Token is revoked")
	})
}

func TestSessionsConcurrentRefreshSpendsOnce(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		in := newInstance(t, d, newUsers(ann), nil)
		pair, err := in.sessions.Login(ctx, &ann)
		require.NoError(t, err)
		const n = 4
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { _, errs[i] = in.sessions.Refresh(ctx, pair.RefreshToken) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			requireUnauthorized(t, err, "Token is revoked")
		}
		assert.LessOrEqual(t, ok, 1, "a refresh token is spent once")
	})
}

func TestSessionsTwoInstancesAgree(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		u := newUsers(ann)
		// Two instances keep nothing in memory: each has its own Sessions
		// and Tokens, and only the database is shared.
		a, b := newInstance(t, d, u, nil), newInstance(t, d, u, nil)
		pair, err := a.sessions.Login(ctx, &ann)
		require.NoError(t, err)
		b.get(t, pair.AccessToken, 200)

		rotated, err := b.sessions.Refresh(ctx, pair.RefreshToken)
		require.NoError(t, err)
		_, err = a.sessions.Refresh(ctx, pair.RefreshToken) // replayed on the other instance
		requireUnauthorized(t, err, "Token is revoked")
		a.get(t, rotated.AccessToken, 401)
		b.get(t, rotated.AccessToken, 401)

		again, err := a.sessions.Login(ctx, &ann)
		require.NoError(t, err)
		require.NoError(t, b.sessions.Logout(ctx, again.RefreshToken))
		a.get(t, again.AccessToken, 401)
	})
}

func TestSessionsRefusals(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		in := newInstance(t, d, newUsers(ann), nil)
		inactive := ann
		inactive.Active = false
		_, err := in.sessions.Login(ctx, &inactive)
		requireUnauthorized(t, err, "Token is revoked")
		_, err = in.sessions.Login(ctx, &auth.Principal{Active: true})
		assert.Error(t, err)

		// A stateless token of the same secret has no family.
		stateless, err := in.sessions.Tokens().Issue("ann")
		require.NoError(t, err)
		in.get(t, stateless.AccessToken, 401)
		_, err = in.sessions.Refresh(ctx, stateless.RefreshToken)
		requireUnauthorized(t, err, "Token is invalid")
		requireUnauthorized(t, in.sessions.Logout(ctx, stateless.RefreshToken), "Token is invalid")
		requireUnauthorized(t, in.sessions.Logout(ctx, "garbage"), "Token is invalid")
		// No token sent: a 401 whose challenge names no error (RFC 6750 §3.1).
		_, err = in.sessions.Refresh(ctx, "")
		assert.ErrorIs(t, err, auth.ErrRefreshTokenMissing)
		assert.ErrorIs(t, in.sessions.Logout(ctx, ""), auth.ErrRefreshTokenMissing)

		in.client.WithTest(t).Get("/api/v1/me/").AssertStatus(401)
		in.client.WithTest(t).WithHeader("Authorization", "Basic eDp5").Get("/api/v1/me/").AssertStatus(401)

		// Tokens of a family this database does not know (another database
		// with the same secret, or rows cleaned up) are refused, not a 500.
		elsewhere := dbtest.Open(t, "sqlite")
		require.NoError(t, elsewhere.Migrate(ctx, auth.Migrations))
		foreign, err := auth.NewSessions(newTokens(t, nil, nil), elsewhere, newUsers(ann)).Login(ctx, &ann)
		require.NoError(t, err)
		in.get(t, foreign.AccessToken, 401)
		_, err = in.sessions.Refresh(ctx, foreign.RefreshToken)
		requireUnauthorized(t, err, "Token is revoked")
	})
}

func TestSessionsPrincipal(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		staff := auth.Principal{ID: "root", Active: true, Staff: true, User: "Root"}
		in := newInstance(t, d, newUsers(ann, staff), nil)
		pair, err := in.sessions.Login(context.Background(), &staff)
		require.NoError(t, err)
		in.client.WithTest(t).WithToken(pair.AccessToken).Get("/api/v1/me/").
			AssertJSON(200, `{"id":"root","staff":true,"user":"Root"}`)
	})
}

func TestSessionsCleanup(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := epoch
		in := newInstance(t, d, newUsers(ann), &now)
		old, err := in.sessions.Login(ctx, &ann)
		require.NoError(t, err)
		_, err = in.sessions.Refresh(ctx, old.RefreshToken)
		require.NoError(t, err)

		now = epoch.Add(auth.DefaultRefreshTTL / 2)
		fresh, err := in.sessions.Login(ctx, &ann) // more than an hour on: cleans up, nothing expired yet
		require.NoError(t, err)
		removed, err := in.sessions.Cleanup(ctx)
		require.NoError(t, err)
		assert.Zero(t, removed)

		now = epoch.Add(auth.DefaultRefreshTTL + time.Minute)
		removed, err = in.sessions.Cleanup(ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(3), removed, "two refresh tokens and the family of the first login")
		_, err = in.sessions.Refresh(ctx, fresh.RefreshToken)
		require.NoError(t, err, "the later login lives on")
		_, err = in.sessions.Refresh(ctx, old.RefreshToken)
		requireUnauthorized(t, err, "Token is expired")

		// Login cleans up on its own, at most once an hour.
		now = epoch.Add(auth.DefaultRefreshTTL/2 + auth.DefaultRefreshTTL + 2*time.Hour)
		_, err = in.sessions.Login(ctx, &ann)
		require.NoError(t, err)
		var left int
		require.NoError(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM petra_refresh_tokens`).Scan(&left))
		assert.Equal(t, 2, left, "the later login's live refresh token and the new login's are left; its spent one expired")
	})
}

func TestSessionsDatabaseDownIsNot401(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	require.NoError(t, d.Migrate(context.Background(), auth.Migrations))
	in := newInstance(t, d, newUsers(ann), nil)
	pair, err := in.sessions.Login(context.Background(), &ann)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	res := in.client.WithToken(pair.AccessToken).Get("/api/v1/me/")
	assert.NotEqual(t, http.StatusUnauthorized, res.Code(), res.Body())
	assert.True(t, res.Code().IsServerError())
}

// FuzzSessionsMiddleware: whatever the Authorization header, the answer is a
// 200 or a 401 in the envelope with a Bearer challenge, never a 500.
func FuzzSessionsMiddleware(f *testing.F) {
	d := dbtest.Open(f, "sqlite")
	require.NoError(f, d.Migrate(context.Background(), auth.Migrations))
	s := auth.NewSessions(newTokens(f, nil, nil), d, newUsers(ann))
	pair, err := s.Login(context.Background(), &ann)
	require.NoError(f, err)
	for _, seed := range []string{"", "Bearer " + pair.AccessToken, "Bearer " + pair.RefreshToken, "bearer  x", "Basic eDp5", "Bearer", "Bearer a.b.c", pair.AccessToken} {
		f.Add(seed)
	}
	app := petra.New()
	app.Use(s.Middleware)
	app.Mount(petra.Module{Name: "me", Routes: []petra.Route{
		petra.Get("", func(*petra.Request) petra.Result { return petra.Response("ok") }),
	}})
	f.Fuzz(func(t *testing.T, header string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/me/", nil)
		req.Header.Set("Authorization", header)
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
		case http.StatusUnauthorized:
			assert.True(t, strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer"), rec.Header())
			assert.Contains(t, rec.Body.String(), `"success":false`)
		default:
			t.Fatalf("%q: %d %s", header, rec.Code, rec.Body.String())
		}
	})
}
