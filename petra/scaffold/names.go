package scaffold

import (
	"fmt"
	"go/token"
	"regexp"
	"strings"

	inflection "github.com/gertd/go-pluralize"
)

// nameRE is what a module name may be: a short lower-case Go package name.
var nameRE = regexp.MustCompile(`^[a-z][a-z0-9]{0,29}$`)

// reserved are names a module cannot take: identifiers the generated code
// imports or declares, which the module's name would clash with.
var reserved = map[string]bool{
	"api": true, "assert": true, "auth": true, "cli": true, "config": true, "context": true,
	"db": true, "dbtest": true, "dto": true, "embed": true, "errors": true, "fs": true,
	"main": true, "migrations": true, "module": true, "modules": true, "petra": true,
	"petratest": true, "project": true, "require": true, "status": true, "store": true,
	"strings": true, "testing": true, "time": true,
}

// checkName reports whether arg can name a module: a Go package name whose
// singular (see [ModuleName]) is not a keyword and clashes with nothing the
// generated code uses.
func checkName(arg string) error {
	if !nameRE.MatchString(arg) {
		return fmt.Errorf("scaffold: %q is not a module name: use lower-case letters and digits, starting with a letter (e.g. product)", arg)
	}
	name := singularize(arg)
	var why string
	switch {
	case token.IsKeyword(name):
		why = "a Go keyword, which cannot name a package"
	case reserved[name]:
		why = "a name the generated code uses"
	default:
		return nil
	}
	if name != arg {
		return fmt.Errorf("scaffold: %q names the module %s, %s; choose another", arg, name, why)
	}
	return fmt.Errorf("scaffold: %q is %s; choose another", arg, why)
}

// moduleData returns the template data of the module arg names, which
// checkName accepted, with the default fields.
func moduleData(arg string) data {
	fields, err := parseFields(nil)
	if err != nil {
		panic(err) // defaultFields are constant, and TestParseFields holds them valid
	}
	name, plural := names(arg)
	return data{Name: name, Type: strings.ToUpper(name[:1]) + name[1:], Plural: plural, Table: plural, Fields: fields}
}

// ModuleName returns the name of the module that [AddModule] makes of arg:
// its singular, as product for products, or arg when it reads as singular.
func ModuleName(arg string) string { return singularize(arg) }

// names returns the module name and the plural of arg, which may be either:
// a plural arg is kept as the plural.
func names(arg string) (name, plural string) {
	if name = singularize(arg); name != arg {
		return name, arg
	}
	return arg, pluralize(arg)
}

// ResourcePath returns where the module that [AddModule] makes of arg serves
// its resource: /api/v1/product/products/ for product and for products.
func ResourcePath(arg string) string {
	name, plural := names(arg)
	return "/api/v1/" + name + "/" + plural + "/"
}

// inflector turns nouns between singular and plural: go-pluralize's rules,
// irregular nouns (person and people, child and children) and uncountable
// ones (news, series) included, with a few of petra's own (see
// newInflector). It only reads its rules, so it is safe for concurrent use.
var inflector = newInflector()

// newInflector returns go-pluralize's client with petra's rules: cache and
// the other nouns in a consonant and "ache" lose only the s (caches →
// cache, where beaches → beach), as do axis, basis and the other nouns in
// "is" (axis stays axis, not axi); medium's plural is media, the name of a
// module of stored files, not mediums; schema's is schemas, not schemata;
// lens's is lenses (lens is not the plural of len); bias, virus, api and
// kpi take an s or es (not bia, viri, apis); species, physics, logistics,
// chaos, means, cattle and os are their own plurals; a word without a vowel
// (dns, cms, gps) is an abbreviation, also its own plural; and each of
// [functionWords] is kept as given.
func newInflector() *inflection.Client {
	c := inflection.NewClient()
	c.AddSingularRule(`(?i)(^|[^aeiou])aches$`, `$1ache`)
	c.AddSingularRule(`(?i)is$`, `is`)
	for _, pair := range [][2]string{
		{"medium", "media"}, {"schema", "schemas"}, {"lens", "lenses"}, {"bias", "biases"},
		{"virus", "viruses"}, {"api", "apis"}, {"kpi", "kpis"},
	} {
		c.AddIrregularRule(pair[0], pair[1])
	}
	for _, w := range []string{"species", "physics", "logistics", "chaos", "means", "cattle", "os"} {
		c.AddUncountableRule(w)
	}
	c.AddUncountableRule(`(?i)^[^aeiouy]+$`)
	for _, w := range functionWords {
		c.AddIrregularRule(w, w) // replaces the library's pair on both sides
	}
	return c
}

// functionWords are the pronouns, and the determiners and verbs that
// go-pluralize inflects with them (I and we, me and us, he and she and
// they, this and these, is and are): none names a thing, so a module named
// after one keeps it as given, its own plural, rather than become another
// word (us → me, they → she, it → its, ours → our). Mine, a noun too,
// inflects as one (mines).
var functionWords = []string{
	"i", "me", "we", "us", "you", "he", "him", "she", "her", "hers", "it", "its", "they",
	"them", "their", "theirs", "my", "our", "ours", "your", "yours", "his",
	"myself", "ourselves", "yourself", "yourselves", "himself", "herself", "itself",
	"themself", "themselves", "this", "these", "that", "those", "is", "are", "was",
	"were", "has", "have",
}

// pluralize returns the English plural of a lower-case noun: products,
// categories, boxes, quizzes, people, children, analyses, data; an
// uncountable noun is its own plural (news, series, species), as is a
// pronoun (us, them).
func pluralize(s string) string { return inflector.Plural(s) }

// singularize returns the English singular of a lower-case noun (products →
// product, quizzes → quiz, people → person, data → datum), or s itself when
// it reads as singular (product, status, analysis, news, species, lens) or
// is a pronoun (us stays us, not me; they stays they). A singular that
// could not name a module (s would be "") is not taken: s is kept.
func singularize(s string) string {
	if one := inflector.Singular(s); nameRE.MatchString(one) {
		return one
	}
	return s
}
