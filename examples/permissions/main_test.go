package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

const (
	unauthenticated = `{"success":false,"message":"Authentication credentials were not provided or are invalid"}`
	forbidden       = `{"success":false,"message":"You do not have permission to perform this action"}`
)

// login returns the access token of a demo user.
func login(t *testing.T, app *petra.App, username, password string) string {
	t.Helper()
	res := petratest.New(t, app).PostJSON("/api/v1/office/login/",
		map[string]string{"username": username, "password": password}).AssertStatus(status.HTTP_200_OK)
	pair := petratest.Decode[struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}](res)
	require.NotEmpty(t, pair.RefreshToken)
	return pair.AccessToken
}

func TestPermissions(t *testing.T) {
	app, err := NewApp([]byte(strings.Repeat("s", 32)), auth.Hasher{Cost: bcrypt.MinCost})
	require.NoError(t, err)
	anonymous := petratest.New(t, app)
	clients := map[string]*petratest.Client{
		"":        anonymous,
		"ann":     anonymous.WithToken(login(t, app, "ann", "ann-Pa55word!")),
		"bob":     anonymous.WithToken(login(t, app, "bob", "bob-Pa55word!")),
		"garbage": anonymous.WithToken("not-a-token"),
	}
	tests := []struct {
		name, method, path, as string
		want                   status.Code
		wantBody               string
	}{
		{"public view, anonymous", http.MethodGet, "/api/v1/office/notices/", "", http.StatusOK, `["The office is closed on Friday"]`},
		{"public view, member", http.MethodGet, "/api/v1/office/notices/", "bob", http.StatusOK, `["The office is closed on Friday"]`},
		{"bad token, even on a public view", http.MethodGet, "/api/v1/office/notices/", "garbage", http.StatusUnauthorized,
			`{"success":false,"message":"Token is invalid"}`},

		{"me, anonymous", http.MethodGet, "/api/v1/office/me/", "", http.StatusUnauthorized, unauthenticated},
		{"me, member", http.MethodGet, "/api/v1/office/me/", "bob", http.StatusOK, `{"username":"bob","role":"member"}`},

		{"admin view, anonymous", http.MethodGet, "/api/v1/office/salaries/", "", http.StatusUnauthorized, unauthenticated},
		{"admin view, member", http.MethodGet, "/api/v1/office/salaries/", "bob", http.StatusForbidden, forbidden},
		{"admin view, admin", http.MethodGet, "/api/v1/office/salaries/", "ann", http.StatusOK, `{"ann":5200,"bob":4100}`},
		{"admin delete, member", http.MethodDelete, "/api/v1/office/notices/1", "bob", http.StatusForbidden, forbidden},
		{"admin delete, admin", http.MethodDelete, "/api/v1/office/notices/1", "ann", http.StatusNoContent, ""},

		{"route permission, anonymous", http.MethodGet, "/api/v1/office/accounts/", "", http.StatusUnauthorized, unauthenticated},
		{"route permission, member", http.MethodGet, "/api/v1/office/accounts/", "bob", http.StatusForbidden, forbidden},
		{"route permission, admin", http.MethodGet, "/api/v1/office/accounts/", "ann", http.StatusOK,
			`[{"username":"ann","role":"admin"},{"username":"bob","role":"member"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := clients[tt.as].WithTest(t).Send(tt.method, tt.path, "", nil)
			if tt.wantBody == "" {
				assert.Empty(t, res.AssertStatus(tt.want).Body())
				return
			}
			res.AssertJSON(tt.want, tt.wantBody)
		})
	}
}

func TestLogin(t *testing.T) {
	app, err := NewApp([]byte(strings.Repeat("s", 32)), auth.Hasher{Cost: bcrypt.MinCost})
	require.NoError(t, err)
	tests := []struct {
		name, body string
		want       status.Code
		wantBody   string
	}{
		{"wrong password", `{"username":"ann","password":"nope"}`, http.StatusUnauthorized,
			`{"success":false,"message":"Invalid credentials"}`},
		{"unknown user", `{"username":"eve","password":"ann-Pa55word!"}`, http.StatusUnauthorized,
			`{"success":false,"message":"Invalid credentials"}`},
		{"missing fields", `{}`, http.StatusBadRequest,
			`{"success":false,"message":"The given data was invalid","errors":{"username":["The username field is required"],"password":["The password field is required"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).PostJSON("/api/v1/office/login/", tt.body).AssertJSON(tt.want, tt.wantBody)
		})
	}
}
