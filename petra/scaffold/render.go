package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
)

//go:embed all:templates
var templates embed.FS

// pathNames are the placeholders of template file names: "__name__" in
// templates/module/sql/__name__/ becomes the module's name.
var pathNames = map[string]func(data) string{
	"__name__":  func(d data) string { return d.Name },
	"__table__": func(d data) string { return d.Table },
}

// outputNames rename template files whose real names embed would skip or
// that would confuse the go tool inside this repository.
var outputNames = map[string]string{
	"env.example":  ".env.example",
	"gitignore":    ".gitignore",
	"dockerignore": ".dockerignore",
}

// data is what templates see.
type data struct {
	Name         string // the module's package name: "product"
	Type         string // its exported type name: "Product"
	Plural       string // the resource's path and field name: "products"
	Table        string // the SQL table: "products"
	ModulePath   string // the project's Go module path
	First        string // the project's first module
	FirstPlural  string // its plural
	GoVersion    string // the go directive
	PetraVersion string // petra's version in go.mod
	PetraDir     string // the local checkout of the replace directive, if any
	Fields       []field
}

// HasTime reports whether a field is a time.Time, so the form imports time.
func (d data) HasTime() bool {
	return slices.ContainsFunc(d.Fields, field.IsTime)
}

// HasMax reports whether a field has a length limit, so the tests import
// strings.
func (d data) HasMax() bool {
	return slices.ContainsFunc(d.Fields, func(f field) bool { return f.Max() > 0 })
}

// HasNullable reports whether a field is a *time.Time.
func (d data) HasNullable() bool {
	return slices.ContainsFunc(d.Fields, field.Nullable)
}

// Blankable returns the first required field with a length limit, which a
// partial update cannot blank, for the generated tests; nil when none is.
func (d data) Blankable() *field {
	for _, f := range d.Fields {
		if !f.Optional && f.Max() > 0 {
			return &f
		}
	}
	return nil
}

// Columns lists the table's columns in the order of the model and the
// queries: "uuid, name, price, created, modified".
func (d data) Columns() string {
	cols := []string{"uuid"}
	for _, f := range d.Fields {
		cols = append(cols, f.Name)
	}
	return strings.Join(append(cols, "created", "modified"), ", ")
}

// Placeholders are the insert's parameters, one per column.
func (d data) Placeholders() string {
	return strings.TrimSuffix(strings.Repeat("?, ", len(d.Fields)+3), ", ")
}

// Assignments is the update's SET list: every field, then modified.
func (d data) Assignments() string {
	var set []string
	for _, f := range d.Fields {
		set = append(set, f.Name+" = ?")
	}
	return strings.Join(append(set, "modified = ?"), ", ")
}

// render writes every template under dir (a directory of templates) to the
// directory out, and returns the paths it wrote. It refuses to overwrite a
// file.
func render(dir, out string, d data) ([]string, error) {
	var written []string
	err := fs.WalkDir(templates, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel := outputPath(strings.TrimPrefix(p, dir+"/"), d)
		target := filepath.Join(out, filepath.FromSlash(rel))
		content, err := execute(p, d)
		if err != nil {
			return err
		}
		if err := writeNew(target, content); err != nil {
			return err
		}
		written = append(written, target)
		return nil
	})
	return written, err
}

// outputPath turns a template's path into the file's: placeholders filled,
// ".tmpl" dropped, dot files named.
func outputPath(rel string, d data) string {
	for placeholder, value := range pathNames {
		rel = strings.ReplaceAll(rel, placeholder, value(d))
	}
	rel = strings.TrimSuffix(rel, ".tmpl")
	dir, base := path.Split(rel)
	if name, ok := outputNames[base]; ok {
		base = name
	}
	return dir + base
}

// execute runs the template at p with d; Go files come out gofmt-clean.
func execute(p string, d data) ([]byte, error) {
	t, err := template.ParseFS(templates, p)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(p, ".go.tmpl") {
		return buf.Bytes(), nil
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("scaffold: %s does not format: %w", p, err)
	}
	return src, nil
}

// writeNew writes content to a new file at target, creating its directory;
// an existing file is an error, so generating never overwrites work.
func writeNew(target string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("scaffold: %w", err)
	}
	_, err = f.Write(content)
	return errors.Join(err, f.Close())
}
