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

// checkName reports whether name can name a module: a Go package name that
// is not a keyword and clashes with nothing the generated code uses.
func checkName(name string) error {
	switch {
	case !nameRE.MatchString(name):
		return fmt.Errorf("scaffold: %q is not a module name: use lower-case letters and digits, starting with a letter (e.g. product)", name)
	case token.IsKeyword(name) || reserved[name]:
		return fmt.Errorf("scaffold: %q cannot name a module: the generated code uses that name; choose another", name)
	}
	return nil
}

// moduleData returns the template data of the module name, which checkName
// accepted, with the default fields.
func moduleData(name string) data {
	fields, err := parseFields(nil)
	if err != nil {
		panic(err) // defaultFields are constant, and TestParseFields holds them valid
	}
	plural := pluralize(name)
	return data{Name: name, Type: strings.ToUpper(name[:1]) + name[1:], Plural: plural, Table: plural, Fields: fields}
}

// ResourcePath returns where the module name that [AddModule] writes serves
// its resource: /api/v1/product/products/ for product.
func ResourcePath(name string) string {
	return "/api/v1/" + name + "/" + pluralize(name) + "/"
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
