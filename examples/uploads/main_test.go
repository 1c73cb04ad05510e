package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var pngImage = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func upload(t *testing.T, url, field, filename string, data []byte) *http.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile(field, filename)
	require.NoError(t, err)
	_, err = part.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	res, err := http.Post(url+"/api/v1/files/avatars/", w.FormDataContentType(), &body)
	require.NoError(t, err)
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestUploads(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	h, disk, err := NewHandler(t.TempDir(), srv.URL, []byte("test-key-that-is-32-bytes-long!!"))
	require.NoError(t, err)
	defer disk.Close()
	mux.Handle("/", h)

	res := upload(t, srv.URL, "avatar", "me.png", pngImage)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var stored Stored
	require.NoError(t, json.NewDecoder(res.Body).Decode(&stored))
	assert.Equal(t, "image/png", stored.Type)
	assert.Regexp(t, `^avatars/upload-[0-9a-f-]{36}\.png$`, stored.Name)

	back, err := http.Get(stored.URL)
	require.NoError(t, err)
	defer back.Body.Close()
	got, _ := io.ReadAll(back.Body)
	assert.Equal(t, http.StatusOK, back.StatusCode)
	assert.Equal(t, pngImage, got)
	assert.Equal(t, "image/png", back.Header.Get("Content-Type"))

	tampered, err := http.Get(stored.URL + "0")
	require.NoError(t, err)
	defer tampered.Body.Close()
	assert.Equal(t, http.StatusForbidden, tampered.StatusCode)

	for _, tt := range []struct {
		name, field, filename string
		data                  []byte
		want                  int
		body                  string
	}{
		{"html named png", "avatar", "me.png", []byte("<html><script>alert(1)</script>"), 415,
			`{"success":false,"message":"The file type is not allowed"}`},
		{"png over 2 MiB", "avatar", "big.png", append(append([]byte{}, pngImage...), make([]byte, 2<<20)...), 413,
			`{"success":false,"message":"The file is too large"}`},
		{"no avatar field", "photo", "me.png", pngImage, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"avatar":["The avatar field is required"]}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := upload(t, srv.URL, tt.field, tt.filename, tt.data)
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, tt.want, res.StatusCode)
			assert.JSONEq(t, tt.body, string(body))
		})
	}
	files, err := disk.Files(t.Context(), "avatars")
	require.NoError(t, err)
	assert.Len(t, files, 1, "refused uploads leave nothing behind")
}
