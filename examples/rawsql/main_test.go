package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// newApp returns the example app over a fresh in-memory SQLite database.
func newApp(t *testing.T) *petra.App {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, d.Close()) })
	app, err := NewApp(ctx, d)
	require.NoError(t, err)
	return app
}

func TestRawSQL(t *testing.T) {
	app := newApp(t)
	const books = "/api/v1/library/books/"
	tests := []struct {
		name, path string
		want       status.Code
		wantBody   string
	}{
		{"first page of books", books + "?per_page=3", http.StatusOK, `{
			"data": [
				{"id": 4, "title": "Solaris", "year": 1961, "in_print": true, "author": "Stanisław Lem"},
				{"id": 5, "title": "The Cyberiad", "year": 1965, "in_print": false, "author": "Stanisław Lem"},
				{"id": 1, "title": "A Wizard of Earthsea", "year": 1968, "in_print": true, "author": "Ursula K. Le Guin"}
			],
			"total": 7, "per_page": 3, "current_page": 1, "last_page": 3,
			"first_page_url": "` + books + `?page=1&per_page=3",
			"last_page_url": "` + books + `?page=3&per_page=3",
			"next_page_url": "` + books + `?page=2&per_page=3",
			"prev_page_url": null
		}`},
		{"last page of books", books + "?page=3&per_page=3", http.StatusOK, `{
			"data": [
				{"id": 7, "title": "If on a winter's night a traveler", "year": 1979, "in_print": true, "author": "Italo Calvino"}
			],
			"total": 7, "per_page": 3, "current_page": 3, "last_page": 3,
			"first_page_url": "` + books + `?page=1&per_page=3",
			"last_page_url": "` + books + `?page=3&per_page=3",
			"next_page_url": null,
			"prev_page_url": "` + books + `?page=2&per_page=3"
		}`},
		{"page past the end", books + "?page=9&per_page=3", http.StatusOK, `{
			"data": [], "total": 7, "per_page": 3, "current_page": 9, "last_page": 3,
			"first_page_url": "` + books + `?page=1&per_page=3",
			"last_page_url": "` + books + `?page=3&per_page=3",
			"next_page_url": null,
			"prev_page_url": "` + books + `?page=3&per_page=3"
		}`},
		{"bad page", books + "?page=0", http.StatusBadRequest,
			`{"success":false,"message":"The given data was invalid","errors":{"page":["The page must be a whole number of at least 1"]}}`},
		{"authors with their books", "/api/v1/library/authors/", http.StatusOK, `[
			{"id": 3, "name": "Italo Calvino", "country": "IT", "book_count": 2, "books": [
				{"id": 6, "title": "Invisible Cities", "year": 1972},
				{"id": 7, "title": "If on a winter's night a traveler", "year": 1979}
			]},
			{"id": 4, "name": "Octavia E. Butler", "country": "US", "book_count": 0, "books": []},
			{"id": 2, "name": "Stanisław Lem", "country": "PL", "book_count": 2, "books": [
				{"id": 4, "title": "Solaris", "year": 1961},
				{"id": 5, "title": "The Cyberiad", "year": 1965}
			]},
			{"id": 1, "name": "Ursula K. Le Guin", "country": "US", "book_count": 3, "books": [
				{"id": 1, "title": "A Wizard of Earthsea", "year": 1968},
				{"id": 2, "title": "The Left Hand of Darkness", "year": 1969},
				{"id": 3, "title": "The Dispossessed", "year": 1974}
			]}
		]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Get(tt.path).AssertJSON(tt.want, tt.wantBody)
		})
	}
}
