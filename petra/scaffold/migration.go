package scaffold

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// Dialects are the databases a module has migrations for, by directory.
var Dialects = []string{"sqlite", "postgres", "mysql"}

// migrationNameRE is what a migration's name may be.
var migrationNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,59}$`)

// versionRE reads the version of a goose migration file name.
var versionRE = regexp.MustCompile(`^(\d+)_.*\.sql$`)

// CreateMigration writes an empty migration called name, with goose's Up
// and Down sections, into each dialect's directory under dir (a module's
// migrations directory), numbered one past the highest version found in any
// of them. It returns the files it wrote.
func CreateMigration(dir, name string) ([]string, error) {
	if !migrationNameRE.MatchString(name) {
		return nil, fmt.Errorf("scaffold: %q is not a migration name: use lower-case letters, digits and _ (e.g. add_price)", name)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("scaffold: %s is not a migrations directory", dir)
	}
	next, err := nextVersion(dir)
	if err != nil {
		return nil, err
	}
	file := fmt.Sprintf("%05d_%s.sql", next, name)
	var written []string
	for _, dialect := range Dialects {
		target := filepath.Join(dir, dialect, file)
		content := fmt.Sprintf("-- +goose Up\n-- The %s statements of %s.\n\n-- +goose Down\n-- What undoes them.\n", dialect, name)
		if err := writeNew(target, []byte(content)); err != nil {
			return written, err
		}
		written = append(written, target)
	}
	return written, nil
}

// nextVersion returns one more than the highest migration version in any
// directory under dir.
func nextVersion(dir string) (int64, error) {
	var highest int64
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	for _, sub := range entries {
		if !sub.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(dir, sub.Name()))
		if err != nil {
			return 0, err
		}
		for _, f := range files {
			if m := versionRE.FindStringSubmatch(f.Name()); m != nil {
				if v, err := strconv.ParseInt(m[1], 10, 64); err == nil {
					highest = max(highest, v)
				}
			}
		}
	}
	return highest + 1, nil
}
