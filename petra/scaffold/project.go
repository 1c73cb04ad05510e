package scaffold

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// FirstModule is the CRUD module a new project starts with.
const FirstModule = "note"

// petraModule is the framework's module path.
const petraModule = "github.com/go-petra/petra"

// Options describe a new project.
type Options struct {
	// Dir is the directory to create; it must not exist or be empty. Its
	// base name names the project.
	Dir string
	// Module is the project's Go module path; the project's name when empty.
	Module string
	// Petra is a local petra checkout that go.mod's replace directive points
	// at; relative paths are taken from the working directory. Empty
	// requires the version of petra this program was built with, which
	// must be a published one.
	Petra string
}

// NewProject creates the project o describes and returns the files it
// wrote. The project builds once `go mod tidy` has filled in go.sum.
func NewProject(o Options) ([]string, error) {
	name := filepath.Base(filepath.Clean(o.Dir))
	d := moduleData(FirstModule)
	d.Name = name
	d.ModulePath = o.Module
	if d.ModulePath == "" {
		d.ModulePath = name
	}
	if strings.ContainsAny(d.ModulePath, " \t\"'`\\") || strings.HasPrefix(d.ModulePath, "/") {
		return nil, fmt.Errorf("scaffold: %q is not a module path (e.g. example.com/%s)", d.ModulePath, name)
	}
	d.First, d.FirstPlural = FirstModule, d.Plural
	d.GoVersion = goVersion()
	var err error
	if d.PetraVersion, d.PetraDir, err = petraRequirement(o.Petra); err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("scaffold: %s exists and is not empty", o.Dir)
	}
	written, err := render("templates/project", o.Dir, d)
	if err != nil {
		return written, err
	}
	module := moduleData(FirstModule)
	module.ModulePath = d.ModulePath
	more, err := render("templates/module", filepath.Join(o.Dir, "modules", FirstModule), module)
	return append(written, more...), err
}

// petraRequirement returns the version of petra go.mod requires and the
// directory it is replaced with: checkout, made absolute, when given.
func petraRequirement(checkout string) (version, dir string, err error) {
	if checkout != "" {
		abs, err := filepath.Abs(checkout)
		if err != nil {
			return "", "", err
		}
		if _, err := os.Stat(filepath.Join(abs, "petra", "project")); err != nil {
			return "", "", fmt.Errorf("scaffold: --petra %s is not a petra checkout (no petra/project in it)", checkout)
		}
		return "v0.0.0-00010101000000-000000000000", filepath.ToSlash(abs), nil
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range append([]*debug.Module{&info.Main}, info.Deps...) {
			if m.Path == petraModule && strings.HasPrefix(m.Version, "v") && m.Replace == nil {
				return m.Version, "", nil
			}
		}
	}
	return "", "", errors.New("scaffold: this petra is not a published version: pass --petra DIR, the path of a petra checkout")
}

// goVersion returns the go directive of new projects: the toolchain's
// language version, as in "1.26".
func goVersion() string {
	v := strings.TrimPrefix(runtime.Version(), "go")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return "1.26"
	}
	return parts[0] + "." + strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })
}
