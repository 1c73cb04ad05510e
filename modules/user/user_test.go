package user_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/openapi/openapitest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/storage"
	"github.com/go-petra/petra/status"
)

const password = "S3cret!pw"

// newClient returns a client of the user module over a fresh database of driver.
func newClient(t *testing.T, driver string) *petratest.Client {
	t.Helper()
	c, _ := newInstance(t, dbtest.Open(t, driver), true)
	return c
}

// newInstance returns a client of one instance of the user module over d, and
// its store; migrate migrates d first.
func newInstance(t *testing.T, d *db.DB, migrate bool) (*petratest.Client, *user.Store) {
	t.Helper()
	return newInstanceWithAvatars(t, d, migrate, newAvatarDisk(t))
}

// newAvatarDisk returns a local disk for avatars, emptied after the test.
func newAvatarDisk(t *testing.T) *storage.Local {
	t.Helper()
	avatars, err := storage.NewLocal(t.TempDir(), storage.LocalOptions{URL: "https://files.example.com"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = avatars.Close() })
	return avatars
}

// newInstanceWithAvatars is [newInstance] keeping avatars on the given disk,
// with the module's options opts.
func newInstanceWithAvatars(t *testing.T, d *db.DB, migrate bool, avatars storage.Disk, opts ...user.Option) (*petratest.Client, *user.Store) {
	t.Helper()
	app, store, _ := newAppWithAvatars(t, d, migrate, avatars, opts...)
	// Every exchange is checked against the app's OpenAPI document: the
	// document never lies about what the module accepts and answers.
	return petratest.New(t, app).WithCheck(openapitest.Check(t, app, docs)), store
}

// docs is the document of the test app of newAppWithAvatars: its middleware
// gives every answer an X-Request-ID.
var docs = openapi.Config{Middleware: []petra.Answers{middleware.RequestIDAnswers()}}

// newAppWithAvatars is the app of [newInstanceWithAvatars], for tests that
// send it requests the document does not describe (a database outage), and
// what the app logged: it gives requests IDs, as a project's app does.
func newAppWithAvatars(t *testing.T, d *db.DB, migrate bool, avatars storage.Disk, opts ...user.Option) (*petra.App, *user.Store, *petratest.LogBuffer) {
	t.Helper()
	if migrate {
		require.NoError(t, d.Migrate(context.Background(), user.Migrations, auth.Migrations))
	}
	tokens, err := auth.NewTokens(auth.Config{Secret: []byte(strings.Repeat("k", 32))})
	require.NoError(t, err)
	store := user.NewStore(d)
	sessions := auth.NewSessions(tokens, d, store)
	logger, logs := petratest.NewLogger()
	app := petra.New(petra.WithLogger(logger))
	app.Use(middleware.RequestID, sessions.Middleware)
	app.Mount(user.Module(store, sessions, auth.Hasher{Cost: bcrypt.MinCost}, append(opts, user.WithAvatars(avatars))...))
	return app, store, logs
}

// object decodes res's body as a JSON object.
func object(res *petratest.Response) map[string]any { return petratest.Decode[map[string]any](res) }

// register creates an account and returns the user it answered.
func register(c *petratest.Client, name, email string) map[string]any {
	res := c.PostJSON("/api/v1/user/registration/", map[string]string{"name": name, "email": email, "password": password})
	return object(res.AssertStatus(status.HTTP_201_CREATED))["user"].(map[string]any)
}

// login returns the tokens of the account with email.
func login(c *petratest.Client, email string) (access, refresh string) {
	res := c.PostJSON("/api/v1/user/login/", map[string]string{"email": email, "password": password})
	m := object(res.AssertStatus(status.HTTP_200_OK))
	return m["access_token"].(string), m["refresh_token"].(string)
}

// eachDriver runs fn against SQLite and every backend whose DSN is set.
func eachDriver(t *testing.T, fn func(t *testing.T, c *petratest.Client)) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) { fn(t, newClient(t, driver)) })
	}
}

func TestRegistration(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *petratest.Client) {
		tests := []struct {
			name, body string
			want       status.Code
			errors     map[string][]string
		}{
			{"valid", `{"name":"Ann","email":"Ann@Example.io","password":"S3cret!pw"}`, 201, nil},
			{"duplicate in other case", `{"name":"Ann","email":"ANN@example.IO","password":"S3cret!pw"}`, 400,
				map[string][]string{"email": {"The email is already registered"}}},
			{"missing fields", `{}`, 400, map[string][]string{
				"name":     {"The name field is required"},
				"email":    {"The email field is required"},
				"password": {"The password field is required"},
			}},
			{"invalid email, long name", `{"name":"` + strings.Repeat("n", 101) + `","email":"nope","password":"S3cret!pw"}`, 400,
				map[string][]string{
					"name":  {"The name must not be greater than 100 characters"},
					"email": {"The email must be a valid email address"},
				}},
			{"short password", `{"name":"Bo","email":"bo@x.io","password":"S3!a"}`, 400,
				map[string][]string{"password": {"The password must be at least 8 characters"}}},
			{"weak password", `{"name":"Bo","email":"bo@x.io","password":"alllowercase1"}`, 400,
				map[string][]string{"password": {"The password must contain at least one upper case letter, one lower case letter and one special character"}}},
			{"malformed json", `{"name":`, 400, nil},
			// U+0958 is excluded from composition: NFC spells it with two
			// code points, so 60 of them are 120 once normalised.
			{"email over 100 characters once normalised", `{"name":"Bo","email":"` + strings.Repeat("\u0958", 60) + `@x.io","password":"S3cret!pw"}`, 400,
				map[string][]string{"email": {"The email must not be greater than 100 characters"}}},
			{"name over 100 characters once normalised", `{"name":"` + strings.Repeat("\u0958", 60) + `","email":"bo@x.io","password":"S3cret!pw"}`, 400,
				map[string][]string{"name": {"The name must not be greater than 100 characters"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := c.WithTest(t).PostJSON("/api/v1/user/registration/", tt.body).AssertStatus(tt.want)
				if tt.want == 201 {
					res.AssertJSONSubset(status.HTTP_201_CREATED, map[string]any{
						"message": "Registration successful",
						"user": map[string]any{
							"email": "ann@example.io", "is_active": true, "name": "Ann",
							"uuid": petratest.Any, "username": petratest.Any, "created": petratest.Any, "modified": petratest.Any,
						},
					})
					u := object(res)["user"].(map[string]any)
					assert.Equal(t, c.WithTest(t).URL("user:get_single_user", u["uuid"]), res.Header().Get("Location"),
						"the Location of the new account")
					assert.NotContains(t, res.Body(), "password")
					assert.NotContains(t, res.Body(), "bcrypt")
					return
				}
				env := res.Envelope()
				if tt.errors != nil {
					assert.Equal(t, tt.errors, env.Errors)
				}
			})
		}
	})
}

func TestRegistrationForms(t *testing.T) {
	c := newClient(t, "sqlite")
	c.PostForm("/api/v1/user/registration/", url.Values{"name": {"Cy"}, "email": {"cy@x.io"}, "password": {password}}).
		AssertStatus(status.HTTP_201_CREATED)

	c.PostMultipart("/api/v1/user/registration/",
		petratest.Multipart{}.Field("name", "Di").Field("email", "di@x.io").Field("password", password)).
		AssertStatus(status.HTTP_201_CREATED)
}

func TestLoginAndRefresh(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *petratest.Client) {
		u := register(c, "Ann", "ann@x.io")
		tests := []struct {
			name, body string
			want       status.Code
			message    string
		}{
			{"by email", `{"email":"ann@x.io","password":"S3cret!pw"}`, 200, "Login successful"},
			{"by email in other case", `{"email":"ANN@x.io","password":"S3cret!pw"}`, 200, "Login successful"},
			{"by username", fmt.Sprintf(`{"email":%q,"password":"S3cret!pw"}`, u["username"]), 200, "Login successful"},
			{"wrong password", `{"email":"ann@x.io","password":"nope"}`, 401, "Invalid credentials"},
			{"unknown email", `{"email":"who@x.io","password":"S3cret!pw"}`, 401, "Invalid credentials"},
			{"missing password", `{"email":"ann@x.io"}`, 400, "The given data was invalid"},
			{"missing email", `{"password":"x"}`, 400, "The given data was invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := c.WithTest(t).PostJSON("/api/v1/user/login/", tt.body).AssertStatus(tt.want)
				body := object(res)
				assert.Equal(t, tt.message, body["message"])
				if tt.want == 200 {
					assert.NotEmpty(t, body["access_token"])
					assert.NotEmpty(t, body["refresh_token"])
					assert.Equal(t, u["uuid"], body["user"].(map[string]any)["uuid"])
					assert.NotContains(t, res.Body(), "password")
				}
			})
		}

		access, refresh := login(c, "ann@x.io")
		res := c.PostJSON("/api/v1/user/token/refresh/", map[string]string{"refresh_token": refresh}).AssertStatus(status.HTTP_200_OK)
		c.WithToken(object(res)["access_token"].(string)).Get("/api/v1/user/users/").AssertStatus(status.HTTP_200_OK)

		for name, body := range map[string]string{
			"access token as refresh": fmt.Sprintf(`{"refresh_token":%q}`, access),
			"garbage":                 `{"refresh_token":"abc"}`,
			"missing":                 `{}`,
		} {
			t.Run("refresh "+name, func(t *testing.T) {
				c.WithTest(t).PostJSON("/api/v1/user/token/refresh/", body).AssertStatus(status.HTTP_401_UNAUTHORIZED).Envelope()
			})
		}
		// A refresh token is not a bearer token.
		c.WithToken(refresh).Get("/api/v1/user/users/").AssertStatus(status.HTTP_401_UNAUTHORIZED)
	})
}

func TestUsers(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *petratest.Client) {
		var uuids []string
		for i := range 5 {
			uuids = append(uuids, register(c, fmt.Sprintf("User %d", i), fmt.Sprintf("u%d@x.io", i))["uuid"].(string))
		}
		token, _ := login(c, "u0@x.io")
		authed := c.WithToken(token)

		t.Run("list needs a token", func(t *testing.T) {
			c.WithTest(t).Get("/api/v1/user/users/").AssertStatus(status.HTTP_401_UNAUTHORIZED).Envelope()
		})
		t.Run("list pages", func(t *testing.T) {
			res := authed.WithTest(t).Get("/api/v1/user/users/?page=2&per_page=2").AssertStatus(status.HTTP_200_OK)
			body := object(res)
			assert.Len(t, body["data"], 2)
			assert.EqualValues(t, 5, body["total"])
			assert.EqualValues(t, 2, body["per_page"])
			assert.EqualValues(t, 2, body["current_page"])
			assert.EqualValues(t, 3, body["last_page"])
			assert.Equal(t, "/api/v1/user/users/?page=1&per_page=2", body["first_page_url"])
			assert.Equal(t, "/api/v1/user/users/?page=3&per_page=2", body["last_page_url"])
			assert.Equal(t, "/api/v1/user/users/?page=3&per_page=2", body["next_page_url"])
			assert.Equal(t, "/api/v1/user/users/?page=1&per_page=2", body["prev_page_url"])
			extra := body["additional_data"].(map[string]any)
			assert.EqualValues(t, 5, extra["total_active_users"])
			assert.Equal(t, uuids[4], extra["last_registered"].(map[string]any)["uuid"])
			assert.NotContains(t, res.Body(), "password")
		})
		t.Run("bad page params", func(t *testing.T) {
			for _, q := range []string{"page=0", "page=x", "per_page=0", "per_page=-3"} {
				assert.Equal(t, status.HTTP_400_BAD_REQUEST, authed.WithTest(t).Get("/api/v1/user/users/?"+q).Code(), q)
			}
		})
		t.Run("per_page is capped", func(t *testing.T) {
			res := authed.WithTest(t).Get("/api/v1/user/users/?per_page=1000").AssertStatus(status.HTTP_200_OK)
			assert.EqualValues(t, 100, object(res)["per_page"])
		})
		t.Run("retrieve", func(t *testing.T) {
			res := authed.WithTest(t).Get("/api/v1/user/users/" + uuids[2]).AssertStatus(status.HTTP_200_OK)
			assert.Equal(t, "u2@x.io", object(res)["email"])
		})
		t.Run("retrieve unknown and malformed", func(t *testing.T) {
			a := authed.WithTest(t)
			a.Get("/api/v1/user/users/00000000-0000-4000-8000-000000000000").AssertStatus(status.HTTP_404_NOT_FOUND)
			a.Get("/api/v1/user/users/not-a-uuid").AssertStatus(status.HTTP_404_NOT_FOUND)
		})
		t.Run("delete", func(t *testing.T) {
			a := authed.WithTest(t)
			a.Delete("/api/v1/user/users/"+uuids[3]).AssertError(status.HTTP_403_FORBIDDEN, "You do not have permission to perform this action")
			a.Get("/api/v1/user/users/" + uuids[3]).AssertStatus(status.HTTP_200_OK)
			own, _ := login(c, "u3@x.io")
			assert.Empty(t, c.WithTest(t).WithToken(own).Delete("/api/v1/user/users/"+uuids[3]).AssertStatus(status.HTTP_204_NO_CONTENT).Body())
			a.Get("/api/v1/user/users/" + uuids[3]).AssertStatus(status.HTTP_404_NOT_FOUND)
			a.Delete("/api/v1/user/users/" + uuids[3]).AssertStatus(status.HTTP_404_NOT_FOUND)
		})
		t.Run("wrong method", func(t *testing.T) {
			res := authed.WithTest(t).Send(http.MethodPut, "/api/v1/user/users/"+uuids[1], "", nil).
				AssertStatus(status.HTTP_405_METHOD_NOT_ALLOWED)
			assert.Equal(t, "DELETE, GET, HEAD, OPTIONS, PATCH", res.Header().Get("Allow"))
		})
	})
}

// TestConcurrentRegistrations registers the same emails many times at once:
// each email gets exactly one 201, the rest 400, and every 201 is retrievable.
func TestConcurrentRegistrations(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *petratest.Client) {
		const emails, attempts = 8, 5
		type outcome struct {
			code status.Code
			uuid string
		}
		results := make(chan outcome, emails*attempts)
		var wg sync.WaitGroup
		for i := range emails * attempts {
			wg.Go(func() {
				body := fmt.Sprintf(`{"name":"N","email":"same%d@x.io","password":%q}`, i%emails, password)
				res := c.PostJSON("/api/v1/user/registration/", body)
				o := outcome{code: res.Code()}
				if o.code == status.HTTP_201_CREATED {
					o.uuid = object(res)["user"].(map[string]any)["uuid"].(string)
				} else {
					assert.Contains(t, res.Body(), "The email is already registered")
				}
				results <- o
			})
		}
		wg.Wait()
		close(results)
		counts := map[status.Code]int{}
		var created []string
		for o := range results {
			counts[o.code]++
			if o.uuid != "" {
				created = append(created, o.uuid)
			}
		}
		assert.Equal(t, map[status.Code]int{201: emails, 400: emails * (attempts - 1)}, counts)
		token, _ := login(c, "same0@x.io")
		authed := c.WithToken(token)
		for _, id := range created {
			assert.Equal(t, status.HTTP_200_OK, authed.Get("/api/v1/user/users/"+id).Code())
		}
		assert.EqualValues(t, emails, object(authed.Get("/api/v1/user/users/"))["total"])
	})
}
