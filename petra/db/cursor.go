package db

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CursorParam is the query parameter that carries a cursor.
const CursorParam = "cursor"

// maxCursorBytes bounds the cursor a request may send.
const maxCursorBytes = 4096

// CursorPage is one page of a cursor-paginated list, as DRF's
// CursorPagination answers it, without a count: the rows, and the cursors
// of the pages after and before it (nil at either end).
type CursorPage[T any] struct {
	Data       []T     `json:"data" openapi:"nonnull"` // never nil in a page SelectCursor returns
	NextCursor *string `json:"next_cursor"`
	PrevCursor *string `json:"prev_cursor"`
}

// DeriveKey returns a 32-byte key for purpose derived from secret (an
// application secret such as the JWT signing key), so that one secret
// serves several uses without a key of one being a key of another.
func DeriveKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("petra derived key: " + purpose))
	return m.Sum(nil)
}

// cursor is what a cursor says: the ordering it was made for, the direction
// it leads, and the ordering values of the row it starts after (or before).
type cursor struct {
	Ordering string   `json:"o"`
	Back     bool     `json:"b,omitempty"`
	Values   []string `json:"v"`
}

// errInvalidCursor is what a client hears of any cursor petra did not make
// for this list, however it fails.
var errInvalidCursor = &ParamError{Fields: map[string][]string{CursorParam: {"The cursor is invalid or has expired"}}}

// encodeCursor signs c with key: base64url(JSON) "." base64url(HMAC-SHA256).
func encodeCursor(key []byte, c cursor) string {
	payload, err := json.Marshal(c)
	if err != nil {
		panic(err) // strings and a bool always marshal
	}
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(m.Sum(nil))
}

// decodeCursor checks s's signature under key and returns what it says, or
// errInvalidCursor.
func decodeCursor(key []byte, s string) (cursor, error) {
	var c cursor
	if len(s) > maxCursorBytes {
		return c, errInvalidCursor
	}
	p, sig, ok := strings.Cut(s, ".")
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p)
	mac, err2 := enc.DecodeString(sig)
	if !ok || err1 != nil || err2 != nil {
		return c, errInvalidCursor
	}
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	if !hmac.Equal(mac, m.Sum(nil)) {
		return c, errInvalidCursor
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, errInvalidCursor
	}
	return c, nil
}

// SelectCursor runs base filtered and ordered by lq for the page of at most
// perPage rows that cursor (a cursor of an earlier page, or "" for the first)
// points to, scanned into T, a struct with a field for every column lq orders
// by. It runs one query, perPage+1 rows long, with no COUNT(*) and no
// OFFSET: the cursor's row values become a condition on the ordering
// columns, so a page costs the same however deep it lies, given an index on
// them. lq's ordering must end with a unique field (see [List].Unique) and
// its columns hold no NULL. A page with no rows (its rows deleted since the
// cursor was made) has no cursors.
//
// Cursors are signed with key (see [DeriveKey]); one that was altered, made
// with another key, or made for another ordering is a [*ParamError] on
// "cursor", answered 400.
func SelectCursor[T any](ctx context.Context, q Querier, lq *ListQuery, base string, args []any, key []byte, cursorText string, perPage int) (CursorPage[T], error) {
	if perPage < 1 {
		return CursorPage[T]{}, ErrInvalidPage
	}
	if len(key) == 0 {
		return CursorPage[T]{}, errors.New("db: SelectCursor needs a key")
	}
	fields, err := lq.cursorFields(reflect.TypeFor[T]())
	if err != nil {
		return CursorPage[T]{}, err
	}
	var (
		from  *cursor
		extra []string
		xargs []any
	)
	if cursorText != "" {
		c, err := decodeCursor(key, cursorText)
		if err != nil {
			return CursorPage[T]{}, err
		}
		if extra, xargs, err = lq.keyset(c); err != nil {
			return CursorPage[T]{}, err
		}
		from = &c
	}
	back := from != nil && from.Back
	query, qargs := lq.build(q.Dialect(), base, args, extra, back)
	rows, err := Select[T](ctx, q, query+"\nLIMIT ?", append(append(qargs, xargs...), lookahead(perPage))...)
	if err != nil {
		return CursorPage[T]{}, err
	}
	more := len(rows) > perPage
	rows = rows[:min(len(rows), perPage)]
	if back {
		slices.Reverse(rows)
	}
	page := CursorPage[T]{Data: rows}
	if len(rows) == 0 {
		return page, nil
	}
	link := func(row T, back bool) (*string, error) {
		values, err := lq.values(reflect.ValueOf(row), fields)
		if err != nil {
			return nil, err
		}
		s := encodeCursor(key, cursor{Ordering: lq.Ordering(), Back: back, Values: values})
		return &s, nil
	}
	// Forward: more rows lie after this page, and before it when a cursor
	// led here. Backward: the reverse.
	if back || more {
		if page.NextCursor, err = link(rows[len(rows)-1], false); err != nil {
			return CursorPage[T]{}, err
		}
	}
	if (back && more) || (!back && from != nil) {
		if page.PrevCursor, err = link(rows[0], true); err != nil {
			return CursorPage[T]{}, err
		}
	}
	return page, nil
}

// cursorFields returns the index in t of the field of each ordering column.
func (lq *ListQuery) cursorFields(t reflect.Type) ([][]int, error) {
	if !isStructTarget(t) {
		return nil, fmt.Errorf("db: cursor pages need rows scanned into a struct, not %s", t)
	}
	table := fieldsOf(t)
	paths := make([][]int, len(lq.order))
	for i, o := range lq.order {
		p, ok := table[normName(lq.list.column(o.field))]
		if !ok {
			return nil, fmt.Errorf("db: %s has no field for the ordering column %q", t, lq.list.column(o.field))
		}
		paths[i] = p
	}
	return paths, nil
}

// values returns the ordering values of row, as a cursor carries them.
func (lq *ListQuery) values(row reflect.Value, paths [][]int) ([]string, error) {
	out := make([]string, len(paths))
	for i, p := range paths {
		v := row.FieldByIndex(p)
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return nil, fmt.Errorf("db: the ordering column %q is NULL; cursor pages need values", lq.list.column(lq.order[i].field))
			}
			v = v.Elem()
		}
		switch x := v.Interface().(type) {
		case time.Time:
			out[i] = x.UTC().Format(time.RFC3339Nano)
		case bool:
			out[i] = strconv.FormatBool(x)
		default:
			out[i] = fmt.Sprint(x)
		}
	}
	return out, nil
}

// keyset returns the conditions that keep the rows after c's row in lq's
// ordering (before it, for a backward cursor), and their arguments:
//
//	a >= ? AND (a > ? OR (a = ? AND b > ?) …)
func (lq *ListQuery) keyset(c cursor) ([]string, []any, error) {
	if c.Ordering != lq.Ordering() || len(c.Values) != len(lq.order) {
		return nil, nil, errInvalidCursor
	}
	vals := make([]any, len(c.Values))
	for i, s := range c.Values {
		v, p := parseTrusted(lq.list.Fields[lq.order[i].field].Type, s)
		if p.template != "" {
			return nil, nil, errInvalidCursor
		}
		vals[i] = v
	}
	var (
		ors, bound []string
		args       []any
	)
	if len(lq.order) > 1 {
		// Implied by the OR below, the first column's bound lets the
		// database seek an index on the ordering to the cursor's row rather
		// than read every row before it: the cost stays flat with depth.
		op := ">="
		if lq.order[0].desc != c.Back {
			op = "<="
		}
		bound = []string{"{" + lq.list.column(lq.order[0].field) + "} " + op + " ?"}
		args = append(args, vals[0])
	}
	for i, o := range lq.order {
		var ands []string
		for j := range i {
			ands = append(ands, "{"+lq.list.column(lq.order[j].field)+"} = ?")
			args = append(args, vals[j])
		}
		op := ">"
		if o.desc != c.Back {
			op = "<"
		}
		ands = append(ands, "{"+lq.list.column(o.field)+"} "+op+" ?")
		args = append(args, vals[i])
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return append(bound, "("+strings.Join(ors, " OR ")+")"), args, nil
}
