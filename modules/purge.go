package modules

import (
	"context"
	"github.com/go-petra/petra/modules/user"

	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/project"
)

// PurgeArgs are the job of the daily purge: the rows of refresh tokens and
// token families that expired, which no token can use any more. Accounts
// need no purge: the user module deletes them outright, and a deleted
// account's tokens fail at once since its user is gone.
type PurgeArgs struct{}

// Kind names the purge job.
func (PurgeArgs) Kind() string { return "purge_expired_tokens" }

// PurgeSchedule runs the purge every day at 03:00 UTC, once across every
// instance.
var PurgeSchedule = jobs.NewSchedule("purge-expired-tokens", jobs.DailyAt("03:00"),
	func() jobs.Args { return PurgeArgs{} })

// Workers adds the example app's workers: the purge, over the runtime's
// token sessions, and the avatar sweep, over the disk avatars are kept on.
func Workers(d project.Deps, w *jobs.Workers) {
	if d.Disks != nil {
		user.AddAvatarSweep(w, user.NewStore(d.DB), d.Disks.Default(), d.Logger)
	}
	jobs.AddWorker(w, jobs.WorkFunc(func(ctx context.Context, _ *jobs.Job[PurgeArgs]) error {
		removed, err := d.Sessions.Cleanup(ctx)
		if err != nil {
			return err
		}
		d.Logger.Info("petra: expired tokens purged", "removed", removed)
		return nil
	}))
}
