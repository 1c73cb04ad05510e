// Command pagination answers a list a page at a time: ?page= and ?per_page= read
// with r.PageParams, the page built with petra.NewPage and list-wide figures in
// additional_data. An optional ?q= filter is kept in the links, which are
// absolute because the app knows its base URL.
//
//	go run ./examples/pagination
//	curl -s 'localhost:8000/api/v1/library/books/?page=2'
//	curl -s 'localhost:8000/api/v1/library/books/?q=go&per_page=5'
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"strings"

	"github.com/go-petra/petra/petra"
)

// Book is one book of the catalogue.
type Book struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

// Summary is the additional_data of the list.
type Summary struct {
	CatalogueSize int `json:"catalogue_size"`
}

// BookViewSet serves an in-memory catalogue, which it never modifies.
type BookViewSet struct {
	petra.ViewSet
	books []Book
}

// List answers one page of the books whose title contains ?q= (any case), or of
// all books when q is empty. A bad page or per_page is answered 400.
func (v *BookViewSet) List(r *petra.Request) petra.Result {
	params, err := r.PageParams()
	if err != nil {
		return petra.Fail(err)
	}
	books := v.books
	if q := strings.ToLower(strings.TrimSpace(r.Query("q"))); q != "" {
		books = nil
		for _, b := range v.books {
			if strings.Contains(strings.ToLower(b.Title), q) {
				books = append(books, b)
			}
		}
	}
	from := min(params.Offset(), len(books)) // a page past the end is empty, not an error
	to := min(from+params.PerPage, len(books))
	page := petra.NewPage(r, params, books[from:to], len(books))
	return petra.Response(page.WithAdditionalData(Summary{CatalogueSize: len(v.books)}))
}

// catalogue returns n books, one topic in five about Go.
func catalogue(n int) []Book {
	topics := []string{"Go", "SQL", "HTTP", "Testing", "Design"}
	books := make([]Book, n)
	for i := range books {
		books[i] = Book{ID: i + 1, Title: fmt.Sprintf("%s, volume %d", topics[i%len(topics)], i/len(topics)+1)}
	}
	return books
}

// Module mounts the catalogue at /api/v1/library/.
func Module() petra.Module {
	v := &BookViewSet{books: catalogue(95)}
	return petra.Module{Name: "library", Version: "v1", Routes: v.Routes(
		petra.Get("books/", v.List),
	)}
}

// NewApp returns the example app, reached at baseURL ("http://127.0.0.1:8000"):
// 10 items a page unless ?per_page= asks for more, at most 50.
func NewApp(baseURL string) *petra.App {
	app := petra.New(petra.WithPagination(10, 50), petra.WithBaseURL(baseURL))
	app.Mount(Module())
	return app
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	flag.Parse()
	if err := NewApp("http://"+*addr).Run(context.Background(), *addr); err != nil {
		log.Fatal(err)
	}
}
