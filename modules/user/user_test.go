package user_test

import (
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
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
	"github.com/go-petra/petra/petra/db/dbtest"
)

const password = "S3cret!pw"

// client serves requests to an app over one database, for one test.
type client struct {
	t   *testing.T
	app *petra.App
}

// newClient returns a client of the user module over a fresh database of driver.
func newClient(t *testing.T, driver string) *client {
	t.Helper()
	d := dbtest.Open(t, driver)
	require.NoError(t, d.Migrate(context.Background(), user.Migrations))
	tokens, err := auth.NewTokens(auth.Config{Secret: []byte(strings.Repeat("k", 32))})
	require.NoError(t, err)
	app := petra.New()
	app.Use(tokens.Middleware)
	app.Mount(user.Module(user.NewStore(d), tokens, auth.Hasher{Cost: bcrypt.MinCost}))
	return &client{t: t, app: app}
}

type response struct {
	Code   int
	Header http.Header
	Body   string
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Body), &m), r.Body)
	return m
}

func (c *client) do(method, path, contentType, body, token string) response {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	c.app.ServeHTTP(rec, req)
	return response{Code: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
}

func (c *client) postJSON(path, body string) response {
	return c.do(http.MethodPost, path, "application/json", body, "")
}

func (c *client) register(name, email string) map[string]any {
	c.t.Helper()
	res := c.postJSON("/api/v1/user/registration/", fmt.Sprintf(`{"name":%q,"email":%q,"password":%q}`, name, email, password))
	require.Equal(c.t, http.StatusCreated, res.Code, res.Body)
	return res.json(c.t)["user"].(map[string]any)
}

func (c *client) login(email string) (access, refresh string) {
	c.t.Helper()
	res := c.postJSON("/api/v1/user/login/", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password))
	require.Equal(c.t, http.StatusOK, res.Code, res.Body)
	m := res.json(c.t)
	return m["access_token"].(string), m["refresh_token"].(string)
}

// eachDriver runs fn against SQLite and every backend whose DSN is set.
func eachDriver(t *testing.T, fn func(t *testing.T, c *client)) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) { fn(t, newClient(t, driver)) })
	}
}

func TestRegistration(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *client) {
		tests := []struct {
			name, body string
			want       int
			errors     map[string]any
		}{
			{"valid", `{"name":"Ann","email":"Ann@Example.io","password":"S3cret!pw"}`, 201, nil},
			{"duplicate in other case", `{"name":"Ann","email":"ANN@example.IO","password":"S3cret!pw"}`, 400,
				map[string]any{"email": []any{"The email is already registered"}}},
			{"missing fields", `{}`, 400, map[string]any{
				"name":     []any{"The name field is required"},
				"email":    []any{"The email field is required"},
				"password": []any{"The password field is required"},
			}},
			{"invalid email, long name", `{"name":"` + strings.Repeat("n", 101) + `","email":"nope","password":"S3cret!pw"}`, 400,
				map[string]any{
					"name":  []any{"The name must not be greater than 100 characters"},
					"email": []any{"The email must be a valid email address"},
				}},
			{"short password", `{"name":"Bo","email":"bo@x.io","password":"S3!a"}`, 400,
				map[string]any{"password": []any{"The password must be at least 8 characters"}}},
			{"weak password", `{"name":"Bo","email":"bo@x.io","password":"alllowercase1"}`, 400,
				map[string]any{"password": []any{"The password must contain at least one upper case letter, one lower case letter and one special character"}}},
			{"malformed json", `{"name":`, 400, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := c.postJSON("/api/v1/user/registration/", tt.body)
				require.Equal(t, tt.want, res.Code, res.Body)
				body := res.json(t)
				if tt.want == 201 {
					assert.Equal(t, "Registration successful", body["message"])
					u := body["user"].(map[string]any)
					assert.Equal(t, "ann@example.io", u["email"])
					assert.Equal(t, true, u["is_active"])
					for _, key := range []string{"uuid", "name", "email", "username", "is_active", "created", "modified"} {
						assert.Contains(t, u, key)
					}
					assert.NotContains(t, res.Body, "password")
					assert.NotContains(t, res.Body, "bcrypt")
					return
				}
				assert.Equal(t, false, body["success"])
				if tt.errors != nil {
					assert.Equal(t, tt.errors, body["errors"])
				}
			})
		}
	})
}

func TestRegistrationForms(t *testing.T) {
	c := newClient(t, "sqlite")
	form := url.Values{"name": {"Cy"}, "email": {"cy@x.io"}, "password": {password}}
	res := c.do(http.MethodPost, "/api/v1/user/registration/", "application/x-www-form-urlencoded", form.Encode(), "")
	require.Equal(t, http.StatusCreated, res.Code, res.Body)

	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"name": "Di", "email": "di@x.io", "password": password} {
		require.NoError(t, mw.WriteField(k, v))
	}
	require.NoError(t, mw.Close())
	res = c.do(http.MethodPost, "/api/v1/user/registration/", mw.FormDataContentType(), buf.String(), "")
	require.Equal(t, http.StatusCreated, res.Code, res.Body)
}

func TestLoginAndRefresh(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *client) {
		u := c.register("Ann", "ann@x.io")
		tests := []struct {
			name, body string
			want       int
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
				res := c.postJSON("/api/v1/user/login/", tt.body)
				require.Equal(t, tt.want, res.Code, res.Body)
				body := res.json(t)
				assert.Equal(t, tt.message, body["message"])
				if tt.want == 200 {
					assert.NotEmpty(t, body["access_token"])
					assert.NotEmpty(t, body["refresh_token"])
					assert.Equal(t, u["uuid"], body["user"].(map[string]any)["uuid"])
					assert.NotContains(t, res.Body, "password")
				}
			})
		}

		access, refresh := c.login("ann@x.io")
		res := c.postJSON("/api/v1/user/token/refresh/", fmt.Sprintf(`{"refresh_token":%q}`, refresh))
		require.Equal(t, http.StatusOK, res.Code, res.Body)
		newAccess := res.json(t)["access_token"].(string)
		assert.Equal(t, http.StatusOK, c.do(http.MethodGet, "/api/v1/user/users/", "", "", newAccess).Code)

		for name, body := range map[string]string{
			"access token as refresh": fmt.Sprintf(`{"refresh_token":%q}`, access),
			"garbage":                 `{"refresh_token":"abc"}`,
			"missing":                 `{}`,
		} {
			t.Run("refresh "+name, func(t *testing.T) {
				res := c.postJSON("/api/v1/user/token/refresh/", body)
				require.Equal(t, http.StatusUnauthorized, res.Code, res.Body)
				assert.Equal(t, false, res.json(t)["success"])
			})
		}
		res = c.do(http.MethodGet, "/api/v1/user/users/", "", "", refresh)
		assert.Equal(t, http.StatusUnauthorized, res.Code, "a refresh token is not a bearer token")
	})
}

func TestUsers(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *client) {
		var uuids []string
		for i := range 5 {
			uuids = append(uuids, c.register(fmt.Sprintf("User %d", i), fmt.Sprintf("u%d@x.io", i))["uuid"].(string))
		}
		token, _ := c.login("u0@x.io")

		t.Run("list needs a token", func(t *testing.T) {
			res := c.do(http.MethodGet, "/api/v1/user/users/", "", "", "")
			require.Equal(t, http.StatusUnauthorized, res.Code)
			assert.Equal(t, false, res.json(t)["success"])
		})
		t.Run("list pages", func(t *testing.T) {
			res := c.do(http.MethodGet, "/api/v1/user/users/?page=2&per_page=2", "", "", token)
			require.Equal(t, http.StatusOK, res.Code, res.Body)
			body := res.json(t)
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
			assert.NotContains(t, res.Body, "password")
		})
		t.Run("bad page params", func(t *testing.T) {
			for _, q := range []string{"page=0", "page=x", "per_page=0", "per_page=-3"} {
				res := c.do(http.MethodGet, "/api/v1/user/users/?"+q, "", "", token)
				assert.Equal(t, http.StatusBadRequest, res.Code, q)
			}
		})
		t.Run("per_page is capped", func(t *testing.T) {
			res := c.do(http.MethodGet, "/api/v1/user/users/?per_page=1000", "", "", token)
			require.Equal(t, http.StatusOK, res.Code)
			assert.EqualValues(t, 100, res.json(t)["per_page"])
		})
		t.Run("retrieve", func(t *testing.T) {
			res := c.do(http.MethodGet, "/api/v1/user/users/"+uuids[2], "", "", token)
			require.Equal(t, http.StatusOK, res.Code, res.Body)
			assert.Equal(t, "u2@x.io", res.json(t)["email"])
		})
		t.Run("retrieve unknown and malformed", func(t *testing.T) {
			assert.Equal(t, http.StatusNotFound, c.do(http.MethodGet, "/api/v1/user/users/00000000-0000-4000-8000-000000000000", "", "", token).Code)
			assert.Equal(t, http.StatusNotFound, c.do(http.MethodGet, "/api/v1/user/users/not-a-uuid", "", "", token).Code)
		})
		t.Run("delete", func(t *testing.T) {
			res := c.do(http.MethodDelete, "/api/v1/user/users/"+uuids[3], "", "", token)
			require.Equal(t, http.StatusNoContent, res.Code, res.Body)
			assert.Empty(t, res.Body)
			assert.Equal(t, http.StatusNotFound, c.do(http.MethodGet, "/api/v1/user/users/"+uuids[3], "", "", token).Code)
			assert.Equal(t, http.StatusNotFound, c.do(http.MethodDelete, "/api/v1/user/users/"+uuids[3], "", "", token).Code)
		})
		t.Run("wrong method", func(t *testing.T) {
			res := c.do(http.MethodPut, "/api/v1/user/users/"+uuids[1], "", "", token)
			require.Equal(t, http.StatusMethodNotAllowed, res.Code)
			assert.Equal(t, "DELETE, GET, HEAD, OPTIONS", res.Header.Get("Allow"))
		})
	})
}

// TestConcurrentRegistrations registers the same emails many times at once:
// each email gets exactly one 201, the rest 400, and every 201 is retrievable.
func TestConcurrentRegistrations(t *testing.T) {
	eachDriver(t, func(t *testing.T, c *client) {
		const emails, attempts = 8, 5
		type outcome struct {
			code int
			uuid string
		}
		results := make(chan outcome, emails*attempts)
		var wg sync.WaitGroup
		for i := range emails * attempts {
			wg.Go(func() {
				body := fmt.Sprintf(`{"name":"N","email":"same%d@x.io","password":%q}`, i%emails, password)
				res := c.postJSON("/api/v1/user/registration/", body)
				o := outcome{code: res.Code}
				if res.Code == http.StatusCreated {
					o.uuid = res.json(t)["user"].(map[string]any)["uuid"].(string)
				} else {
					assert.Contains(t, res.Body, "The email is already registered")
				}
				results <- o
			})
		}
		wg.Wait()
		close(results)
		counts := map[int]int{}
		var created []string
		for o := range results {
			counts[o.code]++
			if o.uuid != "" {
				created = append(created, o.uuid)
			}
		}
		assert.Equal(t, map[int]int{201: emails, 400: emails * (attempts - 1)}, counts)
		token, _ := c.login("same0@x.io")
		for _, id := range created {
			assert.Equal(t, http.StatusOK, c.do(http.MethodGet, "/api/v1/user/users/"+id, "", "", token).Code)
		}
		res := c.do(http.MethodGet, "/api/v1/user/users/", "", "", token)
		assert.EqualValues(t, emails, res.json(t)["total"])
	})
}
