package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"path"
	"regexp"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
)

// Migrations is one module's set of goose SQL migrations.
//
// FS holds one directory per dialect whose migrations differ, and a common
// directory for those that do not:
//
//	migrations/common/00001_create_users.sql    used when no dialect directory exists
//	migrations/sqlite/00001_create_users.sql
//	migrations/postgres/00001_create_users.sql
//	migrations/mysql/00001_create_users.sql
//
// The dialect's directory wins over common; the two are not merged. The
// directories may sit at the root of FS or under "migrations/", so the
// embed.FS of //go:embed migrations works as it is. Files follow goose's
// format: NNNNN_name.sql with -- +goose Up and -- +goose Down sections.
//
// Each module records its versions in its own table, petra_migrations_<module>,
// so modules are migrated and rolled back independently.
type Migrations struct {
	// Module names the module; lower-case letters, digits and underscores,
	// starting with a letter. It names the version table.
	Module string
	// FS holds the migration files.
	FS fs.FS
}

// MigrationStatus is one migration of a module, as [Migrator.Status] lists
// it: ready for a CLI to print as a table.
type MigrationStatus struct {
	Module    string
	Version   int64
	Name      string    // file name, e.g. "00001_create_users.sql"
	Applied   bool      // whether the migration is in the database
	AppliedAt time.Time // when it was applied; zero if pending
}

// MigrationResult reports one migration that [Migrator.Up] or
// [Migrator.Down] ran.
type MigrationResult struct {
	Module    string
	Version   int64
	Name      string
	Direction string // "up" or "down"
	Duration  time.Duration
}

// Migrator applies one module's migrations to a database with goose's
// instance-based Provider: no goose globals, so any number of modules and
// databases can be migrated in one process.
//
// On PostgreSQL, Up and Down hold a session advisory lock per module and
// schema (goose's locker, which retries each second for up to 10 minutes),
// and on MySQL a named lock (GET_LOCK) per module and database, so app
// instances starting together apply each migration once: the others wait,
// then find nothing to do. SQLite is not locked across processes: run its
// migrations from one process (the app at start-up, or petra migrate, not
// both at once). A Migrator's own methods are serialised, so it is safe for
// concurrent use.
type Migrator struct {
	module   string
	provider *goose.Provider
	db       *sql.DB
	store    database.Store
	locker   lock.SessionLocker // nil on SQLite

	mu    sync.Mutex
	ready bool // the version table exists with its zero row
}

var moduleRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// NewMigrator prepares m's migrations for d. It fails when the module name is
// invalid or FS has no migrations for d's dialect; it does not touch the
// database.
func NewMigrator(d *DB, m Migrations) (*Migrator, error) {
	if !moduleRE.MatchString(m.Module) {
		return nil, fmt.Errorf("db: migrations: invalid module name %q (want lower-case letters, digits and _)", m.Module)
	}
	if m.FS == nil {
		return nil, fmt.Errorf("db: migrations %s: no FS", m.Module)
	}
	dir, err := migrationDir(m.FS, d.dialect)
	if err != nil {
		return nil, fmt.Errorf("db: migrations %s: %w", m.Module, err)
	}
	sub, err := fs.Sub(m.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("db: migrations %s: %w", m.Module, err)
	}
	table := "petra_migrations_" + m.Module
	opts := []goose.ProviderOption{
		goose.WithTableName(table),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)),
	}
	var (
		dialect goose.Dialect
		locker  lock.SessionLocker
	)
	switch d.dialect {
	case Postgres:
		dialect, locker = goose.DialectPostgres, postgresLocker{table: table}
	case MySQL:
		dialect, locker = goose.DialectMySQL, mysqlLocker{table: table}
	default:
		dialect = goose.DialectSQLite3
	}
	if locker != nil {
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	store, err := database.NewStore(dialect, table)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(dialect, d.sql, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("db: migrations %s: %w", m.Module, err)
	}
	return &Migrator{module: m.Module, provider: p, db: d.sql, store: store, locker: locker}, nil
}

// prepare makes sure the version table exists and holds goose's zero row,
// under the module's lock. goose checks this itself, but outside its lock
// (in HasPending, which Up calls first), and on MySQL, whose DDL is not
// transactional, a second instance can then see the new table before its
// zero row and fail with "missing zero version migration". Doing it here,
// locked, once per Migrator, closes that window; it also repairs a table left
// without its zero row by a crash between the two statements.
func (m *Migrator) prepare(ctx context.Context) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ready {
		return nil
	}
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if m.locker != nil {
		if err := m.locker.SessionLock(ctx, conn); err != nil {
			return err
		}
		defer func() {
			err = errors.Join(err, m.locker.SessionUnlock(context.WithoutCancel(ctx), conn))
		}()
	}
	exists, err := m.tableExists(ctx, conn)
	if err != nil {
		return err
	}
	if !exists {
		if err := m.store.CreateVersionTable(ctx, conn); err != nil {
			return err
		}
	}
	rows, err := m.store.ListMigrations(ctx, conn)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		if err := m.store.Insert(ctx, conn, database.InsertRequest{Version: 0}); err != nil {
			return err
		}
	}
	m.ready = true
	return nil
}

// tableExists asks the store whether the version table exists; a store that
// cannot tell (goose's SQLite store) is answered by trying to read the table.
func (m *Migrator) tableExists(ctx context.Context, conn *sql.Conn) (bool, error) {
	if ext, ok := m.store.(database.StoreExtender); ok {
		exists, err := ext.TableExists(ctx, conn)
		if !errors.Is(err, errors.ErrUnsupported) {
			return exists, err
		}
	}
	_, err := m.store.ListMigrations(ctx, conn)
	return err == nil, nil
}

// migrationDir picks the directory of fsys holding dialect's migrations.
func migrationDir(fsys fs.FS, dialect Dialect) (string, error) {
	for _, root := range []string{".", "migrations"} {
		for _, dir := range []string{string(dialect), "common"} {
			p := path.Join(root, dir)
			if fi, err := fs.Stat(fsys, p); err == nil && fi.IsDir() {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("no %s/ or common/ directory of migrations", dialect)
}

// lockID derives a per-schema, per-module advisory lock key.
func lockID(schema, table string) int64 {
	h := fnv.New64a()
	h.Write([]byte("petra:" + schema + "." + table))
	return int64(h.Sum64() >> 1)
}

// Up applies every pending migration, in version order. With nothing pending
// it does nothing and returns no results, so calling it at every start is
// safe. It stops at the first failing migration; those before it stay applied.
func (m *Migrator) Up(ctx context.Context) ([]MigrationResult, error) {
	if err := m.prepare(ctx); err != nil {
		return nil, m.wrap("up", err)
	}
	res, err := m.provider.Up(ctx)
	return m.results(res), m.wrap("up", err)
}

// Down rolls back the most recently applied migration. With none applied it
// returns an error.
func (m *Migrator) Down(ctx context.Context) ([]MigrationResult, error) {
	if err := m.prepare(ctx); err != nil {
		return nil, m.wrap("down", err)
	}
	res, err := m.provider.Down(ctx)
	if res == nil {
		return nil, m.wrap("down", err)
	}
	return m.results([]*goose.MigrationResult{res}), m.wrap("down", err)
}

// DownTo rolls back applied migrations newer than version; 0 rolls back all.
func (m *Migrator) DownTo(ctx context.Context, version int64) ([]MigrationResult, error) {
	if err := m.prepare(ctx); err != nil {
		return nil, m.wrap("down", err)
	}
	res, err := m.provider.DownTo(ctx, version)
	return m.results(res), m.wrap("down", err)
}

// Version returns the highest applied version, 0 when none is.
func (m *Migrator) Version(ctx context.Context) (int64, error) {
	if err := m.prepare(ctx); err != nil {
		return 0, m.wrap("version", err)
	}
	v, err := m.provider.GetDBVersion(ctx)
	return v, m.wrap("version", err)
}

// Status lists every migration of the module, applied or pending, by version.
func (m *Migrator) Status(ctx context.Context) ([]MigrationStatus, error) {
	if err := m.prepare(ctx); err != nil {
		return nil, m.wrap("status", err)
	}
	list, err := m.provider.Status(ctx)
	if err != nil {
		return nil, m.wrap("status", err)
	}
	out := make([]MigrationStatus, 0, len(list))
	for _, s := range list {
		out = append(out, MigrationStatus{
			Module:    m.module,
			Version:   s.Source.Version,
			Name:      path.Base(s.Source.Path),
			Applied:   s.State == goose.StateApplied,
			AppliedAt: s.AppliedAt.UTC(),
		})
	}
	return out, nil
}

func (m *Migrator) results(in []*goose.MigrationResult) []MigrationResult {
	out := make([]MigrationResult, 0, len(in))
	for _, r := range in {
		if r == nil || r.Source == nil {
			continue
		}
		out = append(out, MigrationResult{
			Module:    m.module,
			Version:   r.Source.Version,
			Name:      path.Base(r.Source.Path),
			Direction: r.Direction,
			Duration:  r.Duration,
		})
	}
	return out
}

func (m *Migrator) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("db: migrate %s %s: %w", m.module, op, err)
}

// Migrate applies every pending migration of each module in order, for an
// app that migrates at start-up. It stops at the first error.
func (d *DB) Migrate(ctx context.Context, modules ...Migrations) error {
	for _, m := range modules {
		mig, err := NewMigrator(d, m)
		if err != nil {
			return err
		}
		if _, err := mig.Up(ctx); err != nil {
			return err
		}
	}
	return nil
}

// mysqlLocker serialises migrations of one module in one MySQL database with
// a named lock, which the server releases by itself if the session dies.
type mysqlLocker struct{ table string }

func (l mysqlLocker) name(ctx context.Context, conn *sql.Conn) (string, error) {
	var dbName sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&dbName); err != nil {
		return "", err
	}
	// Lock names are server-wide and limited to 64 characters: hash them.
	return fmt.Sprintf("petra_migrate_%x", lockID(dbName.String, l.table)), nil
}

// SessionLock waits up to 10 minutes for the module's lock.
func (l mysqlLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	name, err := l.name(ctx, conn)
	if err != nil {
		return err
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 600)", name).Scan(&got); err != nil {
		return fmt.Errorf("get migration lock: %w", err)
	}
	if got.Int64 != 1 {
		return errors.New("get migration lock: timed out")
	}
	return nil
}

// SessionUnlock releases the module's lock.
func (l mysqlLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	name, err := l.name(ctx, conn)
	if err != nil {
		return err
	}
	var released sql.NullInt64
	return conn.QueryRowContext(ctx, "SELECT RELEASE_LOCK(?)", name).Scan(&released)
}

// postgresLocker is goose's advisory-lock session locker, keyed by the
// connection's schema and the module's table, so that modules, and schemas
// sharing a database, do not wait for one another.
type postgresLocker struct{ table string }

func (l postgresLocker) locker(ctx context.Context, conn *sql.Conn) (lock.SessionLocker, error) {
	var schema sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return nil, err
	}
	return lock.NewPostgresSessionLocker(
		lock.WithLockID(lockID(schema.String, l.table)),
		lock.WithLockTimeout(1, 600), // poll each second, up to 10 minutes
	)
}

// SessionLock takes the module's advisory lock, waiting up to 10 minutes.
func (l postgresLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	lk, err := l.locker(ctx, conn)
	if err != nil {
		return err
	}
	return lk.SessionLock(ctx, conn)
}

// SessionUnlock releases the module's advisory lock.
func (l postgresLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	lk, err := l.locker(ctx, conn)
	if err != nil {
		return err
	}
	return lk.SessionUnlock(ctx, conn)
}
