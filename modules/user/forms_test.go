package user_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// TestFormsTrimSurroundingSpaces checks that the email and name of the
// registration and login forms lose their surrounding spaces before they are
// checked, as DRF's CharField trims them, and that a password keeps its own.
func TestFormsTrimSurroundingSpaces(t *testing.T) {
	c := newClient(t, "sqlite")
	tests := []struct {
		name, email, wantEmail string
		send                   func(c *petratest.Client, name, email, password string) *petratest.Response
	}{
		{"json", " Ann@Example.com ", "ann@example.com",
			func(c *petratest.Client, name, email, password string) *petratest.Response {
				return c.PostJSON("/api/v1/user/registration/", map[string]string{"name": name, "email": email, "password": password})
			}},
		{"urlencoded", "\tCy@Example.com\n", "cy@example.com",
			func(c *petratest.Client, name, email, password string) *petratest.Response {
				return c.PostForm("/api/v1/user/registration/", url.Values{"name": {name}, "email": {email}, "password": {password}})
			}},
		{"multipart", "  di@example.com  ", "di@example.com",
			func(c *petratest.Client, name, email, password string) *petratest.Response {
				return c.PostMultipart("/api/v1/user/registration/",
					petratest.Multipart{}.Field("name", name).Field("email", email).Field("password", password))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := c.WithTest(t)
			const spaced = " S3cret!pw " // a password's spaces are its own
			res := tt.send(c, "  Ann Lee ", tt.email, spaced).AssertStatus(status.HTTP_201_CREATED)
			u := object(res)["user"].(map[string]any)
			assert.Equal(t, tt.wantEmail, u["email"])
			assert.Equal(t, "Ann Lee", u["name"])

			c.PostJSON("/api/v1/user/login/", map[string]string{"email": tt.email, "password": spaced}).
				AssertStatus(status.HTTP_200_OK)
			c.PostJSON("/api/v1/user/login/", map[string]string{"email": " " + tt.wantEmail + " ", "password": spaced}).
				AssertStatus(status.HTTP_200_OK)
			c.PostJSON("/api/v1/user/login/", map[string]string{"email": tt.wantEmail, "password": "S3cret!pw"}).
				AssertStatus(status.HTTP_401_UNAUTHORIZED)
		})
	}
}

// TestNamesAreStoredInNFC checks that a name sent decomposed ("e" and a
// combining accent) is stored precomposed, as emails are, so that the users
// list's search, which normalises its term to NFC, finds it however either
// was spelt.
func TestNamesAreStoredInNFC(t *testing.T) {
	const nfc, decomposed = "Jos\u00e9 N\u00fa\u00f1ez", "Jose\u0301 Nu\u0301n\u0303ez"
	c := newClient(t, "sqlite")
	u := register(c, decomposed, "jose@example.com")
	assert.Equal(t, nfc, u["name"])
	token, _ := login(c, "jose@example.com")
	authed := c.WithToken(token)
	for _, term := range []string{"jos\u00e9", "jose\u0301", "NU\u0301N\u0303EZ"} {
		body := object(authed.Get("/api/v1/user/users/?" + url.Values{"search": {term}}.Encode()).AssertStatus(status.HTTP_200_OK))
		assert.Len(t, body["data"], 1, "search=%q", term)
	}

	res := authed.PatchJSON("/api/v1/user/users/"+u["uuid"].(string), map[string]string{"name": "Rene\u0301"})
	assert.Equal(t, "Ren\u00e9", object(res.AssertStatus(status.HTTP_200_OK))["name"])
}
