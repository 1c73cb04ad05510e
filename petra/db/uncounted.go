package db

import (
	"context"
	"math"
	"strings"
)

// SelectPageUncounted is [SelectPage] without the count, for tables where
// COUNT(*) is too slow: it runs one query for perPage+1 rows,
//
//	query LIMIT ? OFFSET ?
//
// and reports in more whether a row lies past the page, that is whether a
// next page exists. page counts from 1; query must be a plain SELECT without
// its own LIMIT and should have an ORDER BY. A page past the end gives no rows
// (an empty, non-nil slice). A deep page still costs what OFFSET costs, the
// skipped rows read and thrown away: for constant cost at any depth use
// [SelectCursor].
func SelectPageUncounted[T any](ctx context.Context, q Querier, query string, args []any, page, perPage int) (rows []T, more bool, err error) {
	if page < 1 || perPage < 1 {
		return nil, false, ErrInvalidPage
	}
	if page-1 > math.MaxInt/perPage {
		return []T{}, false, nil // further than any table reaches
	}
	query = strings.TrimRight(strings.TrimSpace(query), "; \t\r\n")
	pageArgs := append(append(make([]any, 0, len(args)+2), args...), lookahead(perPage), (page-1)*perPage)
	rows, err = Select[T](ctx, q, query+"\nLIMIT ? OFFSET ?", pageArgs...)
	if err != nil {
		return nil, false, err
	}
	return rows[:min(len(rows), perPage)], len(rows) > perPage, nil
}

// SelectListUncounted runs base filtered, searched and ordered by lq for one
// page of rows scanned into T, as [SelectList] does, but counts nothing: more
// says whether a next page exists (see [SelectPageUncounted]). Answer it with
// petra.NewUncountedPage.
func SelectListUncounted[T any](ctx context.Context, q Querier, lq *ListQuery, base string, args []any, page, perPage int) (rows []T, more bool, err error) {
	query, qargs := lq.SQL(q.Dialect(), base, args)
	return SelectPageUncounted[T](ctx, q, query, qargs, page, perPage)
}

// lookahead is the LIMIT that fetches a page of perPage rows and one more,
// which tells whether another page follows; it never overflows.
func lookahead(perPage int) int {
	return min(perPage, math.MaxInt-1) + 1
}
