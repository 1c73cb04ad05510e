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
	// Tokens signs and verifies the JWTs of logins; their lifecycle is kept in
	// DB (see [Sessions]).
	Tokens *auth.Tokens
	// Hasher hashes passwords; its zero value uses bcrypt's default cost.
	Hasher auth.Hasher
}

// All returns the modules the example app mounts, in order.
func All(d Deps) []petra.Module {
	return []petra.Module{
		user.Module(user.NewStore(d.DB), Sessions(d.DB, d.Tokens), d.Hasher),
	}
}

// Sessions returns the token lifecycle of the example app: revocation state
// in d, users loaded from the user module's store. It keeps no state in
// memory, so every Sessions over one database agrees.
func Sessions(d *db.DB, tokens *auth.Tokens) *auth.Sessions {
	return auth.NewSessions(tokens, d, user.NewStore(d))
}

// Migrations returns the migrations of every module, in the order they run.
// The API log's table is always created, so that turning the log on later
// needs no migration.
func Migrations() []db.Migrations {
	return []db.Migrations{user.Migrations, auth.Migrations, apilog.Migrations}
}
