// Command rawsql answers JSON straight from SQL, as django-petra's raw-query
// helpers do, on the embedded SQLite: queries live in sql/ and are loaded by
// dotted name, migrations in migrations/, rows come back as maps, db.Paginate
// pages them and db.Shape renames, drops, computes and nests what clients see.
//
//	go run ./examples/rawsql                 # an in-memory database, or -dsn library.db
//	curl -s 'localhost:8000/api/v1/library/books/?page=2&per_page=3'
//	curl -s localhost:8000/api/v1/library/authors/
package main

import (
	"context"
	"embed"
	"flag"
	"log"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
)

// sqlFiles holds the queries: "book.list_books" is sql/book/list_books.sql.
//
//go:embed sql
var sqlFiles embed.FS

// migrationFiles holds the schema: common/ serves every database unless a
// sqlite/, postgres/ or mysql/ directory holds that one's own.
//
//go:embed migrations
var migrationFiles embed.FS

// Migrations create and fill the library's tables.
var Migrations = db.Migrations{Module: "library", FS: migrationFiles}

// bookShape turns a row of book.list_books into the book clients see.
var bookShape = db.Shape{
	Exclude: []string{"author_id"},
	Rename:  map[string]string{"author_name": "author"},
	Compute: map[string]func(map[string]any) any{
		"in_print": db.Bool("in_print"), // SQLite stores booleans as 0 and 1
	},
}

// LibraryViewSet answers the library's views from SQL.
type LibraryViewSet struct {
	petra.ViewSet
	db                     *db.DB
	listBooks, listAuthors string
}

// Books answers a page of books, oldest first.
func (v *LibraryViewSet) Books(r *petra.Request) petra.Result {
	params, err := r.PageParams()
	if err != nil {
		return petra.Fail(err)
	}
	rows, total, err := v.db.Paginate(r.Context(), v.listBooks, nil, params.Page, params.PerPage)
	if err != nil {
		return petra.Fail(err)
	}
	books, err := bookShape.Apply(rows)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(petra.NewPage(r, params, books, total))
}

// Authors answers every author with their books and how many there are.
func (v *LibraryViewSet) Authors(r *petra.Request) petra.Result {
	authors, err := v.db.QueryMaps(r.Context(), v.listAuthors)
	if err != nil {
		return petra.Fail(err)
	}
	// Every book, in one query; with many authors, select the books of a
	// page of them with WHERE author_id IN (…) instead.
	books, err := v.db.QueryMaps(r.Context(), v.listBooks)
	if err != nil {
		return petra.Fail(err)
	}
	shape := db.Shape{
		Related: []db.Relation{{
			Name: "books", Rows: books, ParentKey: "id", ChildKey: "author_id",
			Shape: &db.Shape{Include: []string{"id", "title", "year"}},
		}},
		Compute: map[string]func(map[string]any) any{
			"book_count": func(row map[string]any) any {
				books, _ := row["books"].([]map[string]any)
				return len(books)
			},
		},
	}
	out, err := shape.Apply(authors)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(out)
}

// Module mounts the library at /api/v1/library/. Its queries are loaded here,
// so a missing one stops start-up rather than a request.
func Module(d *db.DB) petra.Module {
	queries := d.Queries(sqlFiles)
	v := &LibraryViewSet{
		db:          d,
		listBooks:   queries.MustLoad("book.list_books"),
		listAuthors: queries.MustLoad("author.list_authors"),
	}
	return petra.Module{Name: "library", Version: "v1", Routes: v.Routes(
		petra.Get("books/", v.Books),
		petra.Get("authors/", v.Authors),
	)}
}

// NewApp migrates d and returns the example app over it.
func NewApp(ctx context.Context, d *db.DB) (*petra.App, error) {
	if err := d.Migrate(ctx, Migrations); err != nil {
		return nil, err
	}
	app := petra.New()
	app.Mount(Module(d))
	return app, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	dsn := flag.String("dsn", ":memory:", "SQLite database file")
	flag.Parse()
	if err := run(context.Background(), *addr, *dsn); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, addr, dsn string) error {
	d, err := db.Open(ctx, "sqlite", dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	app, err := NewApp(ctx, d)
	if err != nil {
		return err
	}
	return app.Run(ctx, addr)
}
