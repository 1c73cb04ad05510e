package config

import (
	"errors"
	"log/slog"
)

// Jobs configures background jobs and schedules (petra/jobs, on River).
type Jobs struct {
	// Enabled is JOBS_ENABLED (default true): serve runs the app's workers
	// and schedules, and modules may enqueue jobs. It is turned off, with a
	// warning, on MySQL/MariaDB when JOBS_DATABASE_URL is not set, since
	// River runs on PostgreSQL and SQLite only.
	Enabled bool
	// Database is JOBS_DATABASE_URL parsed (postgres://…, sqlite:path or
	// file:path): a database of the jobs' own. Its zero value (the key
	// unset) keeps jobs in the app's database, in the app's transactions.
	Database Database
}

// Separate reports whether jobs live in a database of their own.
func (j Jobs) Separate() bool { return j.Database.Connection != "" }

// LogValue implements [slog.LogValuer]; the database hides its password.
func (j Jobs) LogValue() slog.Value {
	db := "app"
	if j.Separate() {
		db = j.Database.String()
	}
	return slog.GroupValue(slog.Bool("enabled", j.Enabled), slog.String("database", db))
}

// batteryKeys are the keys petra/mail and petra/storage parse themselves,
// through [Settings.Lookup].
var batteryKeys = []string{
	"MAIL_MAILER", "MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_ENCRYPTION",
	"MAIL_FROM_ADDRESS", "MAIL_FROM_NAME",
	"STORAGE_DISK", "STORAGE_LOCAL_ROOT", "STORAGE_LOCAL_URL", "STORAGE_TEMPORARY_URL", "STORAGE_SIGNING_KEY",
	"STORAGE_S3_ENDPOINT", "STORAGE_S3_REGION", "STORAGE_S3_BUCKET", "STORAGE_S3_ACCESS_KEY",
	"STORAGE_S3_SECRET_KEY", "STORAGE_S3_PATH_STYLE", "STORAGE_S3_URL",
}

// Lookup returns the value Load read for one of the MAIL_* and STORAGE_*
// keys, which petra/mail and petra/storage validate themselves: pass it to
// mail.LoadConfig and storage.LoadConfig. It has the contract of
// [os.LookupEnv]; other keys are never set.
func (s *Settings) Lookup(key string) (string, bool) {
	v, ok := s.batteries[key]
	return v, ok
}

// batteries reads the MAIL_* and STORAGE_* keys as they are, for [Settings.Lookup].
func (l *loader) batteries() map[string]string {
	var values map[string]string
	for _, key := range batteryKeys {
		if v, ok := l.lookup(key); ok && v != "" {
			if values == nil {
				values = map[string]string{}
			}
			values[key] = v
		}
	}
	return values
}

// jobs reads JOBS_ENABLED and JOBS_DATABASE_URL over the app's database d.
func (l *loader) jobs(d Database) Jobs {
	j := Jobs{Enabled: l.boolean("JOBS_ENABLED", true)}
	if raw, ok := l.secret("JOBS_DATABASE_URL"); ok {
		sub := &loader{lookup: l.lookup}
		j.Database = sub.databaseURL(string(raw))
		for _, err := range sub.errs {
			if ke, ok := errors.AsType[*KeyError](err); ok {
				l.fail("JOBS_DATABASE_URL", "%s", ke.Msg)
			}
		}
		if j.Database.Connection == MySQL {
			l.fail("JOBS_DATABASE_URL", "jobs run on PostgreSQL or SQLite (use postgres://… or sqlite:path)")
		}
		return j
	}
	if j.Enabled && d.Connection == MySQL {
		l.warn("JOBS_ENABLED: background jobs are off: River runs on PostgreSQL or SQLite; set JOBS_DATABASE_URL to one of them to run jobs beside MySQL")
		j.Enabled = false
	}
	return j
}
