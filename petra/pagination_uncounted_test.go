package petra

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/status"
)

func TestNewUncountedPage(t *testing.T) {
	link := func(page int) *string {
		s := "/api/v1/t/items?page=" + strconv.Itoa(page) + "&per_page=15"
		return &s
	}
	tests := []struct {
		name       string
		page       int
		more       bool
		next, prev *string
	}{
		{"first, more follow", 1, true, link(2), nil},
		{"middle", 2, true, link(3), link(1)},
		{"last", 3, false, nil, link(2)},
		{"only page", 1, false, nil, nil},
		{"past the end", 9, false, nil, link(8)},
		{"furthest page", math.MaxInt, true, nil, link(math.MaxInt - 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var page UncountedPage[int]
			view := func(r *Request) Result {
				p, err := r.PageParams()
				if err != nil {
					return Fail(err)
				}
				page = NewUncountedPage[int](r, p, nil, tt.more)
				return Response(page)
			}
			serveView(t, Get("items", view), httptest.NewRequest(http.MethodGet, "/items?page="+strconv.Itoa(tt.page), nil)).
				AssertStatus(status.HTTP_200_OK)
			assert.Equal(t, UncountedPage[int]{
				Data: []int{}, PerPage: 15, CurrentPage: tt.page,
				FirstPageURL: *link(1), NextPageURL: tt.next, PrevPageURL: tt.prev,
			}, page)
		})
	}
}

func TestUncountedPageJSONKeepsFilters(t *testing.T) {
	view := func(r *Request) Result {
		p, err := r.PageParams()
		if err != nil {
			return Fail(err)
		}
		return Response(NewUncountedPage(r, p, []string{"cid", "dee"}, true))
	}
	serveView(t, Get("users/", view), httptest.NewRequest(http.MethodGet,
		"/users/?search=a+b&ordering=-created,name&is_active=true&page=2&per_page=2&created__gte=2026-01-01", nil),
		WithBaseURL("https://api.example.com")).
		AssertJSON(status.HTTP_200_OK, `{
			"data": ["cid", "dee"],
			"per_page": 2,
			"current_page": 2,
			"first_page_url": "https://api.example.com/api/v1/t/users/?created__gte=2026-01-01&is_active=true&ordering=-created%2Cname&page=1&per_page=2&search=a+b",
			"next_page_url": "https://api.example.com/api/v1/t/users/?created__gte=2026-01-01&is_active=true&ordering=-created%2Cname&page=3&per_page=2&search=a+b",
			"prev_page_url": "https://api.example.com/api/v1/t/users/?created__gte=2026-01-01&is_active=true&ordering=-created%2Cname&page=1&per_page=2&search=a+b"
		}`)
}
