package storage_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/storage"
)

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestLoadConfigAndOpen(t *testing.T) {
	cfg, err := storage.LoadConfig(lookup(map[string]string{"STORAGE_LOCAL_ROOT": t.TempDir()}))
	require.NoError(t, err)
	assert.Equal(t, "local", cfg.Default)
	disks, err := storage.Open(cfg, false)
	require.NoError(t, err)
	assert.Same(t, disks.Local(), disks.Default())
	_, err = disks.Disk("s3")
	assert.ErrorContains(t, err, `no disk "s3" (configured: local)`)

	cfg, err = storage.LoadConfig(lookup(map[string]string{
		"STORAGE_DISK": "s3", "STORAGE_LOCAL_ROOT": t.TempDir(), "STORAGE_S3_BUCKET": "b",
		"STORAGE_S3_ENDPOINT": "http://127.0.0.1:9000", "STORAGE_S3_PATH_STYLE": "true",
		"STORAGE_S3_SECRET_KEY": "s3cret-key",
	}))
	require.NoError(t, err)
	assert.True(t, cfg.S3.PathStyle)
	assert.NotContains(t, fmtLog(cfg), "s3cret-key")
	disks, err = storage.Open(cfg, false)
	require.NoError(t, err)
	assert.IsType(t, &storage.S3{}, disks.Default())
	u, err := disks.Default().URL("a/b.png")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9000/b/a/b.png", u)

	_, err = storage.LoadConfig(lookup(map[string]string{
		"STORAGE_DISK": "ftp", "STORAGE_S3_PATH_STYLE": "maybe", "STORAGE_SIGNING_KEY": "short-secret",
	}))
	require.Error(t, err)
	for _, key := range []string{"STORAGE_DISK", "STORAGE_S3_PATH_STYLE", "STORAGE_SIGNING_KEY"} {
		assert.Contains(t, err.Error(), key)
	}
	assert.NotContains(t, err.Error(), "short-secret")

	cfg, err = storage.LoadConfig(lookup(map[string]string{"STORAGE_LOCAL_ROOT": t.TempDir(), "STORAGE_TEMPORARY_URL": "https://x/t"}))
	require.NoError(t, err)
	_, err = storage.Open(cfg, true)
	assert.ErrorContains(t, err, "STORAGE_SIGNING_KEY is required in production")
}
