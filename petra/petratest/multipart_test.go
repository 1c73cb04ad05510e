package petratest_test

import (
	"bytes"
	"encoding/json"
	"image"
	_ "image/jpeg" // decodes what petratest.JPEG makes
	_ "image/png"  // decodes what petratest.PNG makes
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestMultipart(t *testing.T) {
	type part struct{ Name, File, Type, Data string }
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var parts []part
		for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
			data, _ := io.ReadAll(p)
			parts = append(parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(data)})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "parts": parts})
	})
	base := petratest.Multipart{}.Field("title", "Me & you")
	form := base.File("avatar", `a "b".png`, "image/png", []byte("PNG")).File("doc", "d.bin", "", []byte{0, 1})
	c := petratest.New(t, h)

	var got struct {
		Method string
		Parts  []part
	}
	require.NoError(t, json.Unmarshal([]byte(c.PostMultipart("/", form).AssertStatus(status.HTTP_200_OK).Body()), &got))
	assert.Equal(t, http.MethodPost, got.Method)
	assert.Equal(t, []part{
		{"title", "", "", "Me & you"},
		{"avatar", `a "b".png`, "image/png", "PNG"},
		{"doc", "d.bin", "application/octet-stream", "\x00\x01"},
	}, got.Parts)

	require.NoError(t, json.Unmarshal([]byte(c.SendMultipart(http.MethodPut, "/", base).Body()), &got))
	assert.Equal(t, http.MethodPut, got.Method)
	assert.Equal(t, []part{{"title", "", "", "Me & you"}}, got.Parts, "the base form is left as it was")
}

func TestImages(t *testing.T) {
	for format, data := range map[string][]byte{"png": petratest.PNG(), "jpeg": petratest.JPEG()} {
		cfg, got, err := image.DecodeConfig(bytes.NewReader(data))
		require.NoError(t, err, format)
		assert.Equal(t, format, got)
		assert.Equal(t, 4, cfg.Width)
	}
}
