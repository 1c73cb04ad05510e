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

// TestShowAPILogsInSpanish checks that the example app refuses show-api-logs'
// mistaken filters in Spanish when asked, as it does a registration's.
func TestShowAPILogsInSpanish(t *testing.T) {
	d := migrated(t, "sqlite")
	app := newApp(t, settings(t, map[string]string{"API_LOG_ENABLED": "true"}), d, nil)
	_, err := user.CreateSuperuser(context.Background(), user.NewStore(d), auth.Hasher{Cost: bcrypt.MinCost},
		"Root", "root@x.io", "R00t!secret")
	require.NoError(t, err)
	c := petratest.New(t, app)
	staff := petratest.Decode[map[string]any](c.PostJSON("/api/v1/user/login/",
		`{"email":"root@x.io","password":"R00t!secret"}`).AssertStatus(status.HTTP_200_OK))
	staffC := c.WithToken(staff["access_token"].(string)).WithHeader("Accept-Language", "es")
	for query, errors := range map[string]map[string][]string{
		"status__in=700&method=FOO": {
			"status__in": {"El campo status__in debe enumerar códigos de estado de 100 a 599"},
			"method":     {"El campo method debe ser uno de: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
		},
		"since=2026-01-02&until=2026-01-01": {"since": {"El campo since no debe ser posterior al campo until"}},
	} {
		res := staffC.Get("/hello-petra/api/show-api-logs?"+query).AssertFieldErrors(status.HTTP_400_BAD_REQUEST, errors)
		require.Equal(t, "es", res.Header().Get("Content-Language"), query)
	}
}
