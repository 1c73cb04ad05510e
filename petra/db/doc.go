// Package db opens SQLite, PostgreSQL or MySQL by name and gives petra
// modules one API over them: SQL files, rows as maps or structs, SQL
// pagination, shaping rows for responses, migrations and model conventions.
//
// It stands alone: of petra it imports only the status package (itself
// standard library only), for the status its outage errors report, so it can
// be used outside a petra app.
//
// # Opening
//
// [Open] takes a driver name as found in a DB_CONNECTION setting ("sqlite",
// "postgres", "mysql") and that driver's DSN, pings, and returns a [DB] that
// knows its [Dialect]. SQLite is configured for web use (WAL, busy_timeout,
// foreign keys, immediate transactions, a small pool); pool sizes are
// [Option]s. [DB.Health] pings for a health endpoint.
//
// # Queries
//
// SQL is written once with ? placeholders; every query method ([DB.Exec],
// [DB.Query], [DB.QueryRow], [DB.QueryMaps]…) rebinds them for the dialect
// ([DB.Rebind]: $1, $2… on PostgreSQL). Values are always parameters; the
// only identifiers petra builds into SQL are validated by [Dialect.QuoteIdent].
// [Tx] has the same methods inside a transaction ([DB.InTx]); [Querier] is
// what both share.
//
// Named SQL files work like django-petra's load_sql: [DB.Queries] over an
// embedded sql directory, then [Queries.Load]("user.get_user") reads
// user/get_user.sql, or user/get_user.postgres.sql on PostgreSQL when present.
//
// # Results
//
// [DB.QueryMaps] and [DB.QueryMap] return rows as map[string]any with types
// normalised across drivers (int64, float64, string, bool, time.Time in UTC).
// [Select], [Get] and [SelectPage] scan into structs by `db:"column"` tags.
// [DB.Paginate] returns one page of rows and the total count. A [Shape]
// includes, excludes, renames and computes keys and binds related rows, like
// django-petra's RawQuerySerializer. A missing row is [ErrNotFound].
//
// # Lists: filters, ordering, search, cursors
//
// A [List] declares what clients may filter (django-filter lookups such as
// created__gte), order (?ordering=-created,name) and search (?search=) a
// list by; [List.Parse] reads a query string into a [ListQuery] and refuses
// what is not declared with a [*ParamError] (400). Only declared columns
// reach SQL; every value is a parameter. [SelectList] pages the result with
// a count, as [SelectPage] does; [SelectListUncounted] by page number
// without the count, reading one row more to know whether a next page
// exists; [SelectCursor] pages it by keyset with signed, opaque cursors, no
// count and the same cost at any depth.
//
// # Migrations
//
// Each module ships goose SQL migrations in an fs.FS ([Migrations]) with one
// directory per dialect or a common one, and keeps its own version table.
// [NewMigrator] gives Up, Down, DownTo, Version and Status; [DB.Migrate]
// applies every module's pending migrations at start-up. PostgreSQL and MySQL
// runs are locked, so app instances starting together are safe.
//
// # Models and errors
//
// Tables follow django-petra's conventions ([ColUUID] and friends): [NewUUID]
// keys (UUIDv7), [Now] timestamps, soft deletion with [DB.SoftDelete] and
// [NotDeleted]. [IsUniqueViolation] recognises duplicate keys on every
// database, which makes unique indexes the arbiter of races;
// [IsUnavailable] tells a database that cannot be reached (503) from a
// failing query (500). The query methods wrap the first kind in an
// [UnavailableError], and a call whose context deadline passed while it
// waited on the database in a [DeadlineError]: both have a
// `Status() status.Code` of 503, which petra's error envelope answers as it
// is, so an outage or a per-request deadline is a 503, not a logged 500.
//
// Package dbtest gives tests an isolated database per backend.
package db
