package petra

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// pageParamsView answers the page a request asks for.
func pageParamsView(r *Request) Result {
	p, err := r.PageParams()
	if err != nil {
		return Fail(err)
	}
	return Response(map[string]int{"page": p.Page, "per_page": p.PerPage, "offset": p.Offset()})
}

func TestPageParams(t *testing.T) {
	const pageErr, perPageErr = `"page":["The page must be a whole number of at least 1"]`, `"per_page":["The per_page must be a whole number of at least 1"]`
	tests := []struct {
		name, query string
		opts        []Option
		code        status.Code
		body        string
	}{
		{"defaults", "", nil, 200, `{"page":1,"per_page":15,"offset":0}`},
		{"given", "?page=3&per_page=20", nil, 200, `{"page":3,"per_page":20,"offset":40}`},
		{"empty values", "?page=&per_page=", nil, 200, `{"page":1,"per_page":15,"offset":0}`},
		{"capped", "?per_page=1000", nil, 200, `{"page":1,"per_page":100,"offset":0}`},
		{"app sizes", "?page=2", []Option{WithPagination(10, 50)}, 200, `{"page":2,"per_page":10,"offset":10}`},
		{"app cap", "?per_page=51", []Option{WithPagination(10, 50)}, 200, `{"page":1,"per_page":50,"offset":0}`},
		{"default above cap", "", []Option{WithPagination(80, 20)}, 200, `{"page":1,"per_page":20,"offset":0}`},
		{"sizes below 1 keep defaults", "", []Option{WithPagination(0, -1)}, 200, `{"page":1,"per_page":15,"offset":0}`},
		{"far page", "?page=9223372036854775807&per_page=100", nil, 200, `{"page":9223372036854775807,"per_page":100,"offset":9223372036854775807}`},
		{"page 0", "?page=0", nil, 400, `{"success":false,"message":"The given data was invalid","errors":{` + pageErr + `}}`},
		{"page abc", "?page=abc", nil, 400, `{"success":false,"message":"The given data was invalid","errors":{` + pageErr + `}}`},
		{"page too big", "?page=99999999999999999999", nil, 400, `{"success":false,"message":"The given data was invalid","errors":{` + pageErr + `}}`},
		{"per_page -1", "?per_page=-1", nil, 400, `{"success":false,"message":"The given data was invalid","errors":{` + perPageErr + `}}`},
		{"both wrong", "?page=0&per_page=-1", nil, 400, `{"success":false,"message":"The given data was invalid","errors":{` + pageErr + `,` + perPageErr + `}}`},
		{"both not numbers", "?page=abc&per_page=1.5", nil, 400, `{"success":false,"message":"The given data was invalid","errors":{` + pageErr + `,` + perPageErr + `}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			serveView(t, Get("items", pageParamsView), httptest.NewRequest(http.MethodGet, "/items"+tt.query, nil), tt.opts...).
				AssertJSON(tt.code, tt.body)
		})
	}
}

func TestOffset(t *testing.T) {
	tests := []struct {
		p    PageParams
		want int
	}{
		{PageParams{}, 0},
		{PageParams{Page: 1, PerPage: 15}, 0},
		{PageParams{Page: 3, PerPage: 15}, 30},
		{PageParams{Page: 0, PerPage: 15}, 0},
		{PageParams{Page: math.MaxInt, PerPage: 100}, math.MaxInt},
		{PageParams{Page: math.MaxInt/100 + 1, PerPage: 100}, math.MaxInt / 100 * 100},
		{PageParams{Page: math.MaxInt/100 + 2, PerPage: 100}, math.MaxInt},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.p.Offset(), "%+v", tt.p)
	}
}

// FuzzPageParams checks that any query string gives page params or a 400.
func FuzzPageParams(f *testing.F) {
	for _, seed := range []string{"", "page=1", "page=0&per_page=-1", "page=abc", "per_page=1e3", "page=9223372036854775807",
		"page=-9223372036854775808", "page=%zz", "page=1&page=2", "per_page=%20%2B5"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.RawQuery = query
		r := NewRequest(httptest.NewRecorder(), req)
		p, err := r.PageParams()
		if err != nil {
			assert.Equal(t, 400, int(Fail(err).Status()))
			return
		}
		assert.GreaterOrEqual(t, p.Page, 1)
		assert.GreaterOrEqual(t, p.PerPage, 1)
		assert.LessOrEqual(t, p.PerPage, 100)
		assert.GreaterOrEqual(t, p.Offset(), 0)
		page := NewPage(r, p, []int{}, 10)
		assert.GreaterOrEqual(t, page.LastPage, 1)
		uncounted := NewUncountedPage(r, p, []int{}, true)
		assert.Equal(t, p.Page < math.MaxInt, uncounted.NextPageURL != nil)
		assert.Equal(t, p.Page > 1, uncounted.PrevPageURL != nil)
	})
}

func strPtr(s string) *string { return &s }

func TestNewPage(t *testing.T) {
	link := func(page int) string { return "/api/v1/t/items?page=" + string(rune('0'+page)) + "&per_page=15" }
	tests := []struct {
		name       string
		page       int
		total      int
		last       int
		next, prev *string
	}{
		{"first", 1, 45, 3, strPtr(link(2)), nil},
		{"middle", 2, 45, 3, strPtr(link(3)), strPtr(link(1))},
		{"last", 3, 45, 3, nil, strPtr(link(2))},
		{"partial last", 3, 31, 3, nil, strPtr(link(2))},
		{"beyond last", 5, 45, 3, nil, strPtr(link(3))},
		{"one page", 1, 15, 1, nil, nil},
		{"empty", 1, 0, 1, nil, nil},
		{"empty, beyond", 2, 0, 1, nil, strPtr(link(1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var page Page[int]
			view := func(r *Request) Result {
				p, err := r.PageParams()
				if err != nil {
					return Fail(err)
				}
				page = NewPage[int](r, p, nil, tt.total)
				return Response(page)
			}
			serveView(t, Get("items", view), httptest.NewRequest(http.MethodGet, "/items?page="+string(rune('0'+tt.page)), nil)).
				AssertStatus(status.HTTP_200_OK)
			assert.Equal(t, Page[int]{
				Data: []int{}, Total: tt.total, PerPage: 15, CurrentPage: tt.page, LastPage: tt.last,
				FirstPageURL: link(1), LastPageURL: link(tt.last), NextPageURL: tt.next, PrevPageURL: tt.prev,
			}, page)
		})
	}
}

func TestPageJSON(t *testing.T) {
	type item struct {
		ID int `json:"id"`
	}
	view := func(r *Request) Result {
		p, err := r.PageParams()
		if err != nil {
			return Fail(err)
		}
		page := NewPage(r, p, []item{{ID: 3}, {ID: 4}}, 5)
		if r.Query("extra") != "" {
			page = page.WithAdditionalData(map[string]any{"total_active_users": 4, "last_registered": "ann"})
		}
		return Response(page)
	}
	res := serveView(t, Get("users/", view), httptest.NewRequest(http.MethodGet, "/users/?per_page=2&page=2&q=a+b&extra=1", nil))
	res.AssertJSON(status.HTTP_200_OK, `{
		"data": [{"id": 3}, {"id": 4}],
		"total": 5,
		"per_page": 2,
		"current_page": 2,
		"last_page": 3,
		"first_page_url": "/api/v1/t/users/?extra=1&page=1&per_page=2&q=a+b",
		"last_page_url": "/api/v1/t/users/?extra=1&page=3&per_page=2&q=a+b",
		"next_page_url": "/api/v1/t/users/?extra=1&page=3&per_page=2&q=a+b",
		"prev_page_url": "/api/v1/t/users/?extra=1&page=1&per_page=2&q=a+b",
		"additional_data": {"total_active_users": 4, "last_registered": "ann"}
	}`)

	res = serveView(t, Get("users/", view), httptest.NewRequest(http.MethodGet, "/users/", nil))
	assert.JSONEq(t, `{
		"data": [{"id": 3}, {"id": 4}],
		"total": 5,
		"per_page": 15,
		"current_page": 1,
		"last_page": 1,
		"first_page_url": "/api/v1/t/users/?page=1&per_page=15",
		"last_page_url": "/api/v1/t/users/?page=1&per_page=15",
		"next_page_url": null,
		"prev_page_url": null
	}`, res.Body(), "additional_data is omitted when not set")
}

func TestPageLinksAndBaseURL(t *testing.T) {
	view := func(r *Request) Result {
		p, _ := r.PageParams()
		return Response(NewPage(r, p, []string{"x"}, 100))
	}
	tests := []struct {
		name  string
		opts  []Option
		first string
	}{
		{"relative by default", nil, "/api/v1/t/caf%C3%A9/?page=1&per_page=10&sort=-name"},
		{"absolute with a base URL", []Option{WithBaseURL("https://api.example.com/")}, "https://api.example.com/api/v1/t/caf%C3%A9/?page=1&per_page=10&sort=-name"},
		{"base URL with a path", []Option{WithBaseURL("https://example.com/backend")}, "https://example.com/backend/api/v1/t/caf%C3%A9/?page=1&per_page=10&sort=-name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "http://evil.example/caf%C3%A9/?page=2&per_page=10&sort=-name", nil)
			req.Host = "evil.example"
			req.Header.Set("X-Forwarded-Host", "evil.example")
			res := serveView(t, Get("café/", view), req, tt.opts...).AssertStatus(status.HTTP_200_OK)
			assert.NotContains(t, res.Body(), "evil", "links never come from the request's Host")
			assert.Contains(t, res.Body(), `"first_page_url":"`+tt.first+`"`)
		})
	}
}

// TestOutsideAnAppTheDefaultLoggerIsTodays: a Request built outside an app
// (a view called alone, as in a test) takes its settings from defaultApp,
// made when the package loads, but logs with slog.Default() as it is when it
// logs, so a program's slog.SetDefault in main reaches it.
func TestOutsideAnAppTheDefaultLoggerIsTodays(t *testing.T) {
	logger, logs := petratest.NewLogger()
	old := slog.Default()
	slog.SetDefault(logger)
	t.Cleanup(func() { slog.SetDefault(old) })

	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/items?page=2", nil)
	r := NewRequest(rec, req)
	assert.Same(t, logger, r.Logger())
	_, err := r.PageParams() // reads defaultApp's settings
	require.NoError(t, err)
	WriteError(rec, req, errors.New("store: connection refused"))
	assert.Contains(t, logs.String(), "store: connection refused")
}
