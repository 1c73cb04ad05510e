package scaffold

import (
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"product", true},
		{"order2", true},
		{"", false},
		{"Product", false},
		{"order_item", false},
		{"2fa", false},
		{"func", false},
		{"store", false},
		{"stores", false},
		{"db", false},
		{"products", true},
		{"types", false},
		{strings.Repeat("a", 31), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkName(tt.name)
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestPluralize(t *testing.T) {
	for in, want := range map[string]string{
		"product": "products", "box": "boxes", "category": "categories", "day": "days",
		"bus": "buses", "match": "matches", "dish": "dishes", "quiz": "quizes", "y": "ys",
	} {
		assert.Equal(t, want, pluralize(in), in)
	}
}

func TestSingularize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"products", "product"}, {"product", "product"},
		{"categories", "category"}, {"days", "day"}, {"ties", "tie"}, {"ys", "y"},
		{"boxes", "box"}, {"matches", "match"}, {"dishes", "dish"}, {"buzzes", "buzz"},
		{"addresses", "address"}, {"classes", "class"}, {"buses", "bus"}, {"statuses", "status"},
		{"courses", "course"}, {"purchases", "purchase"}, {"houses", "house"}, {"uses", "use"},
		{"sizes", "size"}, {"caches", "cache"}, {"beaches", "beach"}, {"todos", "todo"},
		{"address", "address"}, {"status", "status"}, {"analysis", "analysis"}, {"s", "s"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, singularize(tt.in), tt.in)
	}
}

// TestModuleNames: a singular and its plural name the same module, the
// package and type after the singular, the table and path after the plural.
func TestModuleNames(t *testing.T) {
	tests := []struct{ in, name, typ, plural string }{
		{"product", "product", "Product", "products"},
		{"products", "product", "Product", "products"},
		{"category", "category", "Category", "categories"},
		{"categories", "category", "Category", "categories"},
		{"address", "address", "Address", "addresses"},
		{"addresses", "address", "Address", "addresses"},
		{"bus", "bus", "Bus", "buses"},
		{"buses", "bus", "Bus", "buses"},
	}
	for _, tt := range tests {
		d := moduleData(tt.in)
		assert.Equal(t, []string{tt.name, tt.typ, tt.plural, tt.plural}, []string{d.Name, d.Type, d.Plural, d.Table}, tt.in)
		assert.Equal(t, "/api/v1/"+tt.name+"/"+tt.plural+"/", ResourcePath(tt.in), tt.in)
		assert.Equal(t, tt.name, ModuleName(tt.in), tt.in)
	}
}

// FuzzModuleName renders the module templates for any name checkName
// accepts: every Go file must parse, in the package the name gives.
func FuzzModuleName(f *testing.F) {
	for _, seed := range []string{"product", "category", "box", "x", "item9", "go", "store", "Product"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if checkName(name) != nil {
			return
		}
		require.Regexp(t, nameRE, singularize(name), "the package name")
		d := moduleData(name)
		d.ModulePath = "example.com/shop"
		err := fs.WalkDir(templates, "templates/module", func(p string, e fs.DirEntry, err error) error {
			require.NoError(t, err)
			if e.IsDir() || !strings.HasSuffix(p, ".go.tmpl") {
				return nil
			}
			src, err := execute(p, d)
			require.NoError(t, err, "%s for %q", p, name)
			file, err := parser.ParseFile(token.NewFileSet(), p, src, parser.PackageClauseOnly)
			require.NoError(t, err)
			assert.Equal(t, singularize(name), strings.TrimSuffix(file.Name.Name, "_test"))
			return nil
		})
		require.NoError(t, err)
	})
}

func TestResourcePath(t *testing.T) {
	for name, want := range map[string]string{
		"product":  "/api/v1/product/products/",
		"category": "/api/v1/category/categories/",
		"box":      "/api/v1/box/boxes/",
		"products": "/api/v1/product/products/",
	} {
		assert.Equal(t, want, ResourcePath(name), name)
	}
}
