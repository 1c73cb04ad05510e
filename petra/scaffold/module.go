package scaffold

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// modulesFile is the module list of a project, relative to its root.
const modulesFile = "modules/modules.go"

// AddModule adds a CRUD module to the project at root, named after name's
// singular and serving its plural, whichever of the two name is
// ([ModuleName], [ResourcePath]): for product or products, the directory
// modules/product with its forms, viewset, urls, model, store with SQL files,
// migrations for SQLite, PostgreSQL and MySQL, and tests, serving the table
// products at /api/v1/product/products/; then it registers the module in
// modules/modules.go. It returns the files it wrote or changed.
//
// Each of fields is NAME:TYPE or NAME:TYPE:optional, as Rails' generators
// take them: a snake_case name (the JSON key and the SQL column) and one of
// the types string (at most 255 characters), text (at most 10000), int
// (int64), float (float64), bool and time (time.Time, RFC 3339 in JSON). A
// field is required on create and full update unless optional; a partial
// update may send any of them. No fields means name:string and
// description:text:optional.
//
// It fails, writing nothing, when name is not a valid module name, a field
// is not valid, root is not a project (no go.mod or module list) or the
// module exists.
func AddModule(root, name string, fields ...string) ([]string, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	parsed, err := parseFields(fields)
	if err != nil {
		return nil, err
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, fmt.Errorf("scaffold: %w (run make module in the project's root)", err)
	}
	modulePath, ok := modulePath(gomod)
	if !ok {
		return nil, fmt.Errorf("scaffold: %s has no module line", filepath.Join(root, "go.mod"))
	}
	listPath := filepath.Join(root, filepath.FromSlash(modulesFile))
	list, err := os.ReadFile(listPath)
	if err != nil {
		return nil, fmt.Errorf("scaffold: %w (a project lists its modules in %s)", err, modulesFile)
	}
	d := moduleData(name)
	d.ModulePath, d.Fields = modulePath, parsed
	registered, err := register(list, modulePath+"/modules/"+d.Name, d.Name)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "modules", d.Name)
	if _, err := os.Stat(dir); err == nil {
		return nil, fmt.Errorf("scaffold: %s already exists", dir)
	}
	written, err := render("templates/module", dir, d)
	if err != nil {
		return written, err
	}
	if err := os.WriteFile(listPath, registered, 0o644); err != nil {
		return written, err
	}
	return append(written, listPath), nil
}

// modulePath returns the module path of a go.mod file's module directive.
func modulePath(gomod []byte) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		rest, ok := strings.CutPrefix(line, "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"') {
			continue
		}
		rest = strings.TrimSpace(rest)
		if unquoted, err := strconv.Unquote(rest); err == nil {
			rest = unquoted
		}
		if rest == "" || strings.ContainsAny(rest, " \t\"'`") {
			return "", false
		}
		return rest, true
	}
	return "", false
}
