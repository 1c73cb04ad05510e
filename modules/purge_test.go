package modules_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/mail/mailtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// count returns the rows of table.
func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	n, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM "+table)
	require.NoError(t, err)
	return n
}

// TestPurgeExpiredTokens runs the daily purge's job with the runtime's
// workers: expired token rows go, live ones stay.
func TestPurgeExpiredTokens(t *testing.T) {
	assert.Equal(t, "purge-expired-tokens", modules.PurgeSchedule.Name())
	assert.Contains(t, example.Schedules, modules.PurgeSchedule, "the app declares the schedule")

	d := migrated(t, "sqlite")
	smtp, _ := mailtest.Start(t, mailtest.Plain, "", "") // the welcome mails go there, not to stderr
	s := settings(t, map[string]string{"MAIL_MAILER": "smtp", "MAIL_PORT": strconv.Itoa(smtp.Port), "MAIL_ENCRYPTION": "none"})
	rt, err := example.Build(s, d, nil, quiet)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	require.NoError(t, rt.StartJobs(context.Background()))
	c := petratest.New(t, rt.App)
	for _, email := range []string{"ann@x.io", "bo@x.io"} {
		c.PostJSON("/api/v1/user/registration/", map[string]string{"name": "N", "email": email, "password": "S3cret!pw"}).
			AssertStatus(status.HTTP_201_CREATED)
		c.PostJSON("/api/v1/user/login/", map[string]string{"email": email, "password": "S3cret!pw"}).
			AssertStatus(status.HTTP_200_OK)
	}
	require.Equal(t, 2, count(t, d, "petra_token_families"))
	ctx := context.Background()
	for _, table := range []string{"petra_refresh_tokens", "petra_token_families"} {
		_, err := d.Exec(ctx, "UPDATE "+table+" SET expires_at = 0 WHERE family = (SELECT MIN(family) FROM "+table+")")
		require.NoError(t, err)
	}

	_, err = rt.Jobs.Enqueue(ctx, modules.PurgeArgs{}, nil)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return count(t, d, "petra_token_families") == 1 }, 30*time.Second, 20*time.Millisecond)
	assert.Equal(t, 1, count(t, d, "petra_refresh_tokens"), "the live login's token stays")
}

// TestAvatarSweepRunsInTheExampleApp runs the hourly avatar sweep's job with
// the runtime's workers: an old avatar file no account links goes.
func TestAvatarSweepRunsInTheExampleApp(t *testing.T) {
	assert.Contains(t, example.Schedules, user.AvatarSweepSchedule, "the app declares the schedule")

	root := t.TempDir()
	stray := filepath.Join(root, "public", "avatars", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "20200101T000000Z-stray.png")
	require.NoError(t, os.MkdirAll(filepath.Dir(stray), 0o755))
	require.NoError(t, os.WriteFile(stray, []byte("\x89PNG"), 0o644))

	d := migrated(t, "sqlite")
	rt, err := example.Build(settings(t, map[string]string{"STORAGE_LOCAL_ROOT": root}), d, nil, quiet)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	require.NoError(t, rt.StartJobs(context.Background()))

	_, err = rt.Jobs.Enqueue(context.Background(), user.AvatarSweepArgs{}, nil)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		_, err := os.Stat(stray)
		return errors.Is(err, fs.ErrNotExist)
	}, 30*time.Second, 20*time.Millisecond, "the stray avatar is swept")
}
