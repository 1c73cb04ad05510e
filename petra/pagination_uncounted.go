package petra

import "math"

// UncountedPage is one page of a list whose rows are not counted, for tables
// where COUNT(*) is too slow: [Page] without total, last_page and
// last_page_url, as Laravel's simplePaginate answers. Whether a next page
// exists comes from fetching one row more than the page holds (see
// db.SelectListUncounted). Build it with [NewUncountedPage].
type UncountedPage[T any] struct {
	Data         []T     `json:"data" openapi:"nonnull"` // never nil: see NewUncountedPage
	PerPage      int     `json:"per_page"`
	CurrentPage  int     `json:"current_page"`
	FirstPageURL string  `json:"first_page_url"`
	NextPageURL  *string `json:"next_page_url"`
	PrevPageURL  *string `json:"prev_page_url"`
}

// NewUncountedPage returns the page p of a list, whose items on this page are
// items and after which more items follow when more is true. Links are built
// as [NewPage] builds them, keeping the request's other query parameters
// (its filters, search and ordering). The previous page is p.Page-1 even
// past the end of the list, which an uncounted list cannot see. A nil items
// encodes as [].
func NewUncountedPage[T any](r *Request, p PageParams, items []T, more bool) UncountedPage[T] {
	if items == nil {
		items = []T{}
	}
	link := r.pageLink(p.PerPage)
	page := UncountedPage[T]{
		Data:         items,
		PerPage:      p.PerPage,
		CurrentPage:  p.Page,
		FirstPageURL: link(1),
	}
	if more && p.Page < math.MaxInt {
		next := link(p.Page + 1)
		page.NextPageURL = &next
	}
	if p.Page > 1 {
		prev := link(p.Page - 1)
		page.PrevPageURL = &prev
	}
	return page
}
