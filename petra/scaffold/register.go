package scaffold

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
)

// register adds the module name (imported from importPath) to a module list:
// an import, name.Module(name.NewStore(d.DB)) at the end of the slice All
// returns, and name.Migrations at the end of the one Migrations returns. The
// result is gofmt-clean.
func register(src []byte, importPath, name string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, modulesFile, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("scaffold: %w", err)
	}
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == importPath {
			return nil, fmt.Errorf("scaffold: %s already imports %s", modulesFile, importPath)
		}
	}
	all, deps, err := returnedSlice(f, "All")
	if err != nil {
		return nil, err
	}
	migrations, _, err := returnedSlice(f, "Migrations")
	if err != nil {
		return nil, err
	}
	imports, err := importBlockEnd(f)
	if err != nil {
		return nil, err
	}
	edits := []edit{
		appendElement(fset, src, migrations, name+".Migrations"),
		appendElement(fset, src, all, fmt.Sprintf("%s.Module(%s.NewStore(%s.DB))", name, name, deps)),
		{fset.Position(imports).Offset, fmt.Sprintf("\t%q\n", importPath)},
	}
	// Insert from the end of the file backwards, so earlier offsets hold.
	slices.SortFunc(edits, func(a, b edit) int { return b.at - a.at })
	out := src
	for _, e := range edits {
		out = append(out[:e.at:e.at], append([]byte(e.text), out[e.at:]...)...)
	}
	formatted, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("scaffold: %s after adding %s: %w", modulesFile, name, err)
	}
	return formatted, nil
}

// edit inserts text at the byte offset at.
type edit struct {
	at   int
	text string
}

// appendElement returns the edit that adds elem as the last element of lit,
// on a line of its own, after a comma.
func appendElement(fset *token.FileSet, src []byte, lit *ast.CompositeLit, elem string) edit {
	last := lit.Lbrace
	if n := len(lit.Elts); n > 0 {
		last = lit.Elts[n-1].End()
	}
	at := fset.Position(lit.Rbrace).Offset
	text := "\t" + elem + ",\n"
	if fset.Position(last).Line == fset.Position(lit.Rbrace).Line {
		text = "\n" + text // {a} or {}: the closing brace shares the line
	}
	if len(lit.Elts) > 0 && !bytes.ContainsRune(src[fset.Position(last).Offset:at], ',') {
		text = "," + text
	}
	return edit{at, text}
}

// returnedSlice finds the function fn of f and the slice literal it returns,
// with the name of its first parameter (the Deps of All).
func returnedSlice(f *ast.File, fn string) (*ast.CompositeLit, string, error) {
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn || fd.Recv != nil || fd.Body == nil {
			continue
		}
		param := ""
		if ps := fd.Type.Params.List; len(ps) > 0 && len(ps[0].Names) > 0 {
			param = ps[0].Names[0].Name
		}
		for _, stmt := range fd.Body.List {
			ret, ok := stmt.(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			if lit, ok := ret.Results[0].(*ast.CompositeLit); ok {
				return lit, param, nil
			}
		}
	}
	return nil, "", fmt.Errorf("scaffold: %s has no func %s returning a slice literal; add the module by hand", modulesFile, fn)
}

// importBlockEnd returns where a new import goes: before the closing
// parenthesis of the first parenthesised import declaration.
func importBlockEnd(f *ast.File) (token.Pos, error) {
	for _, decl := range f.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && gd.Rparen.IsValid() {
			return gd.Rparen, nil
		}
	}
	return token.NoPos, fmt.Errorf("scaffold: %s has no import ( … ) block", modulesFile)
}
