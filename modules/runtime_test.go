package modules_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/project"
	"github.com/go-petra/petra/status"
)

// TestRuntimeAPILog runs the app as `petra serve` does, with the API log on:
// requests are written to the database, secrets redacted, and listed to
// staff only.
func TestRuntimeAPILog(t *testing.T) {
	s := settings(t, map[string]string{
		"DB_DATABASE":     filepath.Join(t.TempDir(), "app.sqlite3"),
		"API_LOG_ENABLED": "true",
	})
	open := func() *project.Runtime {
		rt, err := example.Open(context.Background(), s, quiet)
		require.NoError(t, err)
		return rt
	}

	rt := open()
	c := petratest.New(t, rt.App)
	c.PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"ann@x.io","password":"S3cret!pw"}`).
		AssertStatus(status.HTTP_201_CREATED)
	c.Get("/hello-petra/status").AssertStatus(status.HTTP_200_OK)
	require.NoError(t, rt.Close(), "Close writes the queued entries")

	rt = open()
	defer rt.Close()
	c = petratest.New(t, rt.App)
	login := petratest.Decode[map[string]any](c.PostJSON("/api/v1/user/login/",
		`{"email":"ann@x.io","password":"S3cret!pw"}`).AssertStatus(status.HTTP_200_OK))

	c.Get("/hello-petra/api/show-api-logs").AssertStatus(status.HTTP_401_UNAUTHORIZED)
	c.WithToken(login["access_token"].(string)).Get("/hello-petra/api/show-api-logs").AssertStatus(status.HTTP_403_FORBIDDEN)
	_, err := user.CreateSuperuser(context.Background(), user.NewStore(rt.DB), auth.Hasher{Cost: bcrypt.MinCost},
		"Root", "root@x.io", "R00t!secret")
	require.NoError(t, err)
	staff := petratest.Decode[map[string]any](c.PostJSON("/api/v1/user/login/",
		`{"email":"root@x.io","password":"R00t!secret"}`).AssertStatus(status.HTTP_200_OK))
	res := c.WithToken(staff["access_token"].(string)).Get("/hello-petra/api/show-api-logs").AssertStatus(status.HTTP_200_OK)
	assert.NotContains(t, res.Body(), "S3cret!pw")
	page := petratest.Decode[db.CursorPage[apilog.Entry]](res)
	var entry apilog.Entry // the registration, written by Close; the login may still be queued
	for _, e := range page.Data {
		if e.Path == "/api/v1/user/registration/" {
			entry = e
		}
	}
	require.NotEmpty(t, page.Data)
	// Cursors are signed with a key derived from JWT_SECRET: the next page's
	// is taken, an altered one is not.
	staffC := c.WithToken(staff["access_token"].(string))
	first := petratest.Decode[db.CursorPage[apilog.Entry]](staffC.Get("/hello-petra/api/show-api-logs?per_page=1").
		AssertStatus(status.HTTP_200_OK))
	require.NotNil(t, first.NextCursor)
	staffC.Get("/hello-petra/api/show-api-logs?per_page=1&cursor=" + url.QueryEscape(*first.NextCursor)).
		AssertStatus(status.HTTP_200_OK)
	staffC.Get("/hello-petra/api/show-api-logs?cursor="+url.QueryEscape(*first.NextCursor+"x")).
		AssertFieldErrors(status.HTTP_400_BAD_REQUEST, map[string][]string{"cursor": {"The cursor is invalid or has expired"}})
	assert.Equal(t, "POST", entry.Method)
	assert.Equal(t, "/api/v1/user/registration/", entry.Path)
	assert.Equal(t, 201, entry.Status)
	assert.True(t, strings.Contains(entry.RequestBody, "[redacted]"), entry.RequestBody)
}

// TestRuntimeAPILogWrapsAuth checks the middleware order: a request the
// token middleware refuses (401) is in the API log, and an authenticated
// one carries its user.
func TestRuntimeAPILogWrapsAuth(t *testing.T) {
	rt, s := openWithAPILog(t)
	c := petratest.New(t, rt.App)
	c.PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"ann@x.io","password":"S3cret!pw"}`).
		AssertStatus(status.HTTP_201_CREATED)
	login := petratest.Decode[map[string]any](c.PostJSON("/api/v1/user/login/",
		`{"email":"ann@x.io","password":"S3cret!pw"}`).AssertStatus(status.HTTP_200_OK))
	c.WithToken("not-a-token").Get("/api/v1/user/users/").AssertStatus(status.HTTP_401_UNAUTHORIZED)
	c.WithToken(login["access_token"].(string)).Get("/api/v1/user/users/").AssertStatus(status.HTTP_200_OK)
	require.NoError(t, rt.Close())

	rows, err := db.Select[apilog.Entry](context.Background(), openSQLite(t, s), `SELECT uuid, created, method, path, query,
		status, duration_us, client_ip, request_id, user_id, request_body, response_body, request_size,
		response_size FROM petra_api_logs WHERE path = '/api/v1/user/users/' ORDER BY created`)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, 401, rows[0].Status, "refused by the token middleware, still logged")
	assert.Empty(t, rows[0].UserID)
	assert.Equal(t, 200, rows[1].Status)
	assert.NotEmpty(t, rows[1].UserID, "Identify shows the log the user")
}

// openSQLite opens the database of s again, closed at cleanup.
func openSQLite(t *testing.T, s *config.Settings) *db.DB {
	d, err := project.OpenDB(context.Background(), s.Database)
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// openWithAPILog opens the example app's runtime over a new SQLite file
// with the API log on, and returns it with its settings.
func openWithAPILog(t *testing.T) (*project.Runtime, *config.Settings) {
	t.Helper()
	s := settings(t, map[string]string{
		"DB_DATABASE":     filepath.Join(t.TempDir(), "app.sqlite3"),
		"API_LOG_ENABLED": "true",
	})
	rt, err := example.Open(context.Background(), s, quiet)
	require.NoError(t, err)
	return rt, s
}
