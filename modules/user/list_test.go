package user_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/status"
)

func TestUsersListSearchFilterOrdering(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			c, store := newInstance(t, dbtest.Open(t, driver), true)
			ids := map[string]string{}
			for _, p := range [][2]string{{"Ann Lee", "ann@x.io"}, {"Bob Stone", "BOB@Mail.io"}, {"Cleo", "cleo@x.io"}, {"dora", "dora_1@x.io"}} {
				ids[p[0]] = register(c, p[0], p[1])["uuid"].(string)
			}
			require.NoError(t, store.SetActive(context.Background(), ids["Cleo"], false))
			token, _ := login(c, "ann@x.io")
			authed := c.WithToken(token)

			tests := []struct {
				query string
				want  []string // names, in order
			}{
				{"", []string{"dora", "Cleo", "Bob Stone", "Ann Lee"}},
				{"search=MAIL.IO", []string{"Bob Stone"}},
				{"search=stone", []string{"Bob Stone"}},
				{"search=x.io&ordering=name", []string{"Ann Lee", "Cleo", "dora"}},
				{"search=a_1", []string{"dora"}},
				{"search=%25", []string{}},
				{"search=%27+OR+%271%27%3D%271", []string{}},
				{"is_active=false", []string{"Cleo"}},
				{"is_active=true&ordering=-email", []string{"dora", "Bob Stone", "Ann Lee"}},
				{"ordering=created", []string{"Ann Lee", "Bob Stone", "Cleo", "dora"}},
				{"ordering=-created,name", []string{"dora", "Cleo", "Bob Stone", "Ann Lee"}},
			}
			for _, tt := range tests {
				t.Run(tt.query, func(t *testing.T) {
					body := object(authed.WithTest(t).Get("/api/v1/user/users/?" + tt.query).AssertStatus(status.HTTP_200_OK))
					names := []string{}
					for _, u := range body["data"].([]any) {
						names = append(names, u.(map[string]any)["name"].(string))
					}
					assert.Equal(t, tt.want, names)
					assert.EqualValues(t, len(tt.want), body["total"])
					assert.EqualValues(t, 3, body["additional_data"].(map[string]any)["total_active_users"])
				})
			}

			t.Run("page links keep the filters", func(t *testing.T) {
				body := object(authed.WithTest(t).Get("/api/v1/user/users/?search=x.io&is_active=true&per_page=1&page=1").
					AssertStatus(status.HTTP_200_OK))
				assert.EqualValues(t, 2, body["total"])
				assert.EqualValues(t, 2, body["last_page"])
				next, err := url.Parse(body["next_page_url"].(string))
				require.NoError(t, err)
				assert.Equal(t, url.Values{"search": {"x.io"}, "is_active": {"true"}, "per_page": {"1"}, "page": {"2"}}, next.Query())
				body = object(authed.WithTest(t).Get(body["next_page_url"].(string)).AssertStatus(status.HTTP_200_OK))
				assert.Equal(t, "Ann Lee", body["data"].([]any)[0].(map[string]any)["name"])
			})

			t.Run("hostile or unknown parameters", func(t *testing.T) {
				ordering := []string{"The ordering must name only created, email, name, each with - for descending"}
				for _, tt := range []struct {
					query  string
					errors map[string][]string
				}{
					{"ordering=password", map[string][]string{"ordering": ordering}},
					{"ordering=name%3BDROP+TABLE+users", map[string][]string{"ordering": ordering}},
					{"ordering=-is_staff", map[string][]string{"ordering": ordering}},
					{"ordering=name&ordering=email", map[string][]string{"ordering": {"The ordering must be given once, as comma-separated fields"}}},
					{"is_active__regex=x", map[string][]string{"is_active__regex": {"The is_active__regex filter is not supported; is_active allows is_active__exact"}}},
					{"search=%00", map[string][]string{"search": {"The search must not contain null characters"}}},
				} {
					authed.WithTest(t).Get("/api/v1/user/users/?"+tt.query).AssertFieldErrors(status.HTTP_400_BAD_REQUEST, tt.errors)
				}
				for _, q := range []string{"is_active=yes", "is_active=1", "is_active=%27+OR+1%3D1", "search=" + strings.Repeat("a", 201)} {
					res := authed.WithTest(t).Get("/api/v1/user/users/?" + q)
					assert.Equal(t, status.HTTP_400_BAD_REQUEST, res.Code(), q)
					assert.NotEmpty(t, res.Envelope().Errors, q)
				}
			})
		})
	}
}
