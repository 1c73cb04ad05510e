package db

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Select runs query (rebound for q's dialect) and scans every row into a T.
//
// When T is a struct, each column goes to the field tagged with its name
// (`db:"created_at"`), or else to the exported field whose name matches it
// ignoring case and underscores (CreatedAt takes created_at). Fields of
// embedded structs count as the struct's own; `db:"-"` hides a field. A column
// with no field is an error, so a renamed column is noticed rather than
// silently dropped. NULL needs a nullable field (*string, sql.NullString…).
//
// When T is not a struct, or is time.Time or an sql.Scanner, the query must
// return one column, scanned straight into T: Select[string](ctx, d, "SELECT
// email FROM users").
//
// No rows gives an empty, non-nil slice.
func Select[T any](ctx context.Context, q Querier, query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out, err := scanAll[T](rows, 0)
	return out, wrapErr(ctx, err) // the connection may die while rows are read
}

// Get is [Select] for one row: the first row, or [ErrNotFound].
func Get[T any](ctx context.Context, q Querier, query string, args ...any) (T, error) {
	var zero T
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return zero, err
	}
	out, err := scanAll[T](rows, 1)
	if err != nil {
		return zero, wrapErr(ctx, err)
	}
	if len(out) == 0 {
		return zero, ErrNotFound
	}
	return out[0], nil
}

func scanAll[T any](rows *sql.Rows, limit int) ([]T, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	t := reflect.TypeFor[T]()
	var paths [][]int
	if isStructTarget(t) {
		fields := fieldsOf(t)
		paths = make([][]int, len(cols))
		for i, c := range cols {
			p, ok := fields[normName(c)]
			if !ok {
				return nil, fmt.Errorf("db: column %q has no field in %s (tag one `db:%q` or alias the column)", c, t, c)
			}
			paths[i] = p
		}
	} else if len(cols) != 1 {
		return nil, fmt.Errorf("db: cannot scan %d columns into %s, which is not a struct", len(cols), t)
	}
	out := []T{}
	ptrs := make([]any, len(cols))
	for rows.Next() {
		var v T
		if paths == nil {
			ptrs[0] = &v
		} else {
			rv := reflect.ValueOf(&v).Elem()
			for i, p := range paths {
				ptrs[i] = rv.FieldByIndex(p).Addr().Interface()
			}
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, v)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	scannerType = reflect.TypeFor[sql.Scanner]()
)

// isStructTarget reports whether rows go into t field by field.
func isStructTarget(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t != timeType && !reflect.PointerTo(t).Implements(scannerType)
}

// fieldCache maps a struct type to its column-name → field-index table.
var fieldCache sync.Map // reflect.Type → map[string][]int

// fieldsOf returns the scan table of struct type t, built once per type.
func fieldsOf(t reflect.Type) map[string][]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	collectFields(t, nil, m)
	fieldCache.Store(t, m)
	return m
}

// collectFields walks t breadth-first so that shallower fields win over
// those of embedded structs, as Go's own field promotion does.
func collectFields(t reflect.Type, prefix []int, m map[string][]int) {
	var embedded []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("db"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct && isStructTarget(f.Type) {
			embedded = append(embedded, f)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name := tag
		if name == "" {
			name = f.Name
		}
		key := normName(name)
		if _, taken := m[key]; !taken {
			m[key] = append(append([]int(nil), prefix...), i)
		}
	}
	for _, f := range embedded {
		collectFields(f.Type, append(append([]int(nil), prefix...), f.Index...), m)
	}
}

// normName folds a column or field name for matching: lower case, without
// underscores, so created_at, CreatedAt and createdat meet.
func normName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}
