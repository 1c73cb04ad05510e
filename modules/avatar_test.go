package modules_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestAvatar(t *testing.T) {
	d := migrated(t, "sqlite")
	app := newApp(t, settings(t, nil), d, nil)
	c := petratest.New(t, app)
	login := func(email, password string) (string, map[string]any) {
		res := c.PostJSON("/api/v1/user/login/", map[string]string{"email": email, "password": password})
		body := petratest.Decode[map[string]any](res.AssertStatus(status.HTTP_200_OK))
		return body["access_token"].(string), body["user"].(map[string]any)
	}
	for _, email := range []string{"ann@x.io", "bo@x.io"} {
		c.PostJSON("/api/v1/user/registration/", map[string]string{"name": "N", "email": email, "password": "S3cret!pw"}).
			AssertStatus(status.HTTP_201_CREATED)
	}
	ann, annUser := login("ann@x.io", "S3cret!pw")
	bo, _ := login("bo@x.io", "S3cret!pw")
	_, err := user.CreateSuperuser(context.Background(), user.NewStore(d), auth.Hasher{Cost: bcrypt.MinCost}, "Root", "root@x.io", "R00t!secret")
	require.NoError(t, err)
	root, _ := login("root@x.io", "R00t!secret")
	assert.Contains(t, annUser, "avatar_url")
	assert.Nil(t, annUser["avatar_url"], "null until uploaded")
	path := c.URL("user:upload_avatar", annUser["uuid"])

	upload := func(token, filename, contentType string, data []byte) *petratest.Response {
		return c.WithToken(token).PostMultipart(path, petratest.Multipart{}.File("avatar", filename, contentType, data))
	}

	tests := []struct {
		name        string
		token       string
		filename    string
		contentType string
		data        []byte
		code        status.Code
	}{
		{"a PNG by its owner", ann, "me.png", "image/png", petratest.PNG(), status.HTTP_200_OK},
		{"a JPEG by staff, whatever its name says", root, "me.gif", "text/plain", petratest.JPEG(), status.HTTP_200_OK},
		{"another user", bo, "me.png", "image/png", petratest.PNG(), status.HTTP_403_FORBIDDEN},
		{"anonymous", "", "me.png", "image/png", petratest.PNG(), status.HTTP_401_UNAUTHORIZED},
		{"text named as a PNG", ann, "me.png", "image/png", []byte("<svg onload=alert(1)>"), status.HTTP_400_BAD_REQUEST},
		{"over 2 MiB", ann, "big.png", "image/png", append(petratest.PNG(), make([]byte, 2<<20)...), status.HTTP_413_REQUEST_ENTITY_TOO_LARGE},
	}
	var current string // the avatar's URL
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := upload(tt.token, tt.filename, tt.contentType, tt.data).AssertStatus(tt.code)
			if tt.code != status.HTTP_200_OK {
				assert.Equal(t, false, petratest.Decode[map[string]any](res)["success"], "the error envelope")
				return
			}
			u := petratest.Decode[map[string]any](res)
			url, _ := u["avatar_url"].(string)
			require.NotEmpty(t, url)
			assert.True(t, strings.HasPrefix(url, "/media/public/avatars/"+annUser["uuid"].(string)+"/"), url)

			img := c.Get(url).AssertStatus(status.HTTP_200_OK)
			assert.Equal(t, string(tt.data), img.Body(), "the URL serves the image back")
			assert.Equal(t, tt.contentType == "image/png", img.Header().Get("Content-Type") == "image/png")
			got := petratest.Decode[map[string]any](c.WithToken(ann).Get(c.URL("user:get_single_user", annUser["uuid"])))
			assert.Equal(t, url, got["avatar_url"], "kept")
			if current != "" {
				c.Get(current).AssertStatus(status.HTTP_404_NOT_FOUND) // the replaced one is removed
			}
			current = url
		})
	}
	c.WithToken(ann).Send(http.MethodPost, path, "application/json", strings.NewReader(`{}`)).
		AssertStatus(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
	c.WithToken(ann).PostMultipart(path, petratest.Multipart{}.Field("name", "no file")).
		AssertStatus(status.HTTP_400_BAD_REQUEST)
	c.Get("/media/public/../petra.sqlite3").AssertStatus(status.HTTP_400_BAD_REQUEST)

	c.WithToken(ann).Delete(c.URL("user:delete_user", annUser["uuid"])).AssertStatus(status.HTTP_204_NO_CONTENT)
	c.Get(current).AssertStatus(status.HTTP_404_NOT_FOUND) // a deleted account's avatar goes with it
}
