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
		{"db", false},
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
			assert.Equal(t, name, strings.TrimSuffix(file.Name.Name, "_test"))
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
	} {
		assert.Equal(t, want, ResourcePath(name), name)
	}
}
