package storage_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/storage"
)

func TestLocalRefusesSymlinksOutOfRoot(t *testing.T) {
	disk, dir, _ := newLocal(t)
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o600))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "escape")))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "secret.txt")))

	_, err := disk.Get(ctx, "escape/secret.txt")
	assert.ErrorIs(t, err, storage.ErrInvalidPath)
	_, err = disk.Get(ctx, "secret.txt")
	assert.ErrorIs(t, err, storage.ErrInvalidPath)
	_, err = disk.Size(ctx, "secret.txt")
	assert.ErrorIs(t, err, storage.ErrInvalidPath)
	assert.ErrorIs(t, disk.Put(ctx, "escape/planted.txt", strings.NewReader("x")), storage.ErrInvalidPath)
	assert.ErrorIs(t, disk.Copy(ctx, "secret.txt", "copy.txt"), storage.ErrInvalidPath)
	_, err = os.Stat(filepath.Join(outside, "planted.txt"))
	assert.ErrorIs(t, err, os.ErrNotExist, "nothing is written outside the root")

	files, err := disk.Files(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, files, "symbolic links are not listed as files")
}

func TestSignedHandlerRefusesBadLinks(t *testing.T) {
	disk, _, c := newLocal(t)
	put(t, disk, "a.txt", "alpha")
	put(t, disk, "b.txt", "bravo")
	link, err := disk.TemporaryURL(ctx, "a.txt", time.Hour)
	require.NoError(t, err)
	u, err := url.Parse(link)
	require.NoError(t, err)
	q := u.Query()

	with := func(path string, edit func(url.Values)) string {
		v := url.Values{"expires": {q.Get("expires")}, "signature": {q.Get("signature")}}
		edit(v)
		return path + "?" + v.Encode()
	}
	h := http.StripPrefix("/storage/temp", disk.SignedHandler())
	for _, tt := range []struct {
		name, method, target string
		want                 int
		message              string
	}{
		{"valid", http.MethodGet, with("/storage/temp/a.txt", func(url.Values) {}), 200, ""},
		{"head", http.MethodHead, with("/storage/temp/a.txt", func(url.Values) {}), 200, ""},
		{"other file", http.MethodGet, with("/storage/temp/b.txt", func(url.Values) {}), 403, "The link is not valid"},
		{"later expiry", http.MethodGet, with("/storage/temp/a.txt", func(v url.Values) { v.Set("expires", "99999999999") }), 403, "The link is not valid"},
		{"no signature", http.MethodGet, with("/storage/temp/a.txt", func(v url.Values) { v.Del("signature") }), 403, "The link is not valid"},
		{"bad signature", http.MethodGet, with("/storage/temp/a.txt", func(v url.Values) { v.Set("signature", "AAAA") }), 403, "The link is not valid"},
		{"garbage expiry", http.MethodGet, with("/storage/temp/a.txt", func(v url.Values) { v.Set("expires", "soon") }), 403, "The link is not valid"},
		{"post", http.MethodPost, with("/storage/temp/a.txt", func(url.Values) {}), 405, "Method not allowed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			require.Equal(t, tt.want, rec.Code, rec.Body.String())
			if tt.want == 200 {
				assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
				assert.Contains(t, rec.Header().Get("Content-Security-Policy"), "sandbox")
				if tt.method == http.MethodGet {
					assert.Equal(t, "alpha", rec.Body.String())
				}
				return
			}
			assertEnvelope(t, rec, tt.message)
		})
	}

	require.NoError(t, disk.Delete(ctx, "a.txt"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, with("/storage/temp/a.txt", func(url.Values) {}), nil))
	assert.Equal(t, 404, rec.Code)
	assertEnvelope(t, rec, "The file was not found")

	put(t, disk, "a.txt", "alpha")
	c.Advance(time.Hour)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link[strings.Index(link, "/storage/temp"):], nil))
	assert.Equal(t, http.StatusGone, rec.Code)
	assertEnvelope(t, rec, "The link has expired")
}

func assertEnvelope(t *testing.T, rec *httptest.ResponseRecorder, message string) {
	t.Helper()
	var env struct {
		Success *bool  `json:"success"`
		Message string `json:"message"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env), rec.Body.String())
	require.NotNil(t, env.Success)
	assert.False(t, *env.Success)
	assert.Equal(t, message, env.Message)
}

func TestPublicHandler(t *testing.T) {
	disk, _, _ := newLocal(t)
	put(t, disk, "img/a.png", string(pngHeader))
	h := http.StripPrefix("/files", disk.PublicHandler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/files/img/a.png", nil))
	require.Equal(t, 200, rec.Code)
	assert.Equal(t, "image/png", rec.Header().Get("Content-Type"))
	body, _ := io.ReadAll(rec.Body)
	assert.Equal(t, pngHeader, body)

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/files/img", nil))
	assert.Equal(t, 404, rec.Code, "a directory is not served")
}

func TestNoURLs(t *testing.T) {
	disk, err := storage.NewLocal(t.TempDir(), storage.LocalOptions{})
	require.NoError(t, err)
	defer disk.Close()
	put(t, disk, "a.txt", "a")
	_, err = disk.URL("a.txt")
	assert.ErrorIs(t, err, storage.ErrNoURL)
	_, err = disk.TemporaryURL(ctx, "a.txt", time.Minute)
	assert.ErrorIs(t, err, storage.ErrNoURL)
}
