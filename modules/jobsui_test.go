package modules_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// TestJobsUIIsForStaff serves River's UI under the project endpoints: the
// page and its API to staff, 401 to anonymous callers and 403 to other users;
// the welcome mail a registration queued is listed.
func TestJobsUIIsForStaff(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			rt, err := example.Build(settings(t, nil), migrated(t, driver), nil, quiet)
			require.NoError(t, err)
			t.Cleanup(func() { _ = rt.Close() })
			require.NoError(t, rt.StartJobs(context.Background()))
			c := petratest.New(t, rt.App)

			c.PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"ann@x.io","password":"S3cret!pw"}`).
				AssertStatus(status.HTTP_201_CREATED)
			require.Eventually(t, func() bool { return completedJobs(t, rt.DB) > 0 }, 30*time.Second, 20*time.Millisecond,
				"the welcome mail is sent")
			ann := petratest.Decode[map[string]any](c.PostJSON("/api/v1/user/login/",
				`{"email":"ann@x.io","password":"S3cret!pw"}`).AssertStatus(status.HTTP_200_OK))
			_, err = user.CreateSuperuser(context.Background(), user.NewStore(rt.DB), auth.Hasher{Cost: bcrypt.MinCost},
				"Root", "root@x.io", "R00t!secret")
			require.NoError(t, err)
			root := petratest.Decode[map[string]any](c.PostJSON("/api/v1/user/login/",
				`{"email":"root@x.io","password":"R00t!secret"}`).AssertStatus(status.HTTP_200_OK))

			c.Get("/hello-petra/jobs/").AssertStatus(status.HTTP_401_UNAUTHORIZED)
			c.WithToken(ann["access_token"].(string)).Get("/hello-petra/jobs/api/jobs").AssertStatus(status.HTTP_403_FORBIDDEN)

			staff := c.WithToken(root["access_token"].(string))
			page := staff.Get("/hello-petra/jobs/").AssertStatus(status.HTTP_200_OK)
			assert.Contains(t, page.Header().Get("Content-Type"), "text/html")
			jobs := staff.Get("/hello-petra/jobs/api/jobs?state=completed").
				AssertStatus(status.HTTP_200_OK)
			assert.Contains(t, jobs.Body(), "petra_mail", "the welcome mail's job is listed")
		})
	}
}

// completedJobs counts the jobs River has completed in d.
func completedJobs(t *testing.T, d *db.DB) int {
	t.Helper()
	n, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM river_job WHERE state = 'completed'")
	require.NoError(t, err)
	return n
}
