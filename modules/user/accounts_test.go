package user_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/text/unicode/norm"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// eachDatabase runs fn against a migrated database of every driver under test.
func eachDatabase(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			d := dbtest.Open(t, driver)
			require.NoError(t, d.Migrate(context.Background(), user.Migrations, auth.Migrations))
			fn(t, d)
		})
	}
}

// assertRevoked checks that access and refresh are both refused with 401 and
// RFC 6750's invalid_token challenge.
func assertRevoked(t *testing.T, c *petratest.Client, access, refresh string) {
	t.Helper()
	res := c.WithTest(t).WithToken(access).Get("/api/v1/user/users/").AssertStatus(status.HTTP_401_UNAUTHORIZED)
	assert.Contains(t, res.Header().Get("WWW-Authenticate"), `Bearer error="invalid_token"`)
	res = c.WithTest(t).PostJSON("/api/v1/user/token/refresh/", map[string]string{"refresh_token": refresh}).
		AssertStatus(status.HTTP_401_UNAUTHORIZED)
	assert.Contains(t, res.Header().Get("WWW-Authenticate"), `Bearer error="invalid_token"`)
}

// createStaff makes a staff account with the test password and logs it in.
func createStaff(t *testing.T, c *petratest.Client, store *user.Store, email string) (uuid, access string) {
	t.Helper()
	hash, err := auth.Hasher{Cost: bcrypt.MinCost}.Hash(password)
	require.NoError(t, err)
	u, err := store.CreateStaff(context.Background(), "Root", email, hash)
	require.NoError(t, err)
	access, _ = login(c, email)
	return u.UUID, access
}

// accounts is the fixture of the tests of who may change or delete whom: a
// staff account and two users, Ann and Bob, each logged in.
type accounts struct {
	ann, bob                      string // the users' UUIDs
	rootToken, annToken, bobToken string // their access tokens
}

// newAccounts creates the [accounts] through c and store.
func newAccounts(t *testing.T, c *petratest.Client, store *user.Store) accounts {
	t.Helper()
	var a accounts
	_, a.rootToken = createStaff(t, c, store, "root@x.io")
	a.ann = register(c, "Ann", "ann@x.io")["uuid"].(string)
	a.bob = register(c, "Bob", "bob@x.io")["uuid"].(string)
	a.annToken, _ = login(c, "ann@x.io")
	a.bobToken, _ = login(c, "bob@x.io")
	return a
}

func TestTokensOfRevokedAccounts(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		c, store := newInstance(t, d, false)
		ctx := context.Background()
		_, root := createStaff(t, c, store, "root@x.io")
		tests := []struct {
			name   string
			revoke func(t *testing.T, uuid, access string)
		}{
			{"deleted by themself", func(t *testing.T, uuid, access string) {
				c.WithTest(t).WithToken(access).Delete("/api/v1/user/users/" + uuid).AssertStatus(status.HTTP_204_NO_CONTENT)
			}},
			{"deleted by staff", func(t *testing.T, uuid, _ string) {
				c.WithTest(t).WithToken(root).Delete("/api/v1/user/users/" + uuid).AssertStatus(status.HTTP_204_NO_CONTENT)
			}},
			{"deactivated", func(t *testing.T, uuid, _ string) { require.NoError(t, store.SetActive(ctx, uuid, false)) }},
			{"password set", func(t *testing.T, uuid, _ string) { require.NoError(t, store.SetPassword(ctx, uuid, "x")) }},
			{"password changed", func(t *testing.T, _, access string) {
				c.WithTest(t).WithToken(access).PostJSON("/api/v1/user/password/change/",
					map[string]string{"current_password": password, "new_password": "N3w!secret"}).AssertStatus(status.HTTP_200_OK)
			}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				email := string(rune('a'+i)) + "@revoked.io"
				uuid := register(c, "Victim", email)["uuid"].(string)
				access, refresh := login(c, email)
				c.WithTest(t).WithToken(access).Get("/api/v1/user/users/").AssertStatus(status.HTTP_200_OK)
				tt.revoke(t, uuid, access)
				assertRevoked(t, c, access, refresh)
			})
		}
		// A deactivated account cannot log in either, with the same answer.
		c.PostJSON("/api/v1/user/login/", map[string]string{"email": "c@revoked.io", "password": password}).
			AssertError(status.HTTP_401_UNAUTHORIZED, "Invalid credentials")
	})
}

func TestRefreshRotatesAndLogout(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		c, _ := newInstance(t, d, false)
		register(c, "Ann", "ann@x.io")
		access, refresh := login(c, "ann@x.io")

		res := c.PostJSON("/api/v1/user/token/refresh/", map[string]string{"refresh_token": refresh}).AssertStatus(status.HTTP_200_OK)
		pair := petratest.Decode[auth.TokenPair](res)
		require.NotEmpty(t, pair.AccessToken)
		require.NotEmpty(t, pair.RefreshToken)
		assert.NotEqual(t, refresh, pair.RefreshToken)
		c.WithToken(pair.AccessToken).Get("/api/v1/user/users/").AssertStatus(status.HTTP_200_OK)

		// The spent token again: 401, and every token of the login with it.
		c.PostJSON("/api/v1/user/token/refresh/", map[string]string{"refresh_token": refresh}).
			AssertError(status.HTTP_401_UNAUTHORIZED, "Token is revoked")
		assertRevoked(t, c, pair.AccessToken, pair.RefreshToken)
		assertRevoked(t, c, access, refresh)

		// Logout.
		access, refresh = login(c, "ann@x.io")
		other, _ := login(c, "ann@x.io") // another device
		res = c.PostJSON("/api/v1/user/logout/", map[string]string{"refresh_token": refresh}).AssertStatus(status.HTTP_204_NO_CONTENT)
		assert.Empty(t, res.Body())
		assertRevoked(t, c, access, refresh)
		c.WithToken(other).Get("/api/v1/user/users/").AssertStatus(status.HTTP_200_OK)

		// Every 401 challenges; it says invalid_token only when a token was
		// sent and refused (RFC 6750 §3.1).
		tests := []struct {
			name, body, message, challenge string
		}{
			{"garbage", `{"refresh_token":"abc"}`, "Token is invalid",
				`Bearer error="invalid_token", error_description="Token is invalid"`},
			{"missing", `{}`, "Refresh token required", "Bearer"},
			{"empty", `{"refresh_token":""}`, "Refresh token required", "Bearer"},
			{"access", `{"refresh_token":"` + other + `"}`, "Refresh token required",
				`Bearer error="invalid_token", error_description="Refresh token required"`},
		}
		for _, tt := range tests {
			for _, path := range []string{"/api/v1/user/logout/", "/api/v1/user/token/refresh/"} {
				t.Run(path+" with "+tt.name, func(t *testing.T) {
					res := c.WithTest(t).PostJSON(path, tt.body).AssertError(status.HTTP_401_UNAUTHORIZED, tt.message)
					assert.Equal(t, tt.challenge, res.Header().Get("WWW-Authenticate"))
				})
			}
		}
	})
}

func TestTwoInstancesAgree(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		a, storeA := newInstance(t, d, false)
		b, _ := newInstance(t, d, false)
		uuid := register(a, "Ann", "ann@x.io")["uuid"].(string)

		access, refresh := login(a, "ann@x.io")
		b.WithToken(access).Get("/api/v1/user/users/").AssertStatus(status.HTTP_200_OK)
		b.PostJSON("/api/v1/user/logout/", map[string]string{"refresh_token": refresh}).AssertStatus(status.HTTP_204_NO_CONTENT)
		assertRevoked(t, a, access, refresh)

		access, refresh = login(b, "ann@x.io")
		require.NoError(t, storeA.SetActive(context.Background(), uuid, false))
		assertRevoked(t, b, access, refresh)
	})
}

func TestDeletePermissions(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		c, store := newInstance(t, d, false)
		a := newAccounts(t, c, store)
		const unknown = "/api/v1/user/users/00000000-0000-4000-8000-000000000000"
		tests := []struct {
			name, token, path string
			want              status.Code
		}{
			{"anonymous", "", "/api/v1/user/users/" + a.ann, 401},
			{"unknown, anonymous", "", unknown, 401}, // authentication comes first, as in DRF
			{"unknown, a user", a.bobToken, unknown, 404},
			{"unknown, staff", a.rootToken, unknown, 404},
			{"another user", a.bobToken, "/api/v1/user/users/" + a.ann, 403},
			{"themself", a.annToken, "/api/v1/user/users/" + a.ann, 204},
			{"staff", a.rootToken, "/api/v1/user/users/" + a.bob, 204},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				cl := c.WithTest(t)
				if tt.token != "" {
					cl = cl.WithToken(tt.token)
				}
				res := cl.Delete(tt.path).AssertStatus(tt.want)
				if tt.want == 401 {
					assert.Equal(t, "Bearer", res.Header().Get("WWW-Authenticate"))
				}
			})
		}
	})
}

func TestIdentity(t *testing.T) {
	nfc := norm.NFC.String("josé@x.io")
	nfd := norm.NFD.String("josé@x.io")
	require.NotEqual(t, nfc, nfd)
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		c, _ := newInstance(t, d, false)
		tests := []struct {
			name, email, stored string
			want                status.Code
		}{
			{"one local part", "ann@alpha.example", "ann@alpha.example", 201},
			{"the same local part elsewhere", "ann@beta.example", "ann@beta.example", 201},
			{"ascii", "jose@x.io", "jose@x.io", 201},
			{"accented, NFC", nfc, nfc, 201},
			{"accented, NFD", nfd, "", 400},
			{"accented, upper case NFD", norm.NFD.String("JOSÉ@x.io"), "", 400},
			{"accented, upper case NFC", "JOSÉ@X.IO", "", 400},
			{"a dot in the local part", "a.b@x.io", "a.b@x.io", 201},
			{"an underscore for the dot", "a_b@x.io", "a_b@x.io", 201},
			{"the dotted local part elsewhere", "a.b@y.io", "a.b@y.io", 201},
			{"sharp s", "straße@x.io", "straße@x.io", 201},
			{"double s", "strasse@x.io", "strasse@x.io", 201},
			{"single s", "strase@x.io", "strase@x.io", 201},
			{"dotless i", "ınga@x.io", "ınga@x.io", 201},
			{"dotted i", "inga@x.io", "inga@x.io", 201},
		}
		usernames := map[string]bool{}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := c.WithTest(t).PostJSON("/api/v1/user/registration/",
					map[string]string{"name": "N", "email": tt.email, "password": password + tt.stored}).AssertStatus(tt.want)
				if tt.want != 201 {
					assert.Equal(t, map[string][]string{"email": {"The email is already registered"}}, res.Envelope().Errors)
					return
				}
				u := object(res)["user"].(map[string]any)
				assert.Equal(t, tt.stored, u["email"])
				assert.Equal(t, false, u["is_staff"])
				username := u["username"].(string)
				assert.False(t, usernames[username], "username %s given twice", username)
				usernames[username] = true
			})
		}
		// Each look-alike logs in with its own password only, by either spelling.
		for _, tt := range tests {
			if tt.want != 201 {
				continue
			}
			c.PostJSON("/api/v1/user/login/", map[string]string{"email": tt.email, "password": password + tt.stored}).
				AssertStatus(status.HTTP_200_OK)
		}
		c.PostJSON("/api/v1/user/login/", map[string]string{"email": nfd, "password": password + nfc}).AssertStatus(status.HTTP_200_OK)
		c.PostJSON("/api/v1/user/login/", map[string]string{"email": "jose@x.io", "password": password + nfc}).
			AssertError(status.HTTP_401_UNAUTHORIZED, "Invalid credentials")
		c.PostJSON("/api/v1/user/login/", map[string]string{"email": "strasse@x.io", "password": password + "straße@x.io"}).
			AssertStatus(status.HTTP_401_UNAUTHORIZED)
	})
}

func TestUsernameCollisionIsRetried(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		store := user.NewStore(d)
		ctx := context.Background()
		user.SetUsernameSuffixes(store, "aaaa", "aaaa", "bbbb")
		first, err := store.Create(ctx, "Ann", "ann@alpha.example", "h")
		require.NoError(t, err)
		assert.Equal(t, "ann-aaaa", first.Username)
		second, err := store.Create(ctx, "Ann", "ann@beta.example", "h")
		require.NoError(t, err, "a taken username is drawn again, not taken for a taken email")
		assert.Equal(t, "ann-bbbb", second.Username)

		user.SetUsernameSuffixes(store, "bbbb")
		_, err = store.Create(ctx, "Ann", "ANN@beta.example", "h")
		assert.ErrorIs(t, err, user.ErrEmailTaken, "the email is taken, whatever the username")
		_, err = store.Create(ctx, "Ann", "ann@gamma.example", "h")
		require.Error(t, err, "a username that never frees up gives up")
		assert.NotErrorIs(t, err, user.ErrEmailTaken)
	})
}

func TestPasswordChange(t *testing.T) {
	c := newClient(t, "sqlite")
	register(c, "Ann", "ann@x.io")
	access, _ := login(c, "ann@x.io")
	change := func(current, next string) *petratest.Response {
		return c.WithToken(access).PostJSON("/api/v1/user/password/change/",
			map[string]string{"current_password": current, "new_password": next})
	}
	change("wrong", "N3w!secret").AssertFieldErrors(status.HTTP_400_BAD_REQUEST,
		map[string][]string{"current_password": {"The current_password is incorrect"}})
	change(password, "weakweak").AssertFieldErrors(status.HTTP_400_BAD_REQUEST,
		map[string][]string{"new_password": {"The new_password must contain at least one upper case letter, one lower case letter and one special character"}})
	c.PostJSON("/api/v1/user/password/change/", map[string]string{"current_password": password, "new_password": "N3w!secret"}).
		AssertStatus(status.HTTP_401_UNAUTHORIZED)

	body := object(change(password, "N3w!secret").AssertStatus(status.HTTP_200_OK))
	assert.Equal(t, "Password changed", body["message"])
	c.WithToken(body["access_token"].(string)).Get("/api/v1/user/users/").AssertStatus(status.HTTP_200_OK)
	c.WithToken(access).Get("/api/v1/user/users/").AssertStatus(status.HTTP_401_UNAUTHORIZED)
	c.PostJSON("/api/v1/user/login/", map[string]string{"email": "ann@x.io", "password": password}).AssertStatus(status.HTTP_401_UNAUTHORIZED)
	c.PostJSON("/api/v1/user/login/", map[string]string{"email": "ann@x.io", "password": "N3w!secret"}).AssertStatus(status.HTTP_200_OK)
}

func TestEvery401Challenges(t *testing.T) {
	c := newClient(t, "sqlite")
	register(c, "Ann", "ann@x.io")
	tests := []struct {
		name string
		res  func() *petratest.Response
		want string
	}{
		{"no token", func() *petratest.Response { return c.Get("/api/v1/user/users/") }, "Bearer"},
		{"bad token", func() *petratest.Response { return c.WithToken("abc").Get("/api/v1/user/users/") }, `Bearer error="invalid_token"`},
		{"failed login", func() *petratest.Response {
			return c.PostJSON("/api/v1/user/login/", map[string]string{"email": "ann@x.io", "password": "nope"})
		}, "Bearer"},
		{"bad refresh", func() *petratest.Response {
			return c.PostJSON("/api/v1/user/token/refresh/", map[string]string{"refresh_token": "abc"})
		}, `Bearer error="invalid_token"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.res().AssertStatus(status.HTTP_401_UNAUTHORIZED)
			assert.Contains(t, res.Header().Get("WWW-Authenticate"), tt.want)
		})
	}
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, seed := range []string{"Ann@X.io", " josé@x.io ", norm.NFD.String("JOSÉ@x.io"), "İnga@x.io", "straße@x.io", "\xff@x", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, email string) {
		once := user.NormalizeEmail(email)
		assert.Equal(t, once, user.NormalizeEmail(once), "normalising is idempotent")
		assert.Equal(t, once, user.NormalizeEmail(norm.NFD.String(email)), "NFC and NFD spellings are one address")
	})
}
