package user

import (
	"context"
	"errors"
	"log/slog"
	"path"
	"strings"
	"time"

	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/storage"
)

// AvatarGrace is how old an avatar file must be before [SweepAvatars]
// judges it: far longer than an upload takes from storing its file to
// settling its link, so that the sweep never races one under way.
const AvatarGrace = time.Hour

// avatarTimeLayout stamps an avatar file's name with when it was stored,
// for [SweepAvatars]: "20261206T132800Z-<random>.png".
const avatarTimeLayout = "20060102T150405Z"

// avatarName returns a new name for an avatar file in dir, stamped with now:
// prefix, the time, a random part and ext.
func avatarName(dir, prefix string, now time.Time, random, ext string) string {
	return path.Join(dir, prefix+now.UTC().Format(avatarTimeLayout)+"-"+strings.ToLower(random)+ext)
}

// storedAt returns when the avatar file name was stored, from its stamp;
// a name without one, from before names were stamped, is as old as can be.
func storedAt(name string) time.Time {
	base := strings.TrimPrefix(path.Base(name), uploadPrefix)
	stamp, _, _ := strings.Cut(base, "-")
	at, err := time.Parse(avatarTimeLayout, stamp)
	if err != nil {
		return time.Time{}
	}
	return at
}

// SweepAvatars settles every avatar file on disk stored before cutoff
// (time.Now().Add(-AvatarGrace) for [AvatarSweepSchedule]) that its account
// does not link to, and deletes it: a file an upload left behind when its
// link could not be settled at all (the database unreachable even for the
// read-back), the part-stored file of an instance that stopped, a discarded
// avatar whose deletion failed, and the files of an account deleted meanwhile.
// Each file is settled as an upload settles its own ([Store.SettleAvatar],
// under the account's lock) before it is deleted, so that a write of its
// link still under way either committed first, and the file is kept, or is
// refused: any number of instances may sweep at once, and upload meanwhile.
// A deleted file's discard is then forgotten: by then, [AvatarGrace] after
// the upload began, no write of its link can still come. It returns how many
// files it deleted; a file it cannot settle or delete is logged and left
// for the next sweep, which is no error.
func SweepAvatars(ctx context.Context, users *Store, disk storage.Disk, cutoff time.Time, logger *slog.Logger) (int, error) {
	dirs, err := disk.Directories(ctx, avatarRoot)
	if errors.Is(err, storage.ErrNotFound) {
		return 0, nil // no avatar yet
	}
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, dir := range dirs {
		n, err := sweepAccount(ctx, users, disk, path.Base(dir), cutoff)
		removed += n
		if err != nil {
			if ctx.Err() != nil {
				return removed, ctx.Err()
			}
			logger.WarnContext(ctx, "user: avatars not swept; the next sweep will", slog.String("dir", dir), slog.Any("error", err))
		}
	}
	return removed, nil
}

// sweepAccount sweeps the avatar files of the account with uuid stored
// before cutoff, as [SweepAvatars] says, and then those its discards record.
func sweepAccount(ctx context.Context, users *Store, disk storage.Disk, uuid string, cutoff time.Time) (int, error) {
	files, err := disk.Files(ctx, avatarDir(uuid))
	if err != nil {
		return 0, err
	}
	current, err := users.Get(ctx, uuid)
	gone := errors.Is(err, ErrNotFound)
	if err != nil && !gone {
		return 0, err
	}
	removed := 0
	for _, name := range files {
		if !storedAt(name).Before(cutoff) {
			continue // an upload may be linking it still
		}
		url, err := disk.URL(name)
		if err != nil {
			return removed, err
		}
		if !gone && current.AvatarURL != nil && *current.AvatarURL == url {
			continue // linked: kept
		}
		if !gone {
			linked, err := users.SettleAvatar(ctx, uuid, url)
			if errors.Is(err, ErrNotFound) {
				gone = true
			} else if err != nil {
				return removed, err
			} else if linked {
				continue // linked since the read
			}
		}
		if err := disk.Delete(ctx, name); err != nil {
			return removed, err
		}
		if err := users.ForgetAvatar(ctx, url); err != nil {
			return removed, err
		}
		removed++
	}
	if gone {
		return removed, nil
	}
	return removed, deleteDiscarded(ctx, users, disk, uuid)
}

// AvatarSweepArgs are the job of the hourly avatar sweep ([SweepAvatars]).
type AvatarSweepArgs struct{}

// Kind names the avatar sweep job.
func (AvatarSweepArgs) Kind() string { return "user_sweep_avatars" }

// AvatarSweepSchedule runs the avatar sweep every hour, once across every
// instance.
var AvatarSweepSchedule = jobs.NewSchedule("sweep-avatars", jobs.Hourly(),
	func() jobs.Args { return AvatarSweepArgs{} })

// AddAvatarSweep adds the worker of [AvatarSweepSchedule] to w: it sweeps
// the avatars users links to on disk, those stored [AvatarGrace] ago or
// more, logging what it removed and what it could not settle with logger.
func AddAvatarSweep(w *jobs.Workers, users *Store, disk storage.Disk, logger *slog.Logger) {
	jobs.AddWorker(w, avatarSweeper(users, disk, logger))
}

// avatarSweeper is the worker [AddAvatarSweep] adds.
func avatarSweeper(users *Store, disk storage.Disk, logger *slog.Logger) jobs.Worker[AvatarSweepArgs] {
	return jobs.WorkFunc(func(ctx context.Context, _ *jobs.Job[AvatarSweepArgs]) error {
		removed, err := SweepAvatars(ctx, users, disk, time.Now().Add(-AvatarGrace), logger)
		if err != nil {
			return err
		}
		logger.InfoContext(ctx, "user: avatars swept", slog.Int("removed", removed))
		return nil
	})
}
