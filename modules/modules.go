// Package modules lists the modules of petra's example app and assembles the
// app from settings: the one place that knows every module.
package modules

import (
	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
)

// Deps are what the example app's modules need, built once at start-up.
type Deps struct {
	// DB is the app's database.
	DB *db.DB
	// Tokens issues and verifies the JWTs of logins.
	Tokens *auth.Tokens
	// Hasher hashes passwords; its zero value uses bcrypt's default cost.
	Hasher auth.Hasher
}

// All returns the modules the example app mounts, in order.
func All(d Deps) []petra.Module {
	return []petra.Module{
		user.Module(user.NewStore(d.DB), d.Tokens, d.Hasher),
	}
}

// Migrations returns the migrations of every module, in the order they run.
// The API log's table is always created, so that turning the log on later
// needs no migration.
func Migrations() []db.Migrations {
	return []db.Migrations{user.Migrations, apilog.Migrations}
}
