package scaffold

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateMigration(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "postgres"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "postgres", "00007_seven.sql"), nil, 0o644))

	written, err := CreateMigration(dir, "add_price")
	require.NoError(t, err)
	require.Len(t, written, 3)
	for _, dialect := range Dialects {
		content, err := os.ReadFile(filepath.Join(dir, dialect, "00008_add_price.sql"))
		require.NoError(t, err, dialect)
		assert.Contains(t, string(content), "-- +goose Up\n")
		assert.Contains(t, string(content), "-- +goose Down\n")
	}

	written, err = CreateMigration(dir, "add_stock")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "sqlite", "00009_add_stock.sql"), written[0])

	_, err = CreateMigration(dir, "Add-Price")
	assert.ErrorContains(t, err, "not a migration name")
	_, err = CreateMigration(filepath.Join(dir, "missing"), "x")
	assert.ErrorContains(t, err, "not a migrations directory")
}

func TestNewProjectRefuses(t *testing.T) {
	checkout, err := filepath.Abs("../..")
	require.NoError(t, err)
	full := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(full, "keep.txt"), nil, 0o644))
	tests := []struct {
		name string
		o    Options
		err  string
	}{
		{"no checkout", Options{Dir: filepath.Join(t.TempDir(), "shop")}, "pass --petra DIR"},
		{"not a checkout", Options{Dir: filepath.Join(t.TempDir(), "shop"), Petra: t.TempDir()}, "not a petra checkout"},
		{"bad module path", Options{Dir: filepath.Join(t.TempDir(), "shop"), Module: "a b", Petra: checkout}, "not a module path"},
		{"directory in use", Options{Dir: full, Petra: checkout}, "not empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewProject(tt.o)
			assert.ErrorContains(t, err, tt.err)
		})
	}
}

func TestOutputPath(t *testing.T) {
	d := moduleData("box")
	assert.Equal(t, "migrations/sqlite/00001_create_boxes.sql", outputPath("migrations/sqlite/00001_create___table__.sql.tmpl", d))
	assert.Equal(t, "sql/box/get.sql", outputPath("sql/__name__/get.sql.tmpl", d))
	assert.Equal(t, "box_test.go", outputPath("__name___test.go.tmpl", d))
	assert.Equal(t, ".gitignore", outputPath("gitignore.tmpl", d))
}
