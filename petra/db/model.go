package db

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Column conventions of petra models, after django-petra's Extensions and
// SoftDeleteModel: a UUID primary key, created and modified timestamps and,
// for soft-deletable tables, a nullable deleted_at timestamp. Portable column
// types:
//
//	uuid        CHAR(36) (SQLite TEXT, PostgreSQL uuid)  primary key, from NewUUID
//	created     timestamp, set once from Now             (MySQL: DATETIME(6))
//	modified    timestamp, set from Now on every update  (MySQL: DATETIME(6))
//	deleted_at  nullable timestamp; NULL means live      (MySQL: DATETIME(6) NULL)
//
// On SQLite declare timestamps DATETIME so they read back as time.Time; on
// MySQL use DATETIME(6), as plain DATETIME drops the microseconds Now keeps.
const (
	ColUUID      = "uuid"
	ColCreated   = "created"
	ColModified  = "modified"
	ColDeletedAt = "deleted_at"

	// NotDeleted is the condition that selects live rows of a soft-deletable
	// table: "SELECT … FROM users WHERE " + db.NotDeleted.
	NotDeleted = ColDeletedAt + " IS NULL"
)

// NewUUID returns a new random UUID in canonical lower-case form
// ("0190a6e2-7c4e-7d1a-9f0b-5b2c3d4e5f60").
//
// It is a version 7 UUID: 48 bits of Unix milliseconds, then 74 random bits.
// Because it sorts by creation time, new rows land at the end of the primary
// key's B-tree instead of at random pages, which keeps inserts and index
// caches efficient on all three databases, and ORDER BY uuid follows creation
// order. The price is that an ID reveals when it was made (to the
// millisecond); it reveals nothing else, and 74 random bits keep IDs
// unguessable. Safe for concurrent use.
func NewUUID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// Now returns the current time in UTC truncated to microseconds, the finest
// precision PostgreSQL and MySQL (DATETIME(6)) store, so a value written and
// read back compares equal on every database. Use it for created, modified
// and deleted_at.
func Now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}

// SoftDelete marks the live row of table whose uuid is id as deleted, by
// setting deleted_at (and modified) to [Now]. It returns [ErrNotFound] when no
// live row has that id, so deleting twice reports not found, as a hard delete
// would. table is validated as an identifier (see [Dialect.QuoteIdent]); id
// is always a parameter. The table needs the uuid, modified and deleted_at
// columns of the model convention.
func (d *DB) SoftDelete(ctx context.Context, table string, id any) error {
	return setDeleted(ctx, d, table, id, true)
}

// Restore undoes [DB.SoftDelete]: it clears deleted_at on the deleted row of
// table whose uuid is id, or returns [ErrNotFound].
func (d *DB) Restore(ctx context.Context, table string, id any) error {
	return setDeleted(ctx, d, table, id, false)
}

// SoftDelete is [DB.SoftDelete] inside the transaction.
func (t *Tx) SoftDelete(ctx context.Context, table string, id any) error {
	return setDeleted(ctx, t, table, id, true)
}

// Restore is [DB.Restore] inside the transaction.
func (t *Tx) Restore(ctx context.Context, table string, id any) error {
	return setDeleted(ctx, t, table, id, false)
}

func setDeleted(ctx context.Context, q Querier, table string, id any, deleted bool) error {
	tbl, err := q.Dialect().QuoteIdent(table)
	if err != nil {
		return err
	}
	now := Now()
	query := "UPDATE " + tbl + " SET " + ColDeletedAt + " = ?, " + ColModified + " = ? WHERE " +
		ColUUID + " = ? AND " + ColDeletedAt + " IS NULL"
	args := []any{now, now, id}
	if !deleted {
		query = "UPDATE " + tbl + " SET " + ColDeletedAt + " = NULL, " + ColModified + " = ? WHERE " +
			ColUUID + " = ? AND " + ColDeletedAt + " IS NOT NULL"
		args = []any{now, id}
	}
	res, err := q.Exec(ctx, query, args...)
	if err != nil {
		op := "soft delete"
		if !deleted {
			op = "restore"
		}
		return fmt.Errorf("db: %s in %s: %w", op, table, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
