package apilog_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// page is the body of show-api-logs.
type page = petra.Page[apilog.Entry]

func TestShowAPILogs(t *testing.T) {
	const show = "/hello-petra/api/show-api-logs"
	str := func(s string) *string { return &s }
	tests := []struct {
		name   string
		target string
		want   page     // Data compared by query only
		wantQ  []string // queries of the entries listed, in order
	}{
		{"first page", show + "?page=1&per_page=2", page{Total: 5, PerPage: 2, CurrentPage: 1, LastPage: 3,
			FirstPageURL: show + "?page=1&per_page=2", LastPageURL: show + "?page=3&per_page=2",
			NextPageURL: str(show + "?page=2&per_page=2")}, []string{"n=5", "n=4"}},
		{"middle page, trailing slash", show + "/?page=2&per_page=2", page{Total: 5, PerPage: 2, CurrentPage: 2, LastPage: 3,
			FirstPageURL: show + "/?page=1&per_page=2", LastPageURL: show + "/?page=3&per_page=2",
			NextPageURL: str(show + "/?page=3&per_page=2"), PrevPageURL: str(show + "/?page=1&per_page=2")}, []string{"n=3", "n=2"}},
		{"last page", show + "?page=3&per_page=2", page{Total: 5, PerPage: 2, CurrentPage: 3, LastPage: 3,
			FirstPageURL: show + "?page=1&per_page=2", LastPageURL: show + "?page=3&per_page=2",
			PrevPageURL: str(show + "?page=2&per_page=2")}, []string{"n=1"}},
		{"past the end", show + "?page=9&per_page=2", page{Total: 5, PerPage: 2, CurrentPage: 9, LastPage: 3,
			FirstPageURL: show + "?page=1&per_page=2", LastPageURL: show + "?page=3&per_page=2",
			PrevPageURL: str(show + "?page=3&per_page=2")}, []string{}},
	}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, _ := newLogger(t, d, apilog.Options{})
			app := newApp(d, l)
			for _, q := range []string{"n=1", "n=2", "n=3", "n=4", "n=5"} {
				send(t, app, request{method: "GET", target: "/api/v1/demo/ping/?" + q}).AssertStatus(status.HTTP_200_OK)
			}
			// Reading the log before the flush is allowed, and not logged.
			send(t, app, request{method: "GET", target: show, header: []string{"Authorization", "Bearer tok-ann"}}).AssertStatus(status.HTTP_200_OK)
			closeLogger(t, l)

			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					res := send(t, app, request{method: "GET", target: tt.target, header: []string{"Authorization", "Bearer tok-ann"}})
					got := petratest.Decode[page](res.AssertStatus(status.HTTP_200_OK))
					queries := []string{}
					for _, e := range got.Data {
						queries = append(queries, e.Query)
						assert.Equal(t, "/api/v1/demo/ping/", e.Path)
						assert.Equal(t, `{"ok":true}`, e.ResponseBody)
					}
					assert.Equal(t, tt.wantQ, queries)
					got.Data = nil
					assert.Equal(t, tt.want, got)
				})
			}
		})
	}
}

func TestShowAPILogsErrors(t *testing.T) {
	isAdmin := func(r *petra.Request) error {
		if r.Principal() != "admin" {
			return petra.ErrForbidden
		}
		return nil
	}
	tests := []struct {
		name    string
		perms   []petra.Permission
		user    string
		target  string
		code    status.Code
		message string
		errors  map[string][]string
	}{
		{"anonymous, default permission", nil, "", "", 401, "Authentication credentials were not provided or are invalid", nil},
		{"authenticated, default permission", nil, "ann", "", 200, "", nil},
		{"anonymous, admin only", []petra.Permission{petra.IsAuthenticated, isAdmin}, "", "", 401, "Authentication credentials were not provided or are invalid", nil},
		{"not admin", []petra.Permission{petra.IsAuthenticated, isAdmin}, "ann", "", 403, "You do not have permission to perform this action", nil},
		{"admin", []petra.Permission{petra.IsAuthenticated, isAdmin}, "admin", "", 200, "", nil},
		{"open", []petra.Permission{petra.AllowAny}, "", "", 200, "", nil},
		{"bad page", nil, "ann", "?page=0&per_page=x", 400, "", map[string][]string{
			"page":     {"The page must be a whole number of at least 1"},
			"per_page": {"The per_page must be a whole number of at least 1"},
		}},
	}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					l, _ := newLogger(t, d, apilog.Options{})
					app := newApp(d, l, tt.perms...)
					var header []string
					if tt.user != "" {
						header = []string{"Authorization", "Bearer tok-" + tt.user}
					}
					res := send(t, app, request{method: "GET", target: apilog.ShowPath + tt.target, header: header})
					if tt.code == 200 {
						res.AssertJSON(tt.code, `{"data":[],"total":0,"per_page":15,"current_page":1,"last_page":1,`+
							`"first_page_url":"/hello-petra/api/show-api-logs?page=1&per_page=15",`+
							`"last_page_url":"/hello-petra/api/show-api-logs?page=1&per_page=15",`+
							`"next_page_url":null,"prev_page_url":null}`)
						return
					}
					env := res.AssertStatus(tt.code).Envelope()
					if tt.message != "" {
						assert.Equal(t, tt.message, env.Message)
					}
					assert.Equal(t, tt.errors, env.Errors)
				})
			}
		})
	}
}

func TestShowAPILogsRoute(t *testing.T) {
	d := openDB(t, "sqlite")
	app := petra.New()
	app.Mount(apilog.Module(d))
	var found []petra.RouteInfo
	for _, rt := range app.Routes() {
		if rt.Module == "apilog" {
			rt.View = ""
			found = append(found, rt)
		}
	}
	assert.Equal(t, []petra.RouteInfo{{Method: "GET", Path: apilog.ShowPath, Name: "hello-petra:show_api_logs", Module: "apilog"}}, found)
}
