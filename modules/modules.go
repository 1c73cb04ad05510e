// Package modules lists the modules of petra's example app: the one place
// that knows every module. The app's main hands the list to the runtime
// (petra/project), which opens what the modules need and assembles the app.
package modules

import (
	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/project"
)

// All returns the modules the example app mounts, in order, over what the
// runtime opened for them.
func All(d project.Deps) []petra.Module {
	return []petra.Module{
		user.Module(user.NewStore(d.DB, userHooks(d)...), d.Sessions, d.Hasher, userOptions(d)...),
	}
}

// userOptions keep avatars on the default disk when the runtime opened the disks.
func userOptions(d project.Deps) []user.Option {
	if d.Disks == nil {
		return nil
	}
	return []user.Option{user.WithAvatars(d.Disks.Default())}
}

// userHooks queue the welcome mail of each registration when jobs run,
// through the outbox, so it goes with the account on every database.
func userHooks(d project.Deps) []user.StoreOption {
	if d.Outbox == nil {
		return nil
	}
	return []user.StoreOption{user.OnCreate(user.WelcomeMail(d.Outbox))}
}

// Principals loads the user behind a token from the user module's store, so
// a deleted, deactivated or re-passworded user's tokens stop working at once.
func Principals(d project.Deps) auth.PrincipalLoader {
	return user.NewStore(d.DB)
}

// Migrations returns the migrations of every module, in the order they run.
func Migrations() []db.Migrations {
	return []db.Migrations{
		user.Migrations,
	}
}
