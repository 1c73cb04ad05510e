package user_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/status"
)

func TestUpdateUser(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		c, store := newInstance(t, d, false)
		a := newAccounts(t, c, store)
		const unknown = "00000000-0000-4000-8000-000000000000"
		invalid := func(field, msg string) map[string][]string { return map[string][]string{field: {msg}} }
		// The steps run in order, each on the accounts the earlier ones left.
		tests := []struct {
			name, token, uuid, body string
			want                    status.Code
			errors                  map[string][]string
			wantName, wantEmail     string
		}{
			{"anonymous", "", a.ann, `{"name":"Eve"}`, 401, nil, "", ""},
			{"unknown, a user", a.annToken, unknown, `{"name":"Eve"}`, 404, nil, "", ""},
			{"malformed uuid", a.annToken, "not-a-uuid", `{"name":"Eve"}`, 404, nil, "", ""},
			{"another user", a.bobToken, a.ann, `{"name":"Eve"}`, 403, nil, "", ""},
			{"the name alone: the email is kept, not required", a.annToken, a.ann, `{"name":"Ann Lee"}`, 200, nil,
				"Ann Lee", "ann@x.io"},
			{"nothing sent changes nothing", a.annToken, a.ann, `{}`, 200, nil, "Ann Lee", "ann@x.io"},
			{"one's own email, spelt otherwise", a.annToken, a.ann, `{"email":"ANN@X.io"}`, 200, nil, "Ann Lee", "ann@x.io"},
			{"surrounding spaces are trimmed", a.annToken, a.ann, `{"name":" Ann Lee\t","email":" ANN@X.io "}`, 200, nil,
				"Ann Lee", "ann@x.io"},
			{"another account's email, once normalised", a.annToken, a.ann, `{"email":"Bob@X.IO"}`, 400,
				invalid("email", "The email is already registered"), "", ""},
			{"another account's email with a valid name: nothing is saved", a.annToken, a.ann,
				`{"name":"Changed","email":"bob@x.io"}`, 400, invalid("email", "The email is already registered"), "", ""},
			{"an invalid email", a.annToken, a.ann, `{"email":"nope"}`, 400,
				invalid("email", "The email must be a valid email address"), "", ""},
			{"an email over 100 characters once normalised", a.annToken, a.ann, `{"email":"` + strings.Repeat("\u0958", 60) + `@x.io"}`, 400,
				invalid("email", "The email must not be greater than 100 characters"), "", ""},
			{"a blank name", a.annToken, a.ann, `{"name":"  "}`, 400, invalid("name", "The name field is required"), "", ""},
			{"a long name", a.annToken, a.ann, `{"name":"` + strings.Repeat("n", 101) + `"}`, 400,
				invalid("name", "The name must not be greater than 100 characters"), "", ""},
			{"null for a name", a.annToken, a.ann, `{"name":null}`, 400, invalid("name", "The name must not be null"), "", ""},
			{"a number for a name", a.annToken, a.ann, `{"name":7}`, 400, invalid("name", "The name must be a string"), "", ""},
			{"malformed JSON", a.annToken, a.ann, `{"name":`, 400, nil, "", ""},
			{"not an object", a.annToken, a.ann, `["name"]`, 400, nil, "", ""},
			{"both, normalised", a.annToken, a.ann, `{"name":"Ann","email":"Ann.Lee@X.io"}`, 200, nil, "Ann", "ann.lee@x.io"},
			{"the old email is free again", a.bobToken, a.bob, `{"email":"ann@x.io"}`, 200, nil, "Bob", "ann@x.io"},
			{"staff may change another account", a.rootToken, a.bob, `{"name":"Robert"}`, 200, nil, "Robert", "ann@x.io"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				cl := c.WithTest(t)
				if tt.token != "" {
					cl = cl.WithToken(tt.token)
				}
				res := cl.PatchJSON("/api/v1/user/users/"+tt.uuid, tt.body)
				if tt.errors != nil {
					res.AssertFieldErrors(tt.want, tt.errors)
					return
				}
				res.AssertStatus(tt.want)
				if tt.want == status.HTTP_200_OK {
					u := object(res)
					assert.Equal(t, tt.uuid, u["uuid"])
					assert.Equal(t, tt.wantName, u["name"])
					assert.Equal(t, tt.wantEmail, u["email"])
					assert.NotContains(t, u, "password")
				}
			})
		}
		// The account as stored, and its login by the new email.
		u, err := store.Get(t.Context(), a.ann)
		assert.NoError(t, err)
		assert.Equal(t, "Ann", u.Name)
		assert.Equal(t, "ann.lee@x.io", u.Email)
		login(c, "Ann.Lee@x.io")
	})
}

// UpdateProfile is refused by the unique index when another account took the
// email after the form was checked.
func TestUpdateProfileRacingForAnEmail(t *testing.T) {
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		c, store := newInstance(t, d, false)
		ann := register(c, "Ann", "ann@x.io")["uuid"].(string)
		register(c, "Bob", "bob@x.io")
		_, err := store.UpdateProfile(t.Context(), ann, "Ann", "BOB@x.io")
		assert.ErrorIs(t, err, user.ErrEmailTaken)
		_, err = store.UpdateProfile(t.Context(), "00000000-0000-4000-8000-000000000000", "Eve", "eve@x.io")
		assert.ErrorIs(t, err, user.ErrNotFound)
	})
}
