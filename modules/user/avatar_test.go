package user_test

import (
	"path"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// TestAvatarUpload checks the avatar route against the OpenAPI document on
// every database: the owner's PNG is kept and linked, another user is
// refused, and bytes that are no image are a 400 whatever they are called.
func TestAvatarUpload(t *testing.T) {
	img := petratest.PNG()
	eachDriver(t, func(t *testing.T, c *petratest.Client) {
		ann := register(c, "Ann", "ann@x.io")
		assert.Nil(t, ann["avatar_url"])
		register(c, "Bo", "bo@x.io")
		annToken, _ := login(c, "ann@x.io")
		boToken, _ := login(c, "bo@x.io")
		path := c.URL("user:upload_avatar", ann["uuid"])
		upload := func(token string, data []byte) *petratest.Response {
			return c.WithToken(token).PostMultipart(path, petratest.Multipart{}.File("avatar", "me.png", "", data))
		}

		u := object(upload(annToken, img).AssertStatus(status.HTTP_200_OK))
		url, _ := u["avatar_url"].(string)
		assert.True(t, strings.HasPrefix(url, "https://files.example.com/public/avatars/"+ann["uuid"].(string)+"/"), url)
		assert.True(t, strings.HasSuffix(url, ".png"), url)
		got := object(c.WithToken(boToken).Get(c.URL("user:get_single_user", ann["uuid"])).AssertStatus(status.HTTP_200_OK))
		assert.Equal(t, url, got["avatar_url"])

		upload(boToken, img).AssertStatus(status.HTTP_403_FORBIDDEN)
		res := upload(annToken, []byte("GIF89a? no, plain text")).AssertStatus(status.HTTP_400_BAD_REQUEST)
		assert.Equal(t, []any{"The avatar must be a PNG, JPEG or WebP image"}, object(res)["errors"].(map[string]any)["avatar"])
		upload(annToken, append(img, make([]byte, 2<<20)...)).AssertStatus(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
	})
}

// TestConcurrentAvatarUploads uploads many avatars for one account at once, on
// every database: each is answered 200, and exactly one file stays on the
// disk, the one the account links to; every avatar replaced was deleted.
func TestConcurrentAvatarUploads(t *testing.T) {
	const uploads = 8
	img := petratest.PNG()
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		disk := newAvatarDisk(t)
		c, store := newInstanceWithAvatars(t, d, false, disk)
		ann := register(c, "Ann", "ann@x.io")["uuid"].(string)
		token, _ := login(c, "ann@x.io")
		authed := c.WithToken(token)
		route := c.URL("user:upload_avatar", ann)
		var wg sync.WaitGroup
		for range uploads {
			wg.Go(func() {
				authed.PostMultipart(route, petratest.Multipart{}.File("avatar", "me.png", "", img)).
					AssertStatus(status.HTTP_200_OK)
			})
		}
		wg.Wait()
		u, err := store.Get(t.Context(), ann)
		require.NoError(t, err)
		require.NotNil(t, u.AvatarURL)
		files, err := disk.Files(t.Context(), "public/avatars/"+ann)
		require.NoError(t, err)
		assert.Equal(t, []string{"public/avatars/" + ann + "/" + path.Base(*u.AvatarURL)}, files)
	})
}
