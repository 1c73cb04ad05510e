package modules

import (
	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/jobs"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/project"
)

// Project declares the example app for the runtime: its modules, their
// migrations, the loader of the user behind a token, its files, its jobs
// (the daily purge of expired tokens, the hourly sweep of unlinked avatars), the languages it answers in (English
// and Spanish), and what its OpenAPI document says of it. `petra`'s main runs it, and the tests build it.
func Project() *project.Project {
	return &project.Project{
		Name:       "petra",
		Modules:    All,
		Migrations: Migrations(),
		Principals: Principals,
		Storage:    true,
		Workers:    Workers,
		Schedules:  []*jobs.Schedule{PurgeSchedule, user.AvatarSweepSchedule},
		Options:    []petra.Option{petra.WithCatalog(petra.Spanish, user.Spanish)},
		Docs: openapi.Config{
			Title:       "petra example app",
			Version:     "1.0.0",
			Description: "django-petra's starter over petra: registration, login, token rotation and logout, and an authenticated, paginated user list.",
		},
	}
}
