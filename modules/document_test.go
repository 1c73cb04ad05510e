package modules_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/openapi/openapitest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// The example app, with its whole middleware stack, keeps the promises of
// the document it serves: every answer of a session, the middleware's
// included (request IDs, rate limits, a refused token, Spanish), and an
// avatar's uploads (a real one, another content type, one too large), is
// held to it, headers and all.
func TestDocumentOfTheExampleApp(t *testing.T) {
	s := settings(t, map[string]string{"RATE_LIMIT_PER_MINUTE": "3"})
	app := newApp(t, s, migrated(t, "sqlite"), nil)
	c := petratest.New(t, app).WithCheck(openapitest.Check(t, app, example.DocsConfig(s)))
	doc := openapi.Build(app, example.DocsConfig(s))
	assert.Equal(t, "uuid", doc.Components.Schemas["User"].Properties["uuid"].Format)
	upload := doc.Paths["/api/v1/user/users/{user_id}/avatar/"].Post
	require.NotNil(t, upload.RequestBody)
	assert.True(t, upload.RequestBody.Required)
	require.Contains(t, upload.RequestBody.Content, "multipart/form-data")
	assert.Len(t, upload.RequestBody.Content, 1, "multipart only")
	form := upload.RequestBody.Content["multipart/form-data"].Schema
	assert.Equal(t, []string{"avatar"}, form.Required)
	assert.Equal(t, "binary", form.Properties["avatar"].Format)
	for _, code := range []string{"200", "400", "401", "403", "404", "408", "413", "415"} {
		assert.Contains(t, upload.Responses, code)
	}

	registered := c.PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"ann@example.com","password":"S3cret!pw"}`).
		AssertStatus(status.HTTP_201_CREATED)
	assert.NotEmpty(t, registered.Header().Get("X-Request-ID"))
	assert.NotEmpty(t, registered.Header().Get("X-RateLimit-Remaining"))
	c.PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"nope","password":"S3cret!pw"}`).
		AssertStatus(status.HTTP_400_BAD_REQUEST)
	c.WithHeader("Accept-Language", "es").
		PostJSON("/api/v1/user/registration/", `{"name":"Ann","email":"nope","password":"S3cret!pw"}`).
		AssertStatus(status.HTTP_400_BAD_REQUEST)
	c.WithHeader("Authorization", "Bearer not.a.token").
		PostJSON("/api/v1/user/login/", `{"email":"ann@example.com","password":"S3cret!pw"}`).
		AssertStatus(status.HTTP_401_UNAUTHORIZED)

	var login struct {
		AccessToken string `json:"access_token"`
	}
	loggedIn := c.PostJSON("/api/v1/user/login/", `{"email":"ann@example.com","password":"S3cret!pw"}`).
		AssertStatus(status.HTTP_200_OK)
	require.NoError(t, json.Unmarshal([]byte(loggedIn.Body()), &login))
	c.WithHeader("Authorization", "Bearer "+login.AccessToken).Get("/api/v1/user/users/?per_page=5").
		AssertStatus(status.HTTP_200_OK)
	c.Get("/api/v1/user/users/").AssertStatus(status.HTTP_401_UNAUTHORIZED)

	var ann struct {
		UUID string `json:"uuid"`
	}
	require.NoError(t, json.Unmarshal([]byte(registered.Body()), &struct {
		User any `json:"user"`
	}{User: &ann}))
	authed := c.WithToken(login.AccessToken)
	avatar := c.URL("user:upload_avatar", ann.UUID)
	authed.PostMultipart(avatar, petratest.Multipart{}.File("avatar", "me.png", "image/png", petratest.PNG())).
		AssertStatus(status.HTTP_200_OK)
	authed.PostJSON(avatar, `{"avatar":"me.png"}`).AssertStatus(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
	authed.PostMultipart(avatar, petratest.Multipart{}.File("avatar", "big.png", "image/png", append(petratest.PNG(), make([]byte, 2<<20)...))).
		AssertStatus(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)

	c.Get("/hello-petra/api/show-routes").AssertStatus(status.HTTP_200_OK)
	for range 3 {
		c.Get("/hello-petra/status").AssertStatus(status.HTTP_200_OK)
	}
	limited := c.WithHeader("Accept-Language", "es").Get("/hello-petra/status").AssertStatus(status.HTTP_429_TOO_MANY_REQUESTS)
	assert.Equal(t, "es", limited.Header().Get("Content-Language"))
}
