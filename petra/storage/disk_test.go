package storage_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/storage"
)

func put(t *testing.T, disk storage.Disk, name, body string) {
	t.Helper()
	require.NoError(t, disk.Put(ctx, name, strings.NewReader(body)))
}

func read(t *testing.T, disk storage.Disk, name string) string {
	t.Helper()
	rc, err := disk.Get(ctx, name)
	require.NoError(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return string(b)
}

func TestEveryOperation(t *testing.T) {
	eachDisk(t, func(t *testing.T, disk storage.Disk, _ *clock) {
		put(t, disk, "docs/a.txt", "alpha")
		put(t, disk, "docs/deep/b.txt", "bravo")
		put(t, disk, "root.txt", "root")
		assert.Equal(t, "alpha", read(t, disk, "docs/a.txt"))

		put(t, disk, "docs/a.txt", "alpha 2")
		assert.Equal(t, "alpha 2", read(t, disk, "docs/a.txt"), "put replaces")

		ok, err := disk.Exists(ctx, "docs/a.txt")
		require.NoError(t, err)
		assert.True(t, ok)
		ok, err = disk.Exists(ctx, "docs/missing.txt")
		require.NoError(t, err)
		assert.False(t, ok)

		size, err := disk.Size(ctx, "docs/deep/b.txt")
		require.NoError(t, err)
		assert.EqualValues(t, 5, size)

		require.NoError(t, disk.Copy(ctx, "docs/a.txt", "copies/a.txt"))
		assert.Equal(t, "alpha 2", read(t, disk, "copies/a.txt"))
		assert.Equal(t, "alpha 2", read(t, disk, "docs/a.txt"))

		require.NoError(t, disk.Move(ctx, "copies/a.txt", "moved/a.txt"))
		assert.Equal(t, "alpha 2", read(t, disk, "moved/a.txt"))
		ok, _ = disk.Exists(ctx, "copies/a.txt")
		assert.False(t, ok, "move removes the original")

		require.NoError(t, disk.MakeDirectory(ctx, "empty/inner"))
		files, err := disk.Files(ctx, "")
		require.NoError(t, err)
		assert.Equal(t, []string{"root.txt"}, files)
		dirs, err := disk.Directories(ctx, "")
		require.NoError(t, err)
		assert.ElementsMatch(t, []string{"copies", "docs", "empty", "moved"}, withoutEmpty(dirs, "copies"))
		files, err = disk.Files(ctx, "docs")
		require.NoError(t, err)
		assert.Equal(t, []string{"docs/a.txt"}, files)
		dirs, err = disk.Directories(ctx, "docs")
		require.NoError(t, err)
		assert.Equal(t, []string{"docs/deep"}, dirs)
		dirs, err = disk.Directories(ctx, "empty")
		require.NoError(t, err)
		assert.Equal(t, []string{"empty/inner"}, dirs)

		u, err := disk.URL("docs/a b.txt")
		require.NoError(t, err)
		assert.True(t, strings.HasSuffix(u, "/docs/a%20b.txt"), u)

		require.NoError(t, disk.Delete(ctx, "root.txt"))
		require.NoError(t, disk.Delete(ctx, "root.txt"), "deleting a missing file is fine")
		ok, _ = disk.Exists(ctx, "root.txt")
		assert.False(t, ok)

		require.NoError(t, disk.DeleteDirectory(ctx, "docs"))
		for _, name := range []string{"docs/a.txt", "docs/deep/b.txt"} {
			ok, _ = disk.Exists(ctx, name)
			assert.False(t, ok, name)
		}
		files, err = disk.Files(ctx, "docs")
		if err == nil {
			assert.Empty(t, files)
		} else {
			assert.ErrorIs(t, err, storage.ErrNotFound)
		}
	})
}

// withoutEmpty keeps S3 and local listings comparable: S3 has no empty
// directories, so a prefix whose last file moved away vanishes there.
func withoutEmpty(dirs []string, maybeGone string) []string {
	for _, d := range dirs {
		if d == maybeGone {
			return dirs
		}
	}
	return append(dirs, maybeGone)
}

func TestMissingFiles(t *testing.T) {
	eachDisk(t, func(t *testing.T, disk storage.Disk, _ *clock) {
		_, err := disk.Get(ctx, "nope.txt")
		assert.ErrorIs(t, err, storage.ErrNotFound)
		_, err = disk.Size(ctx, "nope.txt")
		assert.ErrorIs(t, err, storage.ErrNotFound)
		assert.ErrorIs(t, disk.Copy(ctx, "nope.txt", "x.txt"), storage.ErrNotFound)
		assert.ErrorIs(t, disk.Move(ctx, "nope.txt", "x.txt"), storage.ErrNotFound)
		_, err = disk.TemporaryURL(ctx, "nope.txt", time.Minute)
		assert.ErrorIs(t, err, storage.ErrNotFound)
	})
}

func TestHostileNames(t *testing.T) {
	names := []string{"", ".", "..", "../x", "a/../../x", "a/..", "/etc/passwd", `a\b`, `..\x`, "a\x00b", "a\nb", "/"}
	eachDisk(t, func(t *testing.T, disk storage.Disk, _ *clock) {
		put(t, disk, "safe.txt", "safe")
		for _, name := range names {
			t.Run(strings.ToValidUTF8(name, "?"), func(t *testing.T) {
				assert.ErrorIs(t, disk.Put(ctx, name, strings.NewReader("x")), storage.ErrInvalidPath)
				_, err := disk.Get(ctx, name)
				assert.ErrorIs(t, err, storage.ErrInvalidPath)
				_, err = disk.Exists(ctx, name)
				assert.ErrorIs(t, err, storage.ErrInvalidPath)
				_, err = disk.Size(ctx, name)
				assert.ErrorIs(t, err, storage.ErrInvalidPath)
				assert.ErrorIs(t, disk.Delete(ctx, name), storage.ErrInvalidPath)
				assert.ErrorIs(t, disk.Copy(ctx, "safe.txt", name), storage.ErrInvalidPath)
				assert.ErrorIs(t, disk.Move(ctx, name, "x.txt"), storage.ErrInvalidPath)
				_, err = disk.URL(name)
				assert.ErrorIs(t, err, storage.ErrInvalidPath)
				_, err = disk.TemporaryURL(ctx, name, time.Minute)
				assert.ErrorIs(t, err, storage.ErrInvalidPath)
				assert.ErrorIs(t, disk.DeleteDirectory(ctx, name), storage.ErrInvalidPath)
				assert.ErrorIs(t, disk.MakeDirectory(ctx, name), storage.ErrInvalidPath)
			})
		}
		assert.Equal(t, "safe", read(t, disk, "safe.txt"))
	})
}

func TestFailedPutStoresNothing(t *testing.T) {
	eachDisk(t, func(t *testing.T, disk storage.Disk, _ *clock) {
		put(t, disk, "keep.txt", "original")
		broken := io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(errors.New("client went away")))
		require.Error(t, disk.Put(ctx, "keep.txt", broken))
		require.Error(t, disk.Put(ctx, "new.txt", io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(errors.New("x")))))
		assert.Equal(t, "original", read(t, disk, "keep.txt"))
		ok, err := disk.Exists(ctx, "new.txt")
		require.NoError(t, err)
		assert.False(t, ok)
		files, err := disk.Files(ctx, "")
		require.NoError(t, err)
		assert.Equal(t, []string{"keep.txt"}, files)
	})
}

func TestTemporaryURL(t *testing.T) {
	eachDisk(t, func(t *testing.T, disk storage.Disk, c *clock) {
		put(t, disk, "reports/q1.txt", "quarterly")
		link, err := disk.TemporaryURL(ctx, "reports/q1.txt", time.Minute)
		require.NoError(t, err)

		res, err := c.client.Get(link)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, string(body))
		assert.Equal(t, "quarterly", string(body))

		c.Advance(2 * time.Minute)
		res, err = c.client.Get(link)
		require.NoError(t, err)
		res.Body.Close()
		assert.True(t, res.StatusCode == http.StatusGone || res.StatusCode == http.StatusForbidden, res.StatusCode)

		_, err = disk.TemporaryURL(ctx, "reports/q1.txt", 8*24*time.Hour)
		assert.Error(t, err, "S3 caps a presigned URL at 7 days")
	})
}
