package db

import (
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// sqliteInMemory reports whether dsn names an in-memory SQLite database.
func sqliteInMemory(dsn string) bool {
	return dsn == "" || strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory")
}

// sqliteDSN adds petra's SQLite defaults to dsn, leaving alone whatever the
// DSN already sets, either as a _pragma or as the driver's shorthand key:
// busy_timeout 5000ms, WAL journaling (files only), foreign keys on,
// BEGIN IMMEDIATE for transactions (so a transaction that reads then writes
// waits for the write lock up front instead of failing with SQLITE_BUSY
// midway) and SQLite's time format (sortable text that SQLite's date
// functions understand).
func sqliteDSN(dsn string) string {
	base, rawQuery, _ := strings.Cut(dsn, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return dsn // let the driver report the malformed DSN
	}
	hasPragma := func(name string, keys ...string) bool {
		for _, k := range keys {
			if q.Has(k) {
				return true
			}
		}
		for _, p := range q["_pragma"] {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), name) {
				return true
			}
		}
		return false
	}
	if !hasPragma("busy_timeout", "_busy_timeout", "_timeout") {
		q.Add("_pragma", "busy_timeout(5000)")
	}
	if !sqliteInMemory(dsn) && !hasPragma("journal_mode", "_journal_mode", "_journal") {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	if !hasPragma("foreign_keys", "_foreign_keys", "_fk") {
		q.Add("_pragma", "foreign_keys(1)")
	}
	if !q.Has("_txlock") {
		q.Set("_txlock", "immediate")
	}
	if !q.Has("_time_format") {
		q.Set("_time_format", "sqlite")
	}
	return base + "?" + q.Encode()
}

// mysqlConfig parses a go-sql-driver DSN and turns parseTime on unless the
// DSN sets it.
func mysqlConfig(dsn string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(dsn, "parseTime=") {
		cfg.ParseTime = true
	}
	return cfg, nil
}
