package apilog

import (
	"embed"

	"github.com/go-petra/petra/petra/db"
)

//go:embed migrations
var migrationFiles embed.FS

// Migrations create the petra_api_logs table, with an index on (created,
// uuid) that serves the cursor pages of [Module],
// on SQLite, PostgreSQL and MySQL. Run them with the app's other
// migrations: d.Migrate(ctx, apilog.Migrations).
var Migrations = db.Migrations{Module: "apilog", FS: migrationFiles}
