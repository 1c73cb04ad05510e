package project_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/project"
	"github.com/go-petra/petra/status"
)

// A project with Storage gets the disks, and the runtime serves the local
// disk's public/ directory at /media/public/, and nothing else of it.
func TestStorage(t *testing.T) {
	root := t.TempDir()
	p := &project.Project{Name: "files", Storage: true}
	rt, err := p.Build(settings(t, map[string]string{"STORAGE_LOCAL_ROOT": root, "PETRA_BASE_URL": "https://api.example.com"}),
		dbtest.Open(t, "sqlite"), nil, quiet)
	require.NoError(t, err)
	defer rt.Close()
	require.NotNil(t, rt.Disks)

	ctx := context.Background()
	disk := rt.Disks.Default()
	require.NoError(t, disk.Put(ctx, "public/a.txt", strings.NewReader("hello")))
	require.NoError(t, disk.Put(ctx, "private.txt", strings.NewReader("secret")))
	url, err := disk.URL("public/a.txt")
	require.NoError(t, err)
	assert.Equal(t, "https://api.example.com/media/public/a.txt", url)

	c := petratest.New(t, rt.App)
	assert.Equal(t, "hello", c.Get("/media/public/a.txt").AssertStatus(status.HTTP_200_OK).Body())
	c.Get("/media/private.txt").AssertStatus(status.HTTP_404_NOT_FOUND)
	c.Get("/media/public/../private.txt").AssertStatus(status.HTTP_400_BAD_REQUEST)
	_, err = os.Stat(filepath.Join(root, "public", "a.txt"))
	assert.NoError(t, err, "files live under STORAGE_LOCAL_ROOT")
}

// Without Storage, no disk is opened and nothing is served.
func TestNoStorage(t *testing.T) {
	rt, err := (&project.Project{}).Build(settings(t, map[string]string{"STORAGE_LOCAL_ROOT": t.TempDir()}), dbtest.Open(t, "sqlite"), nil, quiet)
	require.NoError(t, err)
	defer rt.Close()
	assert.Nil(t, rt.Disks)
	petratest.New(t, rt.App).Get("/media/public/a.txt").AssertStatus(status.HTTP_404_NOT_FOUND)
}

// The route table and the document are built without touching the
// configured disk.
func TestRoutesLeaveTheDiskAlone(t *testing.T) {
	root := filepath.Join(t.TempDir(), "storage")
	p := &project.Project{Name: "files", Storage: true}
	_, err := p.Routes(context.Background(), settings(t, map[string]string{"STORAGE_LOCAL_ROOT": root}), quiet)
	require.NoError(t, err)
	assert.NoDirExists(t, root)
}
