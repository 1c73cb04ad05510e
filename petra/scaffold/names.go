package scaffold

import (
	"fmt"
	"go/token"
	"regexp"
	"strings"
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

// pluralize returns the English plural of a lower-case noun by the regular
// rules (box → boxes, category → categories, product → products). An
// irregular noun gets the regular form; rename it in the generated code.
func pluralize(s string) string {
	switch {
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"), strings.HasSuffix(s, "z"),
		strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"):
		return s + "es"
	case len(s) > 1 && strings.HasSuffix(s, "y") && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// singularize returns the English singular of a lower-case noun by the
// regular rules (products → product, categories → category, boxes → box,
// addresses → address, courses → course), or s itself when it reads as
// singular: it does not end in s, or ends in ss, us or is (class, status,
// analysis). An irregular plural gets a regular guess (menus stays menus,
// quizzes becomes quizz): name such a module by its singular.
func singularize(s string) string {
	n := len(s)
	switch {
	case n < 2 || s[n-1] != 's' ||
		strings.HasSuffix(s, "ss") || strings.HasSuffix(s, "us") || strings.HasSuffix(s, "is"):
		return s
	case strings.HasSuffix(s, "ies") && n > 4: // categories; ties is tie
		return s[:n-3] + "y"
	case strings.HasSuffix(s, "sses"), strings.HasSuffix(s, "xes"), strings.HasSuffix(s, "shes"),
		strings.HasSuffix(s, "zzes"), strings.HasSuffix(s, "tzes"),
		strings.HasSuffix(s, "ches") && !(strings.HasSuffix(s, "aches") && (n == 5 || !isVowel(s[n-6]))),
		strings.HasSuffix(s, "uses") && n > 4 && !isVowel(s[n-5]):
		// addresses, boxes, dishes, buzzes, matches and beaches but
		// caches (cache), buses and statuses but houses (house).
		return s[:n-2]
	}
	return s[:n-1] // products, courses, sizes
}

// isVowel reports whether c is a lower-case vowel.
func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
