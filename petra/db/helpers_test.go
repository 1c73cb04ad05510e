package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/stretchr/testify/require"
)

// eachDriver runs fn once per backend dbtest offers, each with its own
// database.
func eachDriver(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			fn(t, dbtest.Open(t, drv))
		})
	}
}

// columnTypes per dialect for the portable DDL tokens used by mustExec.
var columnTypes = map[db.Dialect]*strings.Replacer{
	db.SQLite: strings.NewReplacer("{uuid}", "TEXT", "{text}", "TEXT", "{ts}", "DATETIME",
		"{bool}", "INTEGER", "{float}", "REAL", "{int}", "INTEGER", "{dec}", "NUMERIC"),
	db.Postgres: strings.NewReplacer("{uuid}", "UUID", "{text}", "TEXT", "{ts}", "TIMESTAMPTZ",
		"{bool}", "BOOLEAN", "{float}", "DOUBLE PRECISION", "{int}", "INTEGER", "{dec}", "NUMERIC(10,2)"),
	db.MySQL: strings.NewReplacer("{uuid}", "CHAR(36)", "{text}", "VARCHAR(100)", "{ts}", "DATETIME(6)",
		"{bool}", "TINYINT(1)", "{float}", "DOUBLE", "{int}", "INT", "{dec}", "DECIMAL(10,2)"),
}

// mustExec runs statements after replacing the portable type tokens.
func mustExec(t *testing.T, d *db.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		_, err := d.Exec(context.Background(), columnTypes[d.Dialect()].Replace(s))
		require.NoError(t, err, s)
	}
}

const usersDDL = `CREATE TABLE users (
	uuid {uuid} PRIMARY KEY,
	name {text} NOT NULL,
	email {text} NOT NULL UNIQUE,
	age {int},
	is_active {bool} NOT NULL,
	created {ts} NOT NULL,
	modified {ts} NOT NULL,
	deleted_at {ts} NULL
)`

// user is a row of usersDDL.
type user struct {
	UUID     string `db:"uuid"`
	Name     string
	Email    string
	Age      *int64
	IsActive bool
}

// addUser inserts a live user and returns its uuid.
func addUser(t *testing.T, d *db.DB, name, email string, age int) string {
	t.Helper()
	id, now := db.NewUUID(), db.Now()
	_, err := d.Exec(context.Background(),
		"INSERT INTO users (uuid, name, email, age, is_active, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?)",
		id, name, email, age, true, now, now)
	require.NoError(t, err)
	return id
}
