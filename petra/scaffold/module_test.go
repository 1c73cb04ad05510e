package scaffold

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModulePath(t *testing.T) {
	tests := []struct {
		gomod, want string
		ok          bool
	}{
		{"module example.com/shop\n\ngo 1.26\n", "example.com/shop", true},
		{"// a comment\nmodule\tshop // trailing\n", "shop", true},
		{`module "example.com/quoted"` + "\n", "example.com/quoted", true},
		{"modules x\n", "", false},
		{"go 1.26\n", "", false},
		{"module\n", "", false},
		{"module a b\n", "", false},
	}
	for _, tt := range tests {
		got, ok := modulePath([]byte(tt.gomod))
		assert.Equal(t, tt.ok, ok, tt.gomod)
		assert.Equal(t, tt.want, got, tt.gomod)
	}
}

func FuzzModulePath(f *testing.F) {
	for _, seed := range []string{"module example.com/shop\n", "module \"x\"", "module", "\x00module a", "module `a`"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, gomod []byte) {
		path, ok := modulePath(gomod)
		if ok {
			assert.NotEmpty(t, path)
			assert.NotContains(t, path, " ")
		} else {
			assert.Empty(t, path)
		}
	})
}

// project writes a minimal project into a temporary directory: go.mod and
// the module list a new project starts with.
func project(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	d := moduleData(FirstModule)
	d.Name, d.ModulePath, d.First = "shop", "example.com/shop", FirstModule
	list, err := execute("templates/project/modules/modules.go.tmpl", d)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "modules"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "modules", "modules.go"), list, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/shop\n"), 0o644))
	return root
}

func TestAddModule(t *testing.T) {
	root := project(t)
	written, err := AddModule(root, "product")
	require.NoError(t, err)
	for _, f := range []string{
		"modules/product/forms.go", "modules/product/views.go", "modules/product/urls.go",
		"modules/product/models.go", "modules/product/store.go", "modules/product/product_test.go",
		"modules/product/sql/product/list.sql",
		"modules/product/migrations/sqlite/00001_create_products.sql",
		"modules/product/migrations/postgres/00001_create_products.sql",
		"modules/product/migrations/mysql/00001_create_products.sql",
		"modules/modules.go",
	} {
		assert.Contains(t, written, filepath.Join(root, filepath.FromSlash(f)))
	}
	list, err := os.ReadFile(filepath.Join(root, "modules", "modules.go"))
	require.NoError(t, err)
	assert.Contains(t, string(list), "\t\"example.com/shop/modules/product\"\n")
	assert.Contains(t, string(list), "\t\tproduct.Module(product.NewStore(d.DB)),\n\t}")
	assert.Contains(t, string(list), "\t\tproduct.Migrations,\n\t}")
}

// TestAddModulePlural: a plural name makes the module its singular makes.
func TestAddModulePlural(t *testing.T) {
	root := project(t)
	written, err := AddModule(root, "products")
	require.NoError(t, err)
	assert.Contains(t, written, filepath.Join(root, "modules", "product", "store.go"))
	assert.Contains(t, written, filepath.Join(root, "modules", "product", "migrations", "sqlite", "00001_create_products.sql"))
	test, err := os.ReadFile(filepath.Join(root, "modules", "product", "product_test.go"))
	require.NoError(t, err)
	assert.Contains(t, string(test), `const base = "/api/v1/product/products/"`)
	_, err = AddModule(root, "product")
	assert.ErrorContains(t, err, "already imports", "product and products are one module")
}

func TestAddModuleWithFields(t *testing.T) {
	root := project(t)
	_, err := AddModule(root, "product", "name:string", "price:int", "in_stock:bool", "restock_at:time:optional")
	require.NoError(t, err)
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(root, "modules", "product", filepath.FromSlash(rel)))
		require.NoError(t, err)
		return string(b)
	}
	tests := []struct{ file, want string }{
		{"forms.go", "Price     int64      `json:\"price\" form:\"price\" validate:\"required\"`"},
		{"forms.go", "RestockAt *time.Time `json:\"restock_at\" form:\"restock_at\"`"},
		{"models.go", "InStock   bool       `json:\"in_stock\" db:\"in_stock\"`"},
		{"sql/product/insert.sql", "INSERT INTO products (uuid, name, price, in_stock, restock_at, created, modified)\nVALUES (?, ?, ?, ?, ?, ?, ?)"},
		{"sql/product/update.sql", "SET name = ?, price = ?, in_stock = ?, restock_at = ?, modified = ?"},
		{"migrations/postgres/00001_create_products.sql", "    price       BIGINT NOT NULL,\n    in_stock    BOOLEAN NOT NULL,\n    restock_at  TIMESTAMPTZ NULL,"},
		{"migrations/mysql/00001_create_products.sql", "    name        VARCHAR(255) NOT NULL,"},
		{"product_test.go", `{"price of the wrong type", with(sample, "price", "x"),`},
	}
	for _, tt := range tests {
		assert.Contains(t, read(tt.file), tt.want, tt.file)
	}
}

func TestAddModuleRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(root string)
		err   string
	}{
		{"bad name", nil, "not a module name"},
		{"reserved singular", nil, `"stores" names the module store, a name the generated code uses`},
		{"existing module", func(root string) { _, _ = AddModule(root, "product") }, "already imports"},
		{"existing directory", func(root string) { _ = os.MkdirAll(filepath.Join(root, "modules", "product"), 0o755) }, "already exists"},
		{"no go.mod", func(root string) { _ = os.Remove(filepath.Join(root, "go.mod")) }, "go.mod"},
		{"no module list", func(root string) { _ = os.Remove(filepath.Join(root, "modules", "modules.go")) }, "modules/modules.go"},
		{"bad field", func(string) {}, `"money" is not a field type`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := project(t)
			name, fields := "product", []string{"price:int"}
			switch tt.name {
			case "bad name":
				name = "Product"
			case "reserved singular":
				name = "stores"
			case "bad field":
				fields = []string{"price:money"}
			}
			if tt.setup != nil {
				tt.setup(root)
			}
			before, _ := os.ReadFile(filepath.Join(root, "modules", "modules.go"))
			_, err := AddModule(root, name, fields...)
			assert.ErrorContains(t, err, tt.err)
			after, _ := os.ReadFile(filepath.Join(root, "modules", "modules.go"))
			assert.Equal(t, string(before), string(after), "the module list is unchanged")
		})
	}
}
