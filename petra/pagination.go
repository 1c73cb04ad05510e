package petra

import (
	"math"
	"net/url"
	"strconv"
)

// PageParams are the page a request asks for: ?page=N&per_page=M.
type PageParams struct {
	// Page is the 1-based page number.
	Page int
	// PerPage is the number of items on a page.
	PerPage int
}

// Offset returns how many items come before the page, for SQL's OFFSET: 0 for
// the zero PageParams, and math.MaxInt, past any list, for a page so far out
// that the count would overflow an int.
func (p PageParams) Offset() int {
	if p.Page < 1 || p.PerPage < 1 {
		return 0
	}
	if p.Page-1 > math.MaxInt/p.PerPage {
		return math.MaxInt
	}
	return (p.Page - 1) * p.PerPage
}

// PageParams reads ?page= and ?per_page= from the query string. page defaults to
// 1; per_page defaults to the app's page size and is capped at its maximum (see
// [WithPagination]). A value that is not a whole number of at least 1 is a
// [*ValidationError] on that parameter, which [Fail] answers with 400.
func (r *Request) PageParams() (PageParams, error) {
	s := r.app().settings
	page, pageErr := r.QueryInt("page", 1)
	perPage, perPageErr := r.QueryInt("per_page", s.perPage)
	verr := &ValidationError{}
	if pageErr != nil || page < 1 {
		verr.Add("page", "The page must be a whole number of at least 1")
	}
	if perPageErr != nil || perPage < 1 {
		verr.Add("per_page", "The per_page must be a whole number of at least 1")
	}
	if len(verr.Fields) > 0 {
		return PageParams{}, verr
	}
	return PageParams{Page: page, PerPage: min(perPage, s.maxPerPage)}, nil
}

// Page is one page of a list with Laravel-style pagination meta, the shape
// django-petra answers lists with. Build it with [NewPage].
type Page[T any] struct {
	Data         []T     `json:"data" openapi:"nonnull"` // never nil: see NewPage
	Total        int     `json:"total"`
	PerPage      int     `json:"per_page"`
	CurrentPage  int     `json:"current_page"`
	LastPage     int     `json:"last_page"`
	FirstPageURL string  `json:"first_page_url"`
	LastPageURL  string  `json:"last_page_url"`
	NextPageURL  *string `json:"next_page_url"`
	PrevPageURL  *string `json:"prev_page_url"`
	// AdditionalData carries list-wide extras such as counts; omitted when nil.
	AdditionalData any `json:"additional_data,omitempty"`
}

// NewPage returns the page p of a list of total items, whose items on this page
// are items. Links keep the request's other query parameters and are absolute when
// the app has a base URL ([WithBaseURL]), relative otherwise. A nil items encodes
// as [].
//
// A page past the last (?page=9 of a list of 3 pages) is a page like any
// other: 200, empty data, current_page 9, next_page_url null and
// prev_page_url the last page. Laravel answers so; DRF answers 404 "Invalid
// page". petra keeps the 200 because a list may shrink while a client walks
// it, which is no fault of the client's, and total and last_page say where
// the list now ends. A view that wants the 404 compares p.Page with the
// page's LastPage.
func NewPage[T any](r *Request, p PageParams, items []T, total int) Page[T] {
	if items == nil {
		items = []T{}
	}
	last := max(1, (total+p.PerPage-1)/max(p.PerPage, 1))
	link := r.pageLink(p.PerPage)
	page := Page[T]{
		Data:         items,
		Total:        total,
		PerPage:      p.PerPage,
		CurrentPage:  p.Page,
		LastPage:     last,
		FirstPageURL: link(1),
		LastPageURL:  link(last),
	}
	if p.Page < last {
		next := link(p.Page + 1)
		page.NextPageURL = &next
	}
	if p.Page > 1 {
		prev := link(min(p.Page-1, last))
		page.PrevPageURL = &prev
	}
	return page
}

// WithAdditionalData returns a copy of p that carries data as additional_data.
func (p Page[T]) WithAdditionalData(data any) Page[T] {
	p.AdditionalData = data
	return p
}

// pageLink returns a function that builds the URL of a page of this request's
// list, with per_page and the request's other query parameters, all in key
// order as url.Values.Encode puts them. Only the page number changes between
// links, so what stands before and after it is encoded once.
func (r *Request) pageLink(perPage int) func(page int) string {
	before, after := url.Values{}, url.Values{"per_page": {strconv.Itoa(perPage)}}
	for k, v := range r.QueryValues() {
		switch {
		case k == "page" || k == "per_page":
		case k < "page":
			before[k] = v
		default:
			after[k] = v
		}
	}
	prefix := r.app().settings.baseURL + r.URL.EscapedPath() + "?"
	if len(before) > 0 {
		prefix += before.Encode() + "&"
	}
	prefix += "page="
	suffix := "&" + after.Encode()
	return func(page int) string {
		return prefix + strconv.Itoa(page) + suffix
	}
}

// app returns the app serving r; a Request built outside an app (in a test of a
// view alone) gets the defaults.
func (r *Request) app() *App {
	if r.route != nil {
		return r.route.app
	}
	return defaultApp
}

// defaultApp holds the settings of a Request built outside an app. Its
// logger is slog.Default() as the package loaded and is never used: such a
// request logs with slog.Default() as it is when it logs ([Request.Logger],
// [WriteError]), so that a program's slog.SetDefault reaches it.
var defaultApp = &App{settings: defaultSettings()}
