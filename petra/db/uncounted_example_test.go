package db_test

import (
	"context"
	"fmt"
	"log"
	"net/url"

	"github.com/go-petra/petra/petra/db"
)

func ExampleSelectListUncounted() {
	d := openExample()
	defer d.Close()
	q, _ := url.ParseQuery("ordering=-name")
	lq, err := exampleList.Parse(q)
	if err != nil {
		log.Fatal(err)
	}
	const query = "SELECT uuid, name, is_active FROM users"
	for page := 2; page <= 3; page++ {
		users, more, err := db.SelectListUncounted[exampleUser](context.Background(), d, lq, query, nil, page, 2)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(page, users, more)
	}
	// Output:
	// 2 [{u3 Cid false} {u2 Bob true}] true
	// 3 [{u1 Ann false}] false
}
