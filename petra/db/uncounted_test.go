package db_test

import (
	"context"
	"math"
	"net/url"
	"testing"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// names returns the names of people, in order.
func names(people []person) []string {
	out := []string{}
	for _, p := range people {
		out = append(out, p.Name)
	}
	return out
}

func TestSelectListUncountedPages(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		tests := []struct {
			name          string
			query         string
			page, perPage int
			want          []string
			more          bool
		}{
			{"first page", "", 1, 2, []string{"Ann O'Hara", "Bob"}, true},
			{"middle page", "", 2, 2, []string{"Cleo 100%", "Dan"}, true},
			{"last page, partial", "", 3, 2, []string{"Eve"}, false},
			{"last page, full", "", 1, 5, []string{"Ann O'Hara", "Bob", "Cleo 100%", "Dan", "Eve"}, false},
			{"page past the end", "", 4, 2, []string{}, false},
			{"far page", "", math.MaxInt, 100, []string{}, false},
			{"page just inside int", "", math.MaxInt/100 + 1, 100, []string{}, false},
			{"huge per_page", "", 1, math.MaxInt, []string{"Ann O'Hara", "Bob", "Cleo 100%", "Dan", "Eve"}, false},
			{"filtered and ordered", "is_active=true&ordering=-age", 1, 2, []string{"Dan", "Ann O'Hara"}, true},
			{"filtered, second page", "is_active=true&ordering=-age", 2, 2, []string{"Bob"}, false},
			{"searched", "search=example.com&ordering=-created", 2, 3, []string{"Ann O'Hara"}, false},
			{"filter value injection", "name=x' OR '1'='1", 1, 10, []string{}, false},
			{"search injection", "search=%27+OR+1%3D1+--", 1, 10, []string{}, false},
			{"in injection", "name__in=Bob,x') OR ('1'='1", 1, 10, []string{"Bob"}, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				q, err := url.ParseQuery(tt.query)
				require.NoError(t, err)
				lq, err := peopleList.Parse(q)
				require.NoError(t, err)
				rows, more, err := db.SelectListUncounted[person](context.Background(), d, lq, peopleQuery, nil, tt.page, tt.perPage)
				require.NoError(t, err)
				assert.Equal(t, tt.want, names(rows))
				assert.Equal(t, tt.more, more)
			})
		}
	})
}

func TestSelectListUncountedRefusesBadPages(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		lq, err := peopleList.Parse(nil)
		require.NoError(t, err)
		for _, p := range []struct{ page, perPage int }{{0, 10}, {1, 0}, {-1, 10}, {1, -5}, {math.MinInt, math.MinInt}} {
			rows, more, err := db.SelectListUncounted[person](context.Background(), d, lq, peopleQuery, nil, p.page, p.perPage)
			assert.ErrorIs(t, err, db.ErrInvalidPage, "%+v", p)
			assert.Nil(t, rows)
			assert.False(t, more)
		}
	})
}

// TestListModesAgree walks one declared list three ways (counted pages,
// uncounted pages, cursors) and expects the same rows in the same pages.
func TestListModesAgree(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		ctx := context.Background()
		for _, query := range []string{"", "ordering=-created", "is_active=true&ordering=-age", "search=example.com&ordering=email", "age__isnull=false&ordering=age"} {
			t.Run(query, func(t *testing.T) {
				q, err := url.ParseQuery(query)
				require.NoError(t, err)
				lq, err := peopleList.Parse(q)
				require.NoError(t, err)
				const perPage = 2
				cursor := ""
				for page := 1; ; page++ {
					counted, total, err := db.SelectList[person](ctx, d, lq, peopleQuery, nil, page, perPage)
					require.NoError(t, err)
					uncounted, more, err := db.SelectListUncounted[person](ctx, d, lq, peopleQuery, nil, page, perPage)
					require.NoError(t, err)
					byCursor, err := db.SelectCursor[person](ctx, d, lq, peopleQuery, nil, cursorKey, cursor, perPage)
					require.NoError(t, err)
					assert.Equal(t, names(counted), names(uncounted), "page %d", page)
					assert.Equal(t, names(counted), names(byCursor.Data), "page %d", page)
					assert.Equal(t, page*perPage < total, more, "more after page %d", page)
					assert.Equal(t, more, byCursor.NextCursor != nil, "next cursor after page %d", page)
					if !more {
						break
					}
					cursor = *byCursor.NextCursor
				}
			})
		}
	})
}

func TestSelectPageUncountedRawQuery(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		rows, more, err := db.SelectPageUncounted[string](context.Background(), d,
			"SELECT name FROM users WHERE is_active = ? ORDER BY name DESC;\n", []any{true}, 1, 2)
		require.NoError(t, err)
		assert.Equal(t, []string{"Dan", "Bob"}, rows)
		assert.True(t, more)
	})
}

// TestSelectListUncountedOverHTTP serves an uncounted list as a view does and
// sends it hostile query strings: each is a page or a 400, never a 500.
func TestSelectListUncountedOverHTTP(t *testing.T) {
	const (
		invalid = `{"success":false,"message":"The given data was invalid","errors":`
		path    = "/api/v1/people/people/"
	)
	tests := []struct {
		name, query string
		code        status.Code
		body        string
	}{
		{"filters kept in links", "?is_active=true&ordering=-age&per_page=2", 200, `{"data":["Dan","Ann O'Hara"],"per_page":2,"current_page":1,
			"first_page_url":"` + path + `?is_active=true&ordering=-age&page=1&per_page=2",
			"next_page_url":"` + path + `?is_active=true&ordering=-age&page=2&per_page=2","prev_page_url":null}`},
		{"last page", "?is_active=true&ordering=-age&per_page=2&page=2", 200, `{"data":["Bob"],"per_page":2,"current_page":2,
			"first_page_url":"` + path + `?is_active=true&ordering=-age&page=1&per_page=2","next_page_url":null,
			"prev_page_url":"` + path + `?is_active=true&ordering=-age&page=1&per_page=2"}`},
		{"per_page capped", "?per_page=1000000", 200, `{"data":["Ann O'Hara","Bob","Cleo 100%","Dan","Eve"],"per_page":100,"current_page":1,
			"first_page_url":"` + path + `?page=1&per_page=100","next_page_url":null,"prev_page_url":null}`},
		{"furthest page", "?page=9223372036854775807", 200, `{"data":[],"per_page":15,"current_page":9223372036854775807,
			"first_page_url":"` + path + `?page=1&per_page=15","next_page_url":null,
			"prev_page_url":"` + path + `?page=9223372036854775806&per_page=15"}`},
		{"search injection", "?search=%27%20OR%201%3D1%20--", 200, `{"data":[],"per_page":15,"current_page":1,
			"first_page_url":"` + path + `?page=1&per_page=15&search=%27+OR+1%3D1+--","next_page_url":null,"prev_page_url":null}`},
		{"page 0", "?page=0", 400, invalid + `{"page":["The page must be a whole number of at least 1"]}}`},
		{"page past int", "?page=9223372036854775808", 400, invalid + `{"page":["The page must be a whole number of at least 1"]}}`},
		{"page injection", "?page=1%3BDROP%20TABLE%20users", 400, invalid + `{"page":["The page must be a whole number of at least 1"]}}`},
		{"per_page negative", "?per_page=-1", 400, invalid + `{"per_page":["The per_page must be a whole number of at least 1"]}}`},
		{"per_page not a number", "?per_page=1e3", 400, invalid + `{"per_page":["The per_page must be a whole number of at least 1"]}}`},
		{"ordering injection", "?ordering=name%3BDROP%20TABLE%20users", 400, invalid + `{"ordering":["The ordering must name only age, created, email, name, each with - for descending"]}}`},
		{"filter injection", "?age=1%20OR%201%3D1", 400, invalid + `{"age":["The age must be a whole number"]}}`},
	}
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		app := petra.New()
		app.Mount(petra.Module{Name: "people", Routes: []petra.Route{
			petra.Get("people/", func(r *petra.Request) petra.Result {
				p, err := r.PageParams()
				if err != nil {
					return petra.Fail(err)
				}
				lq, err := peopleList.Parse(r.QueryValues())
				if err != nil {
					return petra.Fail(err)
				}
				rows, more, err := db.SelectListUncounted[person](r.Context(), d, lq, peopleQuery, nil, p.Page, p.PerPage)
				if err != nil {
					return petra.Fail(err)
				}
				return petra.Response(petra.NewUncountedPage(r, p, names(rows), more))
			}),
		}})
		client := petratest.New(t, app)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				client.WithTest(t).Get(path+tt.query).AssertJSON(tt.code, tt.body)
			})
		}
	})
}
