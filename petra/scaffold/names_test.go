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

// TestInflection: the nouns a module could be named, each way, and the round
// trip singular → plural → singular.
func TestInflection(t *testing.T) {
	tests := []struct{ singular, plural string }{
		{"product", "products"}, {"category", "categories"}, {"box", "boxes"},
		{"address", "addresses"}, {"status", "statuses"}, {"quiz", "quizzes"},
		{"person", "people"}, {"child", "children"}, {"analysis", "analyses"},
		{"index", "indices"}, {"menu", "menus"}, {"cache", "caches"}, {"bus", "buses"},
		{"house", "houses"}, {"news", "news"}, {"series", "series"}, {"datum", "data"},
		{"criterion", "criteria"}, {"medium", "media"}, {"day", "days"}, {"match", "matches"},
		{"dish", "dishes"}, {"buzz", "buzzes"}, {"class", "classes"}, {"course", "courses"},
		{"purchase", "purchases"}, {"size", "sizes"}, {"beach", "beaches"}, {"todo", "todos"},
		{"tie", "ties"}, {"y", "ys"}, {"order2", "order2s"}, {"headache", "headaches"},
		{"schema", "schemas"}, {"lens", "lenses"}, {"species", "species"},
		{"bias", "biases"}, {"virus", "viruses"}, {"api", "apis"}, {"kpi", "kpis"},
		{"physics", "physics"}, {"logistics", "logistics"}, {"chaos", "chaos"},
		{"means", "means"}, {"cattle", "cattle"}, {"os", "os"},
		{"dns", "dns"}, {"cms", "cms"}, {"gps", "gps"},
	}
	for _, tt := range tests {
		t.Run(tt.singular, func(t *testing.T) {
			assert.Equal(t, tt.plural, pluralize(tt.singular), "plural")
			assert.Equal(t, tt.singular, singularize(tt.plural), "singular")
			assert.Equal(t, tt.singular, singularize(tt.singular), "a singular stays")
			assert.Equal(t, tt.singular, singularize(pluralize(tt.singular)), "round trip")
		})
	}
}

// TestFunctionWordsAreKept: pronouns, and the determiners and verbs
// go-pluralize inflects with them (this and these, is and are), name no
// thing: each is kept as given, its own plural, rather than turned into
// another word (us into me, they into she). Mine is also a noun, and
// inflects as one.
func TestFunctionWordsAreKept(t *testing.T) {
	for _, w := range []string{
		"i", "me", "we", "us", "you", "he", "him", "she", "her", "hers", "it", "its", "they",
		"them", "their", "theirs", "my", "our", "ours", "your", "yours", "his",
		"myself", "ourselves", "yourself", "yourselves", "himself", "herself", "itself",
		"themself", "themselves", "this", "these", "that", "those", "is", "are", "was",
		"were", "has", "have",
	} {
		assert.Equal(t, w, singularize(w), "singular of %s", w)
		assert.Equal(t, w, pluralize(w), "plural of %s", w)
	}
	assert.Equal(t, "mines", pluralize("mine"))
}

// TestSingularizeKeepsAName: a word whose singular would not be a module
// name is kept as it is.
func TestSingularizeKeepsAName(t *testing.T) {
	for _, in := range []string{"s", "analysis", "ss"} {
		assert.Equal(t, in, singularize(in), in)
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
		{"quizzes", "quiz", "Quiz", "quizzes"},
		{"person", "person", "Person", "people"},
		{"people", "person", "Person", "people"},
		{"children", "child", "Child", "children"},
		{"news", "news", "News", "news"},
		{"us", "us", "Us", "us"},
		{"them", "them", "Them", "them"},
		{"they", "they", "They", "they"},
		{"species", "species", "Species", "species"},
		{"lens", "lens", "Lens", "lenses"},
		{"lenses", "lens", "Lens", "lenses"},
		// axes and bases are also the plurals of axe and base, which win.
		{"axis", "axis", "Axis", "axes"},
		{"basis", "basis", "Basis", "bases"},
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
