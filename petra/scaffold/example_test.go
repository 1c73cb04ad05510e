package scaffold_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-petra/petra/petra/scaffold"
)

// NewProject writes a project pointed at a local petra checkout; AddModule
// then adds a CRUD module to it and registers it in modules/modules.go.
func ExampleAddModule() {
	tmp, _ := os.MkdirTemp("", "scaffold")
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "shop")
	if _, err := scaffold.NewProject(scaffold.Options{Dir: dir, Module: "example.com/shop", Petra: "../.."}); err != nil {
		panic(err)
	}
	files, err := scaffold.AddModule(dir, "product")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		fmt.Println(filepath.ToSlash(rel))
	}
	// Output:
	// modules/product/product_test.go
	// modules/product/doc.go
	// modules/product/forms.go
	// modules/product/migrations/mysql/00001_create_products.sql
	// modules/product/migrations/postgres/00001_create_products.sql
	// modules/product/migrations/sqlite/00001_create_products.sql
	// modules/product/models.go
	// modules/product/sql/product/delete.sql
	// modules/product/sql/product/get.sql
	// modules/product/sql/product/insert.sql
	// modules/product/sql/product/list.sql
	// modules/product/sql/product/update.sql
	// modules/product/store.go
	// modules/product/urls.go
	// modules/product/views.go
	// modules/modules.go
}
