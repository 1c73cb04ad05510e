package user_test

import (
	"context"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/storage"
)

// TestSweepAvatars puts avatar files on a disk as uploads leave them, on
// every database, and sweeps: what an account links to and what is younger
// than the cut-off stay; every other file goes (unlinked, unstamped from
// before names were stamped, a part-stored upload, a deleted account's),
// and what it settled is forgotten once its file is gone.
func TestSweepAvatars(t *testing.T) {
	now := time.Date(2026, time.December, 6, 12, 0, 0, 0, time.UTC)
	old, young := now.Add(-2*user.AvatarGrace).Format("20060102T150405Z"), now.Format("20060102T150405Z")
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		disk, store, ann := sweepSetup(t, d)
		put := func(uuid, name string) string {
			name = path.Join("public", "avatars", uuid, name)
			require.NoError(t, disk.Put(ctx, name, strings.NewReader("img")))
			url, err := disk.URL(name)
			require.NoError(t, err)
			return url
		}
		linked := put(ann.UUID, old+"-linked.png")
		require.NoError(t, store.SetAvatar(ctx, ann.UUID, linked))
		lost := put(ann.UUID, old+"-lost.png") // its link could not be settled
		put(ann.UUID, young+"-underway.png")   // an upload linking it now
		put(ann.UUID, "legacy.png")
		put(ann.UUID, "upload-"+old+"-part")
		gone := "0b7e2f7c-58b1-4ee8-9b55-0c4d3f0e0d11"
		put(gone, old+"-orphan.png")

		logger, logs := petratest.NewLogger()
		removed, err := user.SweepAvatars(ctx, store, disk, now.Add(-user.AvatarGrace), logger)
		require.NoError(t, err)
		assert.Equal(t, 4, removed)
		files, err := disk.Files(ctx, "public/avatars/"+ann.UUID)
		require.NoError(t, err)
		assert.ElementsMatch(t, []string{
			"public/avatars/" + ann.UUID + "/" + old + "-linked.png",
			"public/avatars/" + ann.UUID + "/" + young + "-underway.png",
		}, files)
		files, err = disk.Files(ctx, "public/avatars/"+gone)
		require.NoError(t, err)
		assert.Empty(t, files)
		assert.Empty(t, logs.String())

		got, err := store.Get(ctx, ann.UUID)
		require.NoError(t, err)
		assert.Equal(t, linked, *got.AvatarURL)
		assert.NotEqual(t, lost, *got.AvatarURL)
		discards, err := store.DiscardedAvatars(ctx, ann.UUID)
		require.NoError(t, err)
		assert.Empty(t, discards, "forgotten once deleted")

		removed, err = user.SweepAvatars(ctx, store, disk, now.Add(-user.AvatarGrace), logger)
		require.NoError(t, err)
		assert.Zero(t, removed, "sweeping again changes nothing")
	})
}

// A disk without avatars has nothing to sweep.
func TestSweepNoAvatars(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		logger, _ := petratest.NewLogger()
		removed, err := user.SweepAvatars(context.Background(), user.NewStore(d), newAvatarDisk(t), time.Now(), logger)
		require.NoError(t, err)
		assert.Zero(t, removed)
	})
}

// sweepSetup returns an avatar disk, the store of d and an account in it.
func sweepSetup(t *testing.T, d *db.DB) (*storage.Local, *user.Store, user.User) {
	t.Helper()
	store := user.NewStore(d)
	ann, err := store.Create(t.Context(), "Ann", "ann@x.io", "hash")
	require.NoError(t, err)
	return newAvatarDisk(t), store, ann
}

// sweptDir sweeps the avatars of the local disk at root as of a second
// from now, every file judged old, and returns the files left in the
// account's directory.
func sweptDir(t *testing.T, store *user.Store, disk *faultyDisk, root, uuid string) []string {
	t.Helper()
	logger, logs := petratest.NewLogger()
	_, err := user.SweepAvatars(t.Context(), store, disk, time.Now().Add(time.Second), logger)
	require.NoError(t, err)
	assert.Empty(t, logs.String())
	return dirFiles(t, root, uuid)
}

// The hourly job sweeps the files stored an hour ago or more, and logs
// how many it removed.
func TestAvatarSweepJob(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		disk, store, ann := sweepSetup(t, d)
		dir := path.Join("public", "avatars", ann.UUID)
		stamp := func(at time.Time) string { return at.UTC().Format("20060102T150405Z") }
		newName := stamp(time.Now()) + "-new.png"
		for _, name := range []string{stamp(time.Now().Add(-2*user.AvatarGrace)) + "-old.png", newName} {
			require.NoError(t, disk.Put(ctx, path.Join(dir, name), strings.NewReader("img")))
		}
		logger, logs := petratest.NewLogger()
		require.NoError(t, user.AvatarSweeper(store, disk, logger).Work(ctx, &jobs.Job[user.AvatarSweepArgs]{}))
		files, err := disk.Files(ctx, dir)
		require.NoError(t, err)
		assert.Equal(t, []string{path.Join(dir, newName)}, files)
		assert.Contains(t, logs.String(), `"removed":1`)
	})
}
