package modules_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// TestShowRoutesIsStaffOnlyInProduction: anonymous 401, a user 403, staff 200.
func TestShowRoutesIsStaffOnlyInProduction(t *testing.T) {
	d := migrated(t, "sqlite")
	prod := newApp(t, settings(t, map[string]string{"PETRA_ENV": "production", "JWT_SECRET": "prod-secret-0123456789-abcdefghijkl"}), d, nil)
	c := petratest.New(t, prod)
	const routes = "/hello-petra/api/show-routes"
	res := c.Get(routes).AssertStatus(status.HTTP_401_UNAUTHORIZED)
	require.Equal(t, "Bearer", res.Header().Get("WWW-Authenticate"))

	tokenOf := func(email, password string) string {
		res := c.PostJSON("/api/v1/user/login/", map[string]string{"email": email, "password": password})
		return petratest.Decode[map[string]any](res.AssertStatus(status.HTTP_200_OK))["access_token"].(string)
	}
	c.PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"ann@x.io","password":"S3cret!pw"}`).AssertStatus(status.HTTP_201_CREATED)
	c.WithToken(tokenOf("ann@x.io", "S3cret!pw")).Get(routes).AssertStatus(status.HTTP_403_FORBIDDEN)

	_, err := user.CreateSuperuser(context.Background(), user.NewStore(d), auth.Hasher{Cost: bcrypt.MinCost}, "Root", "root@x.io", "R00t!secret")
	require.NoError(t, err)
	c.WithToken(tokenOf("root@x.io", "R00t!secret")).Get(routes).AssertStatus(status.HTTP_200_OK)
}
