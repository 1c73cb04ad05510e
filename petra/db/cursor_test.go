package db_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var cursorKey = db.DeriveKey([]byte("test secret"), "cursor")

// cursorPage fetches one page of people by cursor and returns its names.
func cursorPage(t *testing.T, d *db.DB, query url.Values, cursor string, perPage int) ([]string, db.CursorPage[person]) {
	t.Helper()
	lq, err := peopleList.Parse(query)
	require.NoError(t, err)
	page, err := db.SelectCursor[person](context.Background(), d, lq, peopleQuery, nil, cursorKey, cursor, perPage)
	require.NoError(t, err)
	names := []string{}
	for _, p := range page.Data {
		names = append(names, p.Name)
	}
	return names, page
}

func TestSelectCursorWalksBothWays(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		tests := []struct {
			name  string
			query url.Values
			pages [][]string
		}{
			{"newest first", url.Values{"ordering": {"-created"}}, [][]string{{"Eve", "Dan"}, {"Cleo 100%", "Bob"}, {"Ann O'Hara"}}},
			{"by name", nil, [][]string{{"Ann O'Hara", "Bob"}, {"Cleo 100%", "Dan"}, {"Eve"}}},
			{"filtered", url.Values{"is_active": {"true"}, "ordering": {"-age"}}, [][]string{{"Dan", "Ann O'Hara"}, {"Bob"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var cursors []string // the cursor that led to each page
				cur := ""
				for i, want := range tt.pages {
					names, page := cursorPage(t, d, tt.query, cur, 2)
					assert.Equal(t, want, names, "page %d", i)
					assert.Equal(t, i > 0, page.PrevCursor != nil, "prev of page %d", i)
					assert.Equal(t, i < len(tt.pages)-1, page.NextCursor != nil, "next of page %d", i)
					cursors = append(cursors, cur)
					if page.NextCursor != nil {
						cur = *page.NextCursor
					}
				}
				// And back from the last page to the first.
				_, page := cursorPage(t, d, tt.query, cursors[len(cursors)-1], 2)
				for i := len(tt.pages) - 2; i >= 0; i-- {
					require.NotNil(t, page.PrevCursor, "prev of page %d", i+1)
					var names []string
					names, page = cursorPage(t, d, tt.query, *page.PrevCursor, 2)
					assert.Equal(t, tt.pages[i], names, "back to page %d", i)
					assert.NotNil(t, page.NextCursor)
				}
				assert.Nil(t, page.PrevCursor, "the first page, reached backwards, has no prev")
			})
		}
	})
}

func TestSelectCursorRefusesForeignCursors(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		_, first := cursorPage(t, d, nil, "", 2)
		next := *first.NextCursor
		payload, sig, _ := strings.Cut(next, ".")
		raw, err := base64.RawURLEncoding.DecodeString(payload)
		require.NoError(t, err)
		forged := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(raw), "Bob", "Zed", 1))) + "." + sig

		otherKey := db.DeriveKey([]byte("another secret"), "cursor")
		lq, err := peopleList.Parse(nil)
		require.NoError(t, err)
		page, err := db.SelectCursor[person](context.Background(), d, lq, peopleQuery, nil, otherKey, "", 2)
		require.NoError(t, err)
		otherKeys := *page.NextCursor

		byAge, err := peopleList.Parse(url.Values{"ordering": {"age"}})
		require.NoError(t, err)
		page, err = db.SelectCursor[person](context.Background(), d, byAge, peopleQuery, nil, cursorKey, "", 2)
		require.NoError(t, err)
		otherOrdering := *page.NextCursor

		for name, c := range map[string]string{
			"values changed":     forged,
			"signature dropped":  payload,
			"signature of other": payload + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 32)),
			"another key":        otherKeys,
			"another ordering":   otherOrdering,
			"not base64":         "%%%.%%%",
			"injection":          "' OR 1=1 --",
			"huge":               strings.Repeat("a", 5000),
		} {
			t.Run(name, func(t *testing.T) {
				_, err := db.SelectCursor[person](context.Background(), d, lq, peopleQuery, nil, cursorKey, c, 2)
				var perr *db.ParamError
				require.ErrorAs(t, err, &perr)
				assert.Equal(t, map[string][]string{"cursor": {"The cursor is invalid or has expired"}}, perr.FieldErrors())
			})
		}
		_, err = db.SelectCursor[person](context.Background(), d, lq, peopleQuery, nil, cursorKey, "", 0)
		assert.ErrorIs(t, err, db.ErrInvalidPage)
	})
}

func TestSelectCursorHugePerPage(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		names, page := cursorPage(t, d, nil, "", math.MaxInt)
		assert.Equal(t, []string{"Ann O'Hara", "Bob", "Cleo 100%", "Dan", "Eve"}, names)
		assert.Nil(t, page.NextCursor)
	})
}

// TestSelectCursorSeeksTheIndex checks the plan of a cursor's page on SQLite:
// the index on the ordering is searched from the cursor's row (created<? or
// created>?), not scanned from the start, so a page costs the same however
// deep it lies.
func TestSelectCursorSeeksTheIndex(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	mustExec(t, d, `CREATE TABLE events (id INTEGER PRIMARY KEY, created {ts} NOT NULL)`,
		`CREATE INDEX events_created ON events (created, id)`)
	for i := range 30 {
		_, err := d.Exec(context.Background(), "INSERT INTO events (id, created) VALUES (?, ?)",
			i+1, time.Date(2026, 1, 1, 0, i/3, 0, 0, time.UTC))
		require.NoError(t, err)
	}
	type event struct {
		ID      int64
		Created time.Time
	}
	list := &db.List{Fields: map[string]db.Field{"id": {Type: db.TypeInt}, "created": {Type: db.TypeTime, Order: true}},
		Ordering: []string{"-created"}, Unique: "id"}
	lq, err := list.Parse(nil)
	require.NoError(t, err)
	const base = "SELECT id, created FROM events"
	first, err := db.SelectCursor[event](context.Background(), d, lq, base, nil, cursorKey, "", 5)
	require.NoError(t, err)
	second, err := db.SelectCursor[event](context.Background(), d, lq, base, nil, cursorKey, *first.NextCursor, 5)
	require.NoError(t, err)
	for cursor, want := range map[string]string{
		*first.NextCursor:  "SEARCH events USING COVERING INDEX events_created (created<?)",
		*second.PrevCursor: "SEARCH events USING COVERING INDEX events_created (created>?)",
	} {
		query, args, err := db.CursorQuery(lq, db.SQLite, base, cursorKey, cursor)
		require.NoError(t, err)
		details, err := db.Select[struct {
			ID, Parent, Notused int64
			Detail              string
		}](context.Background(), d, "EXPLAIN QUERY PLAN "+query+" LIMIT 6", args...)
		require.NoError(t, err)
		require.Len(t, details, 1)
		assert.Equal(t, want, details[0].Detail)
	}
}

// A page that no row fills answers "data": [], never null: clients iterate
// the list without a check, and the document promises an array.
func TestSelectCursorEmptyPageIsAnEmptyList(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		_, page := cursorPage(t, d, url.Values{"search": {"nobody matches this"}}, "", 2)
		body, err := json.Marshal(page)
		require.NoError(t, err)
		assert.JSONEq(t, `{"data":[],"next_cursor":null,"prev_cursor":null}`, string(body))
	})
}
