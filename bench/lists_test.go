package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
)

// The lists benchmark reads one table of listRows rows, listPerPage a page.
const (
	listTable   = "bench_list_rows"
	listRows    = 1_000_000
	listPerPage = 20
)

// listPages are the pages BenchmarkLists reads: the first, a near one and one
// 99,980 rows deep.
var listPages = []int{1, 50, 5000}

// benchList is the declared list: newest first, three rows to each second of
// created so that the id tie-breaker matters.
var benchList = &db.List{
	Fields: map[string]db.Field{
		"id":      {Type: db.TypeInt},
		"created": {Type: db.TypeTime, Lookups: []db.Lookup{db.Gte, db.Lt}, Order: true},
		"title":   {Type: db.TypeText, Search: true},
	},
	Ordering: []string{"-created"},
	Unique:   "id",
}

const listQuery = "SELECT id, title, created FROM " + listTable

// listRow is a row of listQuery.
type listRow struct {
	ID      int64
	Title   string
	Created time.Time
}

// listKey signs the benchmark's cursors.
var listKey = db.DeriveKey([]byte("bench"), "lists cursor")

// BenchmarkLists lists pages 1, 50 and 5000 of a 1,000,000-row table, 20 rows
// a page newest first, in three modes driven by one db.List:
//
//   - mode=count: db.SelectList, COUNT(*) then LIMIT/OFFSET (page-number
//     pagination with total and last_page);
//   - mode=uncounted: db.SelectListUncounted, LIMIT perPage+1 OFFSET, no count;
//   - mode=cursor: db.SelectCursor from the cursor that starts the page.
//
// The cursor of page N is the next_cursor of page N-1, reached by walking
// every page from the first with SelectCursor before the clock starts (the
// only way a client reaches page 5000 by cursor); the walk's page N must hold
// the same rows as page N by OFFSET, or the benchmark fails.
//
// It needs PETRA_BENCH_LISTS=1 (lists.sh sets it): the first run seeds the
// table, which takes a while, so the bench module's plain go test skips it.
// SQLite's table lives in a file under the temporary directory (or
// PETRA_BENCH_LISTS_SQLITE) and PostgreSQL's in the TEST_POSTGRES_DSN
// database (the PostgreSQL half is skipped without it); both are created
// once and reused while they hold the right number of rows.
func BenchmarkLists(b *testing.B) {
	if os.Getenv("PETRA_BENCH_LISTS") != "1" {
		b.Skip("PETRA_BENCH_LISTS=1 seeds and lists a 1,000,000-row table (see lists.sh)")
	}
	sqlitePath := os.Getenv("PETRA_BENCH_LISTS_SQLITE")
	if sqlitePath == "" {
		sqlitePath = filepath.Join(os.TempDir(), "petra-bench-lists.sqlite")
	}
	backends := []struct{ name, driver, dsn string }{
		{"sqlite", "sqlite", sqlitePath},
		{"postgres", "postgres", os.Getenv("TEST_POSTGRES_DSN")},
	}
	for _, be := range backends {
		b.Run("db="+be.name, func(b *testing.B) {
			if be.dsn == "" {
				b.Skip("TEST_POSTGRES_DSN is unset")
			}
			ctx := context.Background()
			d, err := db.Open(ctx, be.driver, be.dsn)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { d.Close() })
			if err := seedListRows(ctx, d); err != nil {
				b.Fatal(err)
			}
			lq, err := benchList.Parse(nil)
			if err != nil {
				b.Fatal(err)
			}
			cursors, err := cursorsOfPages(ctx, d, lq)
			if err != nil {
				b.Fatal(err)
			}
			modes := []struct {
				name string
				list func(page int) (int, error) // rows listed
			}{
				{"count", func(page int) (int, error) {
					rows, _, err := db.SelectList[listRow](ctx, d, lq, listQuery, nil, page, listPerPage)
					return len(rows), err
				}},
				{"uncounted", func(page int) (int, error) {
					rows, _, err := db.SelectListUncounted[listRow](ctx, d, lq, listQuery, nil, page, listPerPage)
					return len(rows), err
				}},
				{"cursor", func(page int) (int, error) {
					p, err := db.SelectCursor[listRow](ctx, d, lq, listQuery, nil, listKey, cursors[page], listPerPage)
					return len(p.Data), err
				}},
			}
			for _, m := range modes {
				b.Run("mode="+m.name, func(b *testing.B) {
					for _, page := range listPages {
						b.Run(fmt.Sprintf("page=%d", page), func(b *testing.B) {
							for b.Loop() {
								n, err := m.list(page)
								if err != nil || n != listPerPage {
									b.Fatalf("page %d: %d rows, %v", page, n, err)
								}
							}
						})
					}
				})
			}
		})
	}
}

// seedListRows creates and fills the benchmark's table unless it already
// holds listRows rows: one INSERT … SELECT from generate_series on
// PostgreSQL and from a recursive CTE on SQLite, then the index the ordering
// reads.
func seedListRows(ctx context.Context, d *db.DB) error {
	var n int64
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM "+listTable).Scan(&n); err == nil && n == listRows {
		return nil
	}
	stmts := map[db.Dialect][]string{
		db.Postgres: {
			"DROP TABLE IF EXISTS " + listTable,
			"CREATE TABLE " + listTable + " (id BIGINT PRIMARY KEY, title TEXT NOT NULL, created TIMESTAMPTZ NOT NULL)",
			fmt.Sprintf(`INSERT INTO %s (id, title, created)
				SELECT g, 'row ' || g, TIMESTAMPTZ '2026-01-01 00:00:00+00' + (g / 3) * INTERVAL '1 second'
				FROM generate_series(1, %d) AS g`, listTable, listRows),
			"CREATE INDEX " + listTable + "_created ON " + listTable + " (created, id)",
			"ANALYZE " + listTable,
		},
		// Times as petra's SQLite connection writes them (_time_format=sqlite),
		// so that a cursor's value compares with the stored text.
		db.SQLite: {
			"DROP TABLE IF EXISTS " + listTable,
			"CREATE TABLE " + listTable + " (id INTEGER PRIMARY KEY, title TEXT NOT NULL, created DATETIME NOT NULL)",
			fmt.Sprintf(`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d)
				INSERT INTO %s (id, title, created)
				SELECT n, 'row ' || n, strftime('%%Y-%%m-%%d %%H:%%M:%%S', 1767225600 + n / 3, 'unixepoch') || '+00:00'
				FROM seq`, listRows, listTable),
			"CREATE INDEX " + listTable + "_created ON " + listTable + " (created, id)",
			"ANALYZE",
		},
	}[d.Dialect()]
	for _, s := range stmts {
		if _, err := d.Exec(ctx, s); err != nil {
			return fmt.Errorf("seed %s: %w", listTable, err)
		}
	}
	return nil
}

// cursorsOfPages walks the list by cursor from the first page to the last of
// listPages and returns the cursor that leads to each of listPages ("" for
// page 1), checking that each of those pages starts with the row OFFSET puts
// first on it.
func cursorsOfPages(ctx context.Context, d *db.DB, lq *db.ListQuery) (map[int]string, error) {
	cursors := map[int]string{}
	cursor := ""
	for page := 1; page <= listPages[len(listPages)-1]; page++ {
		p, err := db.SelectCursor[listRow](ctx, d, lq, listQuery, nil, listKey, cursor, listPerPage)
		if err != nil {
			return nil, fmt.Errorf("cursor page %d: %w", page, err)
		}
		for _, want := range listPages {
			if page != want {
				continue
			}
			cursors[page] = cursor
			rows, _, err := db.SelectListUncounted[listRow](ctx, d, lq, listQuery, nil, page, listPerPage)
			if err != nil {
				return nil, err
			}
			if len(p.Data) != listPerPage || p.Data[0].ID != rows[0].ID || p.Data[listPerPage-1].ID != rows[listPerPage-1].ID {
				return nil, fmt.Errorf("page %d by cursor starts at id %d, by offset at id %d", page, p.Data[0].ID, rows[0].ID)
			}
		}
		if p.NextCursor == nil {
			return nil, fmt.Errorf("no page after %d", page)
		}
		cursor = *p.NextCursor
	}
	return cursors, nil
}
