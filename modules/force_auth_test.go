package modules_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// TestForceAuthenticate runs the example app's permissions on requests
// authenticated without a token, as the principal the app's own loader makes
// of each account: IsAuthenticated on the users list, IsStaff on the route
// table in production, IsOwnerOrStaff on deleting an account.
func TestForceAuthenticate(t *testing.T) {
	d := migrated(t, "sqlite")
	app := newApp(t, settings(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": "prod-secret-0123456789-abcdefghijkl"}), d, nil)
	c := petratest.New(t, app)
	store := user.NewStore(d)
	principal := func(email string) *auth.Principal {
		res := c.PostJSON(c.URL("user:register"), map[string]string{"name": "N", "email": email, "password": "S3cret!pw"})
		id := petratest.Decode[user.Registered](res.AssertStatus(status.HTTP_201_CREATED)).User.UUID
		p, err := store.LoadPrincipal(context.Background(), &auth.Claims{RegisteredClaims: jwt.RegisteredClaims{Subject: id}})
		require.NoError(t, err)
		return p
	}
	ann, bo, root := principal("ann@x.io"), principal("bo@x.io"), principal("root@x.io")
	root.Staff = true

	tests := []struct {
		name   string
		as     any
		method string
		path   string
		want   status.Code
	}{
		{"anonymous lists users", nil, http.MethodGet, c.URL("user:get_users"), status.HTTP_401_UNAUTHORIZED},
		{"a typed nil is anonymous", (*auth.Principal)(nil), http.MethodGet, c.URL("user:get_users"), status.HTTP_401_UNAUTHORIZED},
		{"a user lists users", ann, http.MethodGet, c.URL("user:get_users"), status.HTTP_200_OK},
		{"a user reads the route table", ann, http.MethodGet, c.URL("hello-petra:show_routes"), status.HTTP_403_FORBIDDEN},
		{"staff reads the route table", root, http.MethodGet, c.URL("hello-petra:show_routes"), status.HTTP_200_OK},
		{"a user deletes another", bo, http.MethodDelete, c.URL("user:delete_user", ann.ID), status.HTTP_403_FORBIDDEN},
		{"staff deletes a user", root, http.MethodDelete, c.URL("user:delete_user", bo.ID), status.HTTP_204_NO_CONTENT},
		{"a user deletes itself", ann, http.MethodDelete, c.URL("user:delete_user", ann.ID), status.HTTP_204_NO_CONTENT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.WithTest(t).ForceAuthenticate(tt.as).Send(tt.method, tt.path, "", nil).AssertStatus(tt.want)
		})
	}
	c.ForceAuthenticate(root).WithToken("not-a-token").Get(c.URL("user:get_users")).
		AssertStatus(status.HTTP_401_UNAUTHORIZED) // a token sent is checked, and wins
	c.ForceAuthenticate(root).ForceAuthenticate(nil).Get(c.URL("user:get_users")).
		AssertStatus(status.HTTP_401_UNAUTHORIZED)
}
