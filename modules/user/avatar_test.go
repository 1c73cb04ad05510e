package user_test

import (
	"bytes"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// avatarBody is a multipart body with data in the field avatar.
func avatarBody(t *testing.T, data []byte) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("avatar", "me.png")
	require.NoError(t, err)
	_, err = part.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return w.FormDataContentType(), &buf
}

// TestAvatarUpload checks the avatar route against the OpenAPI document on
// every database: the owner's PNG is kept and linked, another user is
// refused, and bytes that are no image are a 400 whatever they are called.
func TestAvatarUpload(t *testing.T) {
	var img bytes.Buffer
	require.NoError(t, png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2))))
	eachDriver(t, func(t *testing.T, c *petratest.Client) {
		ann := register(c, "Ann", "ann@x.io")
		assert.Nil(t, ann["avatar_url"])
		register(c, "Bo", "bo@x.io")
		annToken, _ := login(c, "ann@x.io")
		boToken, _ := login(c, "bo@x.io")
		path := "/api/v1/user/users/" + ann["uuid"].(string) + "/avatar/"
		upload := func(token string, data []byte) *petratest.Response {
			ct, body := avatarBody(t, data)
			return c.WithToken(token).Send(http.MethodPost, path, ct, body)
		}

		u := object(upload(annToken, img.Bytes()).AssertStatus(status.HTTP_200_OK))
		url, _ := u["avatar_url"].(string)
		assert.True(t, strings.HasPrefix(url, "https://files.example.com/public/avatars/"+ann["uuid"].(string)+"/"), url)
		assert.True(t, strings.HasSuffix(url, ".png"), url)
		got := object(c.WithToken(boToken).Get("/api/v1/user/users/" + ann["uuid"].(string)).AssertStatus(status.HTTP_200_OK))
		assert.Equal(t, url, got["avatar_url"])

		upload(boToken, img.Bytes()).AssertStatus(status.HTTP_403_FORBIDDEN)
		res := upload(annToken, []byte("GIF89a? no, plain text")).AssertStatus(status.HTTP_400_BAD_REQUEST)
		assert.Equal(t, []any{"The avatar must be a PNG, JPEG or WebP image"}, object(res)["errors"].(map[string]any)["avatar"])
		upload(annToken, append(img.Bytes(), make([]byte, 2<<20)...)).AssertStatus(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
	})
}
