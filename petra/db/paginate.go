package db

import (
	"context"
	"errors"
	"strings"
)

// ErrInvalidPage is returned by the pagination helpers when page or perPage
// is below 1. The web layer validates its query parameters first; this is the
// last line of defence.
var ErrInvalidPage = errors.New("db: page and per_page must be at least 1")

// Paginate runs query for one page of its rows and also counts all rows it
// would return:
//
//	SELECT COUNT(*) FROM (query) AS petra_count
//	query LIMIT ? OFFSET ?
//
// page counts from 1. query must be a plain SELECT without its own LIMIT and
// should have an ORDER BY, or pages may overlap. args are query's arguments;
// petra appends the limit and offset with dialect-correct placeholders. A
// page past the end gives no rows (an empty, non-nil slice) and the total,
// without running the page query. The two queries are not in one
// transaction: call it on a [Tx] (via [Tx.Paginate]) when the count must
// match the page exactly.
func (d *DB) Paginate(ctx context.Context, query string, args []any, page, perPage int) (rows []map[string]any, total int, err error) {
	return paginateMaps(ctx, d, query, args, page, perPage)
}

// Paginate is [DB.Paginate] inside the transaction.
func (t *Tx) Paginate(ctx context.Context, query string, args []any, page, perPage int) (rows []map[string]any, total int, err error) {
	return paginateMaps(ctx, t, query, args, page, perPage)
}

func paginateMaps(ctx context.Context, q Querier, query string, args []any, page, perPage int) ([]map[string]any, int, error) {
	pageQuery, pageArgs, total, err := paginate(ctx, q, query, query, args, page, perPage)
	if err != nil || pageQuery == "" {
		return []map[string]any{}, total, err
	}
	rows, err := queryMaps(ctx, q, pageQuery, pageArgs...)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, nil
}

// SelectPage is [DB.Paginate] with rows scanned into T as [Select] does.
func SelectPage[T any](ctx context.Context, q Querier, query string, args []any, page, perPage int) (rows []T, total int, err error) {
	return selectPage[T](ctx, q, query, query, args, page, perPage)
}

// selectPage is SelectPage counting the rows of count, query without its
// ORDER BY when the caller can take it off (a sort costs more than the count).
func selectPage[T any](ctx context.Context, q Querier, count, query string, args []any, page, perPage int) (rows []T, total int, err error) {
	pageQuery, pageArgs, total, err := paginate(ctx, q, count, query, args, page, perPage)
	if err != nil || pageQuery == "" {
		return []T{}, total, err
	}
	rows, err = Select[T](ctx, q, pageQuery, pageArgs...)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, nil
}

// paginate counts the rows of count (query, or query unordered) and returns
// the query and arguments for the requested page, or an empty pageQuery when
// the page lies past the end.
func paginate(ctx context.Context, q Querier, count, query string, args []any, page, perPage int) (pageQuery string, pageArgs []any, total int, err error) {
	if page < 1 || perPage < 1 {
		return "", nil, 0, ErrInvalidPage
	}
	query = strings.TrimRight(strings.TrimSpace(query), "; \t\r\n")
	count = strings.TrimRight(strings.TrimSpace(count), "; \t\r\n")
	var n int64
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM (\n"+count+"\n) AS petra_count", args...).Scan(&n); err != nil {
		return "", nil, 0, err
	}
	total = int(n)
	// Pages counted by division, so huge page or perPage values cannot
	// overflow; past this check, (page-1)*perPage < total.
	pages := n / int64(perPage)
	if n%int64(perPage) != 0 {
		pages++
	}
	if int64(page-1) >= pages {
		return "", nil, total, nil
	}
	offset := (page - 1) * perPage
	pageArgs = append(append(make([]any, 0, len(args)+2), args...), perPage, offset)
	return query + "\nLIMIT ? OFFSET ?", pageArgs, total, nil
}
