package db

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Shape turns raw rows into the objects an API returns, in the spirit of
// django-petra's RawQuerySerializer: Meta.fields becomes Include,
// Meta.exclude becomes Exclude, update_fields becomes Compute and
// bind_relations becomes Related. Rename has no counterpart there; it maps a
// column name to the key clients see.
//
// [Shape.Apply] works in this order, always on copies:
//
//  1. Related lists are bound to each row under their names.
//  2. Compute functions run, each seeing the original row (with its related
//     rows); a computed key may replace a column of the same name, which is
//     how a value is converted (see [Bool]).
//  3. Include keeps only the listed columns; Exclude then drops columns.
//     Computed and related keys are always kept, as in django-petra.
//  4. Rename renames keys.
//
// A name in Include, Exclude or Rename that a row lacks is an error, not a
// silent no-op: a typo in Exclude ("pasword_hash") must not leak the column.
// The zero Shape copies rows unchanged. A Shape is read-only during Apply
// and safe for concurrent use.
type Shape struct {
	// Include lists the columns to keep; nil keeps all.
	Include []string
	// Exclude lists the columns to drop.
	Exclude []string
	// Rename maps a column (or computed or related key) to its new name.
	Rename map[string]string
	// Compute adds or replaces a key with a value computed from the row.
	Compute map[string]func(row map[string]any) any
	// Related binds child rows to each row.
	Related []Relation
}

// Relation binds child rows to parent rows by key, like a user's posts:
//
//	db.Relation{Name: "posts", Rows: posts, ParentKey: "uuid", ChildKey: "user_uuid"}
//
// Every parent gets the list of children whose ChildKey equals its ParentKey
// (an empty list, never nil, when there are none), or with One, the first such
// child or nil. Keys match across integer widths and []byte/string. The
// optional Shape is applied to the children before they are bound (after
// matching, so it may exclude ChildKey).
type Relation struct {
	Name      string           // key the children are bound under, e.g. "posts"
	Rows      []map[string]any // all candidate children, e.g. from one IN (…) query
	ParentKey string           // parent column to match, e.g. "uuid"
	ChildKey  string           // child column to match, e.g. "user_uuid"
	One       bool             // bind the first match (or nil) instead of a list
	Shape     *Shape           // optional shaping of each child
}

// Apply returns shaped copies of rows; rows themselves are not modified.
// An empty input gives an empty, non-nil slice.
func (s Shape) Apply(rows []map[string]any) ([]map[string]any, error) {
	related, err := s.groupRelated()
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(rows))
	for _, row := range rows {
		shaped, err := s.apply(row, related)
		if err != nil {
			return nil, err
		}
		out = append(out, shaped)
	}
	return out, nil
}

// ApplyOne shapes a single row, as Apply does for each.
func (s Shape) ApplyOne(row map[string]any) (map[string]any, error) {
	out, err := s.Apply([]map[string]any{row})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// groups maps a relation's child key to its shaped children.
type groups map[any][]map[string]any

func (s Shape) groupRelated() ([]groups, error) {
	out := make([]groups, len(s.Related))
	for i, r := range s.Related {
		if r.Name == "" || r.ParentKey == "" || r.ChildKey == "" {
			return nil, fmt.Errorf("db: shape: relation %d needs Name, ParentKey and ChildKey", i)
		}
		g := groups{}
		for _, child := range r.Rows {
			k, ok := child[r.ChildKey]
			if !ok {
				return nil, fmt.Errorf("db: shape: relation %q: child row has no column %q", r.Name, r.ChildKey)
			}
			if r.Shape != nil {
				var err error
				if child, err = r.Shape.ApplyOne(child); err != nil {
					return nil, fmt.Errorf("db: shape: relation %q: %w", r.Name, err)
				}
			}
			key := relKey(k)
			g[key] = append(g[key], child)
		}
		out[i] = g
	}
	return out, nil
}

func (s Shape) apply(row map[string]any, related []groups) (map[string]any, error) {
	// extra holds related and computed keys, which Include/Exclude never drop.
	extra := make(map[string]any, len(s.Related)+len(s.Compute))
	view := row
	if len(s.Related) > 0 {
		view = make(map[string]any, len(row)+len(s.Related))
		for k, v := range row {
			view[k] = v
		}
		for i, r := range s.Related {
			k, ok := row[r.ParentKey]
			if !ok {
				return nil, fmt.Errorf("db: shape: relation %q: row has no column %q", r.Name, r.ParentKey)
			}
			children := related[i][relKey(k)]
			var v any
			switch {
			case r.One && len(children) > 0:
				v = children[0]
			case r.One:
				v = nil
			case children == nil:
				v = []map[string]any{}
			default:
				v = slices.Clone(children)
			}
			view[r.Name], extra[r.Name] = v, v
		}
	}
	for name, fn := range s.Compute {
		extra[name] = fn(view)
	}

	out := make(map[string]any, len(row)+len(extra))
	if s.Include != nil {
		for _, c := range s.Include {
			v, ok := row[c]
			if !ok {
				return nil, fmt.Errorf("db: shape: included column %q is not in the row", c)
			}
			out[c] = v
		}
	} else {
		for k, v := range row {
			out[k] = v
		}
	}
	for _, c := range s.Exclude {
		if _, ok := row[c]; !ok {
			return nil, fmt.Errorf("db: shape: excluded column %q is not in the row", c)
		}
		delete(out, c)
	}
	for k, v := range extra {
		out[k] = v
	}
	for from, to := range s.Rename {
		v, ok := out[from]
		if !ok {
			if _, inRow := row[from]; inRow {
				continue // dropped by Include or Exclude: nothing to rename
			}
			return nil, fmt.Errorf("db: shape: renamed column %q is not in the row", from)
		}
		delete(out, from)
		out[to] = v
	}
	return out, nil
}

// relKey makes values from different drivers comparable as map keys.
func relKey(v any) any {
	switch x := normalize(v, kindText).(type) {
	case int64, string, bool, float64, nil:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// Bool returns a Compute function that reads column col as a boolean, for
// databases that store booleans as integers (SQLite, MySQL's TINYINT(1)):
// non-zero numbers, true, and the strings "1", "t", "true" (any case) are
// true; NULL stays nil; anything else is false.
//
//	db.Shape{Compute: map[string]func(map[string]any) any{"is_active": db.Bool("is_active")}}
func Bool(col string) func(row map[string]any) any {
	return func(row map[string]any) any {
		switch v := row[col].(type) {
		case nil:
			return nil
		case bool:
			return v
		case int64:
			return v != 0
		case float64:
			return v != 0
		case string:
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			return err == nil && b
		default:
			n, ok := normalize(v, kindInt).(int64)
			return ok && n != 0
		}
	}
}
