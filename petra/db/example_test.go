package db_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"testing/fstest"
	"time"

	"github.com/go-petra/petra/petra/db"
)

// openExample returns an in-memory SQLite database with a few users.
func openExample() *db.DB {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	_, err = d.Exec(ctx, `CREATE TABLE users (uuid TEXT PRIMARY KEY, name TEXT NOT NULL, is_active INTEGER NOT NULL)`)
	if err != nil {
		log.Fatal(err)
	}
	for i, name := range []string{"Ann", "Bob", "Cid", "Dee", "Eve"} {
		_, err := d.Exec(ctx, "INSERT INTO users (uuid, name, is_active) VALUES (?, ?, ?)", fmt.Sprint("u", i+1), name, i%2)
		if err != nil {
			log.Fatal(err)
		}
	}
	return d
}

func ExampleDB_QueryMaps() {
	d := openExample()
	defer d.Close()
	rows, err := d.QueryMaps(context.Background(), "SELECT name, is_active FROM users WHERE name < ? ORDER BY name", "C")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rows)
	// Output: [map[is_active:0 name:Ann] map[is_active:1 name:Bob]]
}

func ExampleDB_Paginate() {
	d := openExample()
	defer d.Close()
	rows, total, err := d.Paginate(context.Background(), "SELECT name FROM users ORDER BY name", nil, 2, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(total, rows)
	// Output: 5 [map[name:Cid] map[name:Dee]]
}

func ExampleQueries() {
	// Usually: //go:embed sql
	//          var sqlFiles embed.FS
	sqlFiles := fstest.MapFS{
		"sql/user/get_user.sql":          {Data: []byte("SELECT name FROM users WHERE uuid = ?")},
		"sql/user/get_user.postgres.sql": {Data: []byte("SELECT name FROM users WHERE uuid = ?::uuid")},
	}
	d := openExample()
	defer d.Close()
	q := d.Queries(sqlFiles)
	getUser := q.MustLoad("user.get_user") // the SQLite (generic) file
	row, err := d.QueryMap(context.Background(), getUser, "u2")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(row["name"])
	fmt.Println(db.NewQueries(sqlFiles, db.Postgres).MustLoad("user.get_user"))
	// Output:
	// Bob
	// SELECT name FROM users WHERE uuid = ?::uuid
}

func ExampleShape() {
	d := openExample()
	defer d.Close()
	ctx := context.Background()
	users, _ := d.QueryMaps(ctx, "SELECT uuid, name, is_active FROM users WHERE uuid IN (?, ?) ORDER BY uuid", "u1", "u2")
	posts := []map[string]any{{"user_uuid": "u2", "title": "Hello"}}
	shaped, err := db.Shape{
		Exclude: []string{"uuid"},
		Rename:  map[string]string{"name": "full_name"},
		Compute: map[string]func(map[string]any) any{"is_active": db.Bool("is_active")},
		Related: []db.Relation{{Name: "posts", Rows: posts, ParentKey: "uuid", ChildKey: "user_uuid",
			Shape: &db.Shape{Include: []string{"title"}}}},
	}.Apply(users)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(shaped)
	// Output: [map[full_name:Ann is_active:false posts:[]] map[full_name:Bob is_active:true posts:[map[title:Hello]]]]
}

func ExampleMigrator() {
	d := openExample()
	defer d.Close()
	ctx := context.Background()
	m, err := db.NewMigrator(d, db.Migrations{Module: "blog", FS: fstest.MapFS{
		"common/00001_posts.sql": {Data: []byte("-- +goose Up\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE posts;\n")},
	}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		log.Fatal(err)
	}
	status, _ := m.Status(ctx)
	for _, s := range status {
		fmt.Println(s.Module, s.Version, s.Name, s.Applied)
	}
	// Output: blog 1 00001_posts.sql true
}

func ExampleUnavailableError() {
	// Nothing listens on port 1: the server is down. Query methods fail the
	// same way when it goes down later.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := db.Open(ctx, "postgres", "postgres://app@127.0.0.1:1/app?sslmode=disable")
	var ue *db.UnavailableError
	fmt.Println(errors.As(err, &ue), ue.Status(), db.IsUnavailable(err))
	// Output: true 503 Service Unavailable true
}

func ExampleDeadlineError() {
	d := openExample()
	defer d.Close()
	// A deadline that has passed by the time the query waits on the database.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now())
	defer cancel()
	_, err := d.QueryMaps(ctx, "SELECT name FROM users")
	var de *db.DeadlineError
	fmt.Println(errors.As(err, &de), de.Status(), errors.Is(err, context.DeadlineExceeded))
	// Output: true 503 Service Unavailable true
}
