package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

const books = "http://127.0.0.1:8000/api/v1/library/books/"

func TestPages(t *testing.T) {
	app := NewApp("http://127.0.0.1:8000")
	tests := []struct {
		name, query                   string
		total, perPage, current, last int
		ids                           []int  // first and last id on the page; nil when empty
		first, lastURL, next, prev    string // "" for a null link
	}{
		{"first page", "", 95, 10, 1, 10, []int{1, 10},
			books + "?page=1&per_page=10", books + "?page=10&per_page=10", books + "?page=2&per_page=10", ""},
		{"middle page", "?page=5", 95, 10, 5, 10, []int{41, 50},
			books + "?page=1&per_page=10", books + "?page=10&per_page=10", books + "?page=6&per_page=10", books + "?page=4&per_page=10"},
		{"last page", "?page=10", 95, 10, 10, 10, []int{91, 95},
			books + "?page=1&per_page=10", books + "?page=10&per_page=10", "", books + "?page=9&per_page=10"},
		{"past the end", "?page=11", 95, 10, 11, 10, nil,
			books + "?page=1&per_page=10", books + "?page=10&per_page=10", "", books + "?page=10&per_page=10"},
		{"per_page chosen", "?page=2&per_page=25", 95, 25, 2, 4, []int{26, 50},
			books + "?page=1&per_page=25", books + "?page=4&per_page=25", books + "?page=3&per_page=25", books + "?page=1&per_page=25"},
		{"per_page capped at 50", "?per_page=500", 95, 50, 1, 2, []int{1, 50},
			books + "?page=1&per_page=50", books + "?page=2&per_page=50", books + "?page=2&per_page=50", ""},
		{"filter kept in the links", "?q=go", 19, 10, 1, 2, []int{1, 46},
			books + "?page=1&per_page=10&q=go", books + "?page=2&per_page=10&q=go", books + "?page=2&per_page=10&q=go", ""},
		{"filter, last page", "?q=GO&page=2", 19, 10, 2, 2, []int{51, 91},
			books + "?page=1&per_page=10&q=GO", books + "?page=2&per_page=10&q=GO", "", books + "?page=1&per_page=10&q=GO"},
		{"filter matching nothing", "?q=cobol", 0, 10, 1, 1, nil,
			books + "?page=1&per_page=10&q=cobol", books + "?page=1&per_page=10&q=cobol", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := petratest.Decode[petra.Page[Book]](
				petratest.New(t, app).Get("/api/v1/library/books/" + tt.query).AssertStatus(status.HTTP_200_OK))
			assert.Equal(t, tt.total, page.Total)
			assert.Equal(t, tt.perPage, page.PerPage)
			assert.Equal(t, tt.current, page.CurrentPage)
			assert.Equal(t, tt.last, page.LastPage)
			assert.Equal(t, tt.first, page.FirstPageURL)
			assert.Equal(t, tt.lastURL, page.LastPageURL)
			assert.Equal(t, tt.next, deref(page.NextPageURL))
			assert.Equal(t, tt.prev, deref(page.PrevPageURL))
			assert.Equal(t, map[string]any{"catalogue_size": float64(95)}, page.AdditionalData)
			require.NotNil(t, page.Data, "an empty page is [], not null")
			if tt.ids == nil {
				assert.Empty(t, page.Data)
				return
			}
			require.NotEmpty(t, page.Data)
			assert.Equal(t, tt.ids, []int{page.Data[0].ID, page.Data[len(page.Data)-1].ID})
		})
	}
}

func TestPageBody(t *testing.T) {
	c := petratest.New(t, NewApp("http://127.0.0.1:8000"))
	c.Get("/api/v1/library/books/?q=go&page=2&per_page=5").AssertJSON(status.HTTP_200_OK, `{
		"data": [
			{"id": 26, "title": "Go, volume 6"}, {"id": 31, "title": "Go, volume 7"}, {"id": 36, "title": "Go, volume 8"},
			{"id": 41, "title": "Go, volume 9"}, {"id": 46, "title": "Go, volume 10"}
		],
		"total": 19, "per_page": 5, "current_page": 2, "last_page": 4,
		"first_page_url": "`+books+`?page=1&per_page=5&q=go",
		"last_page_url": "`+books+`?page=4&per_page=5&q=go",
		"next_page_url": "`+books+`?page=3&per_page=5&q=go",
		"prev_page_url": "`+books+`?page=1&per_page=5&q=go",
		"additional_data": {"catalogue_size": 95}
	}`)
}

func TestBadPageParams(t *testing.T) {
	app := NewApp("http://127.0.0.1:8000")
	const page = `"page":["The page must be a whole number of at least 1"]`
	const perPage = `"per_page":["The per_page must be a whole number of at least 1"]`
	tests := []struct {
		name, query, errors string
	}{
		{"page 0", "?page=0", `{` + page + `}`},
		{"page not a number", "?page=two", `{` + page + `}`},
		{"per_page negative", "?per_page=-5", `{` + perPage + `}`},
		{"both", "?page=1.5&per_page=x", `{` + page + `,` + perPage + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Get("/api/v1/library/books/"+tt.query).AssertJSON(status.HTTP_400_BAD_REQUEST,
				`{"success":false,"message":"The given data was invalid","errors":`+tt.errors+`}`)
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
