package apilog_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// page is the body of show-api-logs.
type page = db.CursorPage[apilog.Entry]

func TestShowAPILogs(t *testing.T) {
	const show = "/hello-petra/api/show-api-logs"
	ann := []string{"Authorization", "Bearer tok-ann"}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			d := openDB(t, drv)
			l, _ := newLogger(t, d, apilog.Options{})
			app := newApp(d, l)
			for _, q := range []string{"n=1", "n=2", "n=3", "n=4", "n=5"} {
				send(t, app, request{method: "GET", target: "/api/v1/demo/ping/?" + q}).AssertStatus(status.HTTP_200_OK)
			}
			send(t, app, request{method: "GET", target: "/api/v1/other/?n=6"}).AssertStatus(status.HTTP_404_NOT_FOUND)
			// Reading the log before the flush is allowed, and not logged.
			send(t, app, request{method: "GET", target: show, header: ann}).AssertStatus(status.HTTP_200_OK)
			closeLogger(t, l)

			get := func(t *testing.T, query string) page {
				return petratest.Decode[page](send(t, app, request{method: "GET", target: show + "?" + query, header: ann}).
					AssertStatus(status.HTTP_200_OK))
			}
			queries := func(p page) []string {
				out := []string{}
				for _, e := range p.Data {
					out = append(out, e.Query)
				}
				return out
			}

			t.Run("pages by cursor, both ways", func(t *testing.T) {
				first := get(t, "per_page=2")
				assert.Equal(t, []string{"n=6", "n=5"}, queries(first))
				assert.Nil(t, first.PrevCursor)
				require.NotNil(t, first.NextCursor)
				second := get(t, "per_page=2&cursor="+url.QueryEscape(*first.NextCursor))
				assert.Equal(t, []string{"n=4", "n=3"}, queries(second))
				third := get(t, "per_page=2&cursor="+url.QueryEscape(*second.NextCursor))
				assert.Equal(t, []string{"n=2", "n=1"}, queries(third))
				assert.Nil(t, third.NextCursor)
				back := get(t, "per_page=2&cursor="+url.QueryEscape(*third.PrevCursor))
				assert.Equal(t, []string{"n=4", "n=3"}, queries(back))
				back = get(t, "per_page=2&cursor="+url.QueryEscape(*back.PrevCursor))
				assert.Equal(t, []string{"n=6", "n=5"}, queries(back))
				assert.Nil(t, back.PrevCursor)
			})

			all := get(t, "")
			require.Len(t, all.Data, 6)
			at := func(i int) string { return url.QueryEscape(all.Data[i].Created.Format(time.RFC3339Nano)) }
			for _, tt := range []struct {
				query string
				want  []string
			}{
				{"status=404", []string{"n=6"}},
				{"status__in=200,201", []string{"n=5", "n=4", "n=3", "n=2", "n=1"}},
				{"method=GET&status=200&per_page=1", []string{"n=5"}},
				{"method=get&status=200&per_page=1", []string{"n=5"}},
				{"method__exact=get&status__exact=404&path__startswith=/api/", []string{"n=6"}},
				{"method=POST", []string{}},
				{"status__gte=400&status__lt=500", []string{"n=6"}},
				{"path=/API/V1/DEMO/", []string{"n=5", "n=4", "n=3", "n=2", "n=1"}},
				{"path=/api/v1/other", []string{"n=6"}},
				{"path=/%25", []string{}},
				{"since=" + at(2) + "&until=" + at(1), []string{"n=5", "n=4"}},
				{"until=2000-01-01", []string{}},
				{"since=" + at(1) + "&until=" + at(1), []string{"n=5"}},
			} {
				t.Run(tt.query, func(t *testing.T) {
					assert.Equal(t, tt.want, queries(get(t, tt.query)))
				})
			}

			t.Run("filters stay with the cursor", func(t *testing.T) {
				p := get(t, "path=/api/v1/demo/&per_page=3")
				assert.Equal(t, []string{"n=5", "n=4", "n=3"}, queries(p))
				p = get(t, "path=/api/v1/demo/&per_page=3&cursor="+url.QueryEscape(*p.NextCursor))
				assert.Equal(t, []string{"n=2", "n=1"}, queries(p))
				assert.Nil(t, p.NextCursor)
			})

			t.Run("a cursor is valid only with the filters that made it", func(t *testing.T) {
				p := get(t, "path=/api/v1/demo/&method=get&per_page=3")
				next := "&cursor=" + url.QueryEscape(*p.NextCursor)
				assert.Equal(t, []string{"n=2", "n=1"}, queries(get(t, "method=GET&path=/api/v1/demo/&per_page=5"+next)))
				for _, query := range []string{"path=/api/v1/", "path=/api/v1/demo/", "method=GET", "path=/api/v1/demo/&method=GET&status=200", ""} {
					env := send(t, app, request{method: "GET", target: show + "?per_page=3&" + query + next, header: ann}).
						AssertStatus(status.HTTP_400_BAD_REQUEST).Envelope()
					assert.Equal(t, map[string][]string{"cursor": {"The cursor is invalid or has expired"}}, env.Errors, query)
				}
			})
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
	invalidCursor := map[string][]string{"cursor": {"The cursor is invalid or has expired"}}
	const methods = "The method must be one of: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
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
		{"bad per_page", nil, "ann", "?per_page=x", 400, "", map[string][]string{
			"per_page": {"The per_page must be a whole number of at least 1"},
		}},
		{"zero per_page", nil, "ann", "?per_page=0", 400, "", map[string][]string{
			"per_page": {"The per_page must be a whole number of at least 1"},
		}},
		{"tampered cursor", nil, "ann", "?cursor=eyJvIjoiLWNyZWF0ZWQsLXV1aWQiLCJ2IjpbIngiLCJ5Il19.AAAA", 400, "", invalidCursor},
		{"injected cursor", nil, "ann", "?cursor=%27+OR+1%3D1+--", 400, "", invalidCursor},
		{"bad status", nil, "ann", "?status__in=200,x", 400, "", map[string][]string{"status__in": {"The status__in must be a whole number"}}},
		{"bad since", nil, "ann", "?since=yesterday", 400, "", map[string][]string{
			"since": {"The since must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z)"}}},
		{"unsupported lookup", nil, "ann", "?path__exact=/x", 400, "", map[string][]string{
			"path__exact": {"The path__exact filter is not supported; path allows path__startswith"}}},
		{"unknown method", nil, "ann", "?method=FOO", 400, "", map[string][]string{"method": {methods}}},
		{"injected method", nil, "ann", "?method=%27+OR+1%3D1+--", 400, "", map[string][]string{"method": {methods}}},
		{"method given twice", nil, "ann", "?method=GET&method=POST", 400, "", map[string][]string{
			"method": {"The method must be given once"}}},
		{"status above 599", nil, "ann", "?status=700", 400, "", map[string][]string{
			"status": {"The status must not be greater than 599"}}},
		{"status below 100", nil, "ann", "?status=99", 400, "", map[string][]string{
			"status": {"The status must be at least 100"}}},
		{"status not a number", nil, "ann", "?status=x", 400, "", map[string][]string{
			"status": {"The status must be an integer"}}},
		{"a status__in out of range", nil, "ann", "?status__in=200,700", 400, "", map[string][]string{
			"status__in": {"The status__in must list status codes from 100 to 599"}}},
		{"status__gte out of range", nil, "ann", "?status__gte=600", 400, "", map[string][]string{
			"status__gte": {"The status__gte must not be greater than 599"}}},
		{"status__lt out of range", nil, "ann", "?status__lt=0", 400, "", map[string][]string{
			"status__lt": {"The status__lt must be at least 100"}}},
		{"since after until", nil, "ann", "?since=2026-01-02&until=2026-01-01T23:59:59Z", 400, "", map[string][]string{
			"since": {"The since must not be after the until"}}},
		{"bad until", nil, "ann", "?since=2026-01-02&until=tomorrow", 400, "", map[string][]string{
			"until": {"The until must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z)"}}},
		{"relative path", nil, "ann", "?path=api/v1/", 400, "", map[string][]string{
			"path": {"The path must start with /"}}},
		{"lookups spelt out", nil, "ann", "?method__exact=FOO&status__exact=700&path__startswith=api", 400, "", map[string][]string{
			"method__exact":    {"The method__exact must be one of: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
			"status__exact":    {"The status__exact must not be greater than 599"},
			"path__startswith": {"The path__startswith must start with /"}}},
		{"since__gte after until__lte", nil, "ann", "?since__gte=2026-01-02&until__lte=2026-01-01", 400, "", map[string][]string{
			"since__gte": {"The since__gte must not be after the until__lte"}}},
		{"several mistakes", nil, "ann", "?method=get2&status=600&path=x", 400, "", map[string][]string{
			"method": {methods}, "status": {"The status must not be greater than 599"}, "path": {"The path must start with /"}}},
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
						res.AssertJSON(tt.code, `{"data":[],"next_cursor":null,"prev_cursor":null}`)
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
	app.Mount(apilog.Module(d, testCursorKey))
	var found []petra.RouteInfo
	for _, rt := range app.Routes() {
		if rt.Module == "apilog" {
			rt.View = ""
			found = append(found, rt)
		}
	}
	assert.Equal(t, []petra.RouteInfo{{Method: "GET", Path: apilog.ShowPath, Name: "hello-petra:show_api_logs", Module: "apilog"}}, found)
}
