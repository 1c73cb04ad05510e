package db_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"

	"github.com/go-petra/petra/petra/db"
)

// exampleList declares the list of openExample's users.
var exampleList = &db.List{
	Fields: map[string]db.Field{
		"name":      {Type: db.TypeText, Lookups: []db.Lookup{db.Exact, db.In}, Order: true, Search: true},
		"is_active": {Type: db.TypeBool, Lookups: []db.Lookup{db.Exact}},
	},
	Ordering: []string{"name"},
	Unique:   "uuid",
}

// exampleUser is a row of openExample's users.
type exampleUser struct {
	UUID     string `db:"uuid"`
	Name     string
	IsActive bool
}

func ExampleList_Parse() {
	d := openExample()
	defer d.Close()
	q, _ := url.ParseQuery("is_active=true&ordering=-name&page=1")
	lq, err := exampleList.Parse(q)
	if err != nil {
		log.Fatal(err)
	}
	users, total, err := db.SelectList[exampleUser](context.Background(), d, lq, "SELECT uuid, name, is_active FROM users", nil, 1, 10)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(total, users)

	_, err = exampleList.Parse(url.Values{"ordering": {"password"}})
	var perr *db.ParamError
	fmt.Println(errors.As(err, &perr), perr.FieldErrors())
	// Output:
	// 2 [{u4 Dee true} {u2 Bob true}]
	// true map[ordering:[The ordering must name only name, each with - for descending]]
}

func ExampleSelectCursor() {
	d := openExample()
	defer d.Close()
	ctx := context.Background()
	key := db.DeriveKey([]byte("the app's secret"), "users cursor")
	lq, err := exampleList.Parse(nil)
	if err != nil {
		log.Fatal(err)
	}
	const query = "SELECT uuid, name, is_active FROM users"
	first, err := db.SelectCursor[exampleUser](ctx, d, lq, query, nil, key, "", 2)
	if err != nil {
		log.Fatal(err)
	}
	second, err := db.SelectCursor[exampleUser](ctx, d, lq, query, nil, key, *first.NextCursor, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first.Data, first.PrevCursor == nil)
	fmt.Println(second.Data, second.PrevCursor != nil, second.NextCursor != nil)

	_, err = db.SelectCursor[exampleUser](ctx, d, lq, query, nil, key, *first.NextCursor+"x", 2)
	fmt.Println(err)
	// Output:
	// [{u1 Ann false} {u2 Bob true}] true
	// [{u3 Cid false} {u4 Dee true}] true true
	// db: invalid query parameters [cursor]
}
