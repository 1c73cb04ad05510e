package db

import (
	"context"
	"database/sql"
	"math"
	"strconv"
	"strings"
	"time"
)

// QueryMaps runs query (rebound for the dialect) and returns every row as a
// map from column name to value, ready for JSON. No rows gives an empty,
// non-nil slice, which encodes as []. Values are normalised so that the three
// drivers agree:
//
//   - NULL is nil;
//   - integers are int64 (booleans stored as integers, as on SQLite and in
//     MySQL's TINYINT(1), stay int64 until a [Shape] turns them into bool;
//     PostgreSQL's boolean arrives as bool);
//   - floating-point columns are float64; DECIMAL and NUMERIC stay strings,
//     so no precision is lost;
//   - text and other byte values are string;
//   - date-time columns are time.Time in UTC (SQLite needs the column declared
//     DATE, DATETIME or TIMESTAMP).
//
// When two columns share a name, as in a join, the later one wins: alias them.
func (d *DB) QueryMaps(ctx context.Context, query string, args ...any) ([]map[string]any, error) {
	return queryMaps(ctx, d, query, args...)
}

// QueryMap is [DB.QueryMaps] for one row: the first row, or [ErrNotFound].
func (d *DB) QueryMap(ctx context.Context, query string, args ...any) (map[string]any, error) {
	return queryMap(ctx, d, query, args...)
}

// QueryMaps is [DB.QueryMaps] inside the transaction.
func (t *Tx) QueryMaps(ctx context.Context, query string, args ...any) ([]map[string]any, error) {
	return queryMaps(ctx, t, query, args...)
}

// QueryMap is [DB.QueryMap] inside the transaction.
func (t *Tx) QueryMap(ctx context.Context, query string, args ...any) (map[string]any, error) {
	return queryMap(ctx, t, query, args...)
}

func queryMap(ctx context.Context, q Querier, query string, args ...any) (map[string]any, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out, err := scanMaps(rows, 1)
	if err != nil {
		return nil, wrapErr(ctx, err) // the connection may die while rows are read
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out[0], nil
}

func queryMaps(ctx context.Context, q Querier, query string, args ...any) ([]map[string]any, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out, err := scanMaps(rows, 0)
	return out, wrapErr(ctx, err)
}

// scanMaps reads rows into maps, at most limit of them when limit > 0, and
// closes rows.
func scanMaps(rows *sql.Rows, limit int) ([]map[string]any, error) {
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(types))
	kinds := make([]columnKind, len(types))
	for i, ct := range types {
		names[i] = ct.Name()
		kinds[i] = kindOf(ct.DatabaseTypeName())
	}
	out := []map[string]any{}
	vals := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make(map[string]any, len(names))
		for i, name := range names {
			row[name] = normalize(vals[i], kinds[i])
			vals[i] = nil
		}
		out = append(out, row)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}

// columnKind is how a column's bytes are read when a driver hands them over
// as text (MySQL's text protocol does, for every type).
type columnKind uint8

const (
	kindText columnKind = iota
	kindInt
	kindFloat
)

func kindOf(dbType string) columnKind {
	t := strings.ToUpper(dbType)
	t = strings.TrimPrefix(t, "UNSIGNED ")
	switch t {
	case "INT", "INTEGER", "TINYINT", "SMALLINT", "MEDIUMINT", "BIGINT", "YEAR",
		"INT2", "INT4", "INT8", "SERIAL", "BIGSERIAL":
		return kindInt
	case "FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8", "DOUBLE PRECISION":
		return kindFloat
	}
	return kindText
}

// normalize maps one driver value to petra's common types (see QueryMaps).
func normalize(v any, kind columnKind) any {
	switch x := v.(type) {
	case nil, int64, float64, bool, string:
		return v
	case []byte:
		s := string(x)
		switch kind {
		case kindInt:
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n
			}
		case kindFloat:
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return f
			}
		}
		return s
	case time.Time:
		return x.UTC()
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint:
		if uint64(x) <= math.MaxInt64 {
			return int64(x)
		}
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x)
		}
	case float32:
		return float64(x)
	}
	return v
}
