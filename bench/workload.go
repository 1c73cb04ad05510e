package bench

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/valyala/fasthttp"
)

// Paths and constants every implementation shares.
const (
	// prefix is where every implementation mounts its routes, as petra mounts the
	// module "bench" of version "v1".
	prefix = "/api/v1/bench"
	// createdID is the id of the user every valid POST creates: the workload
	// measures binding, validation and encoding, not id generation.
	createdID = "3f0e8a52-8c4e-4a8b-9a3d-2f1c7b6d5e40"
	// fetchedName is the name answered for any user fetched by id.
	fetchedName = "Ann Example"
	// defaultPerPage and maxPerPage are petra's pagination defaults, which the
	// other implementations copy: per_page is 15 when absent, capped at 100.
	defaultPerPage = 15
	maxPerPage     = 100
	// userCount is how many users the list pages through.
	userCount = 1000
	// bodyLimit is the largest request body the hand-written handler accepts:
	// petra's and Huma's default (Gin, Echo and Fuego set none by default).
	bodyLimit = 1 << 20
)

// User is the resource of the workload, as created and as listed.
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Age   int    `json:"age"`
}

// UserRef is what GET /users/{id} answers.
type UserRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// users is the in-memory list every implementation pages through. It is never
// modified, so it is safe to share between goroutines.
var users = makeUsers(userCount)

func makeUsers(n int) []User {
	out := make([]User, n)
	for i := range out {
		out[i] = User{
			ID:    fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1),
			Name:  fmt.Sprintf("User %d", i+1),
			Email: fmt.Sprintf("user%d@example.com", i+1),
			Age:   18 + i%60,
		}
	}
	return out
}

// usersPage returns the users on a page, an empty slice past the end.
func usersPage(page, perPage int) []User {
	start := min((page-1)*perPage, len(users))
	end := min(start+perPage, len(users))
	return users[start:end]
}

// Page is one page of users with Laravel-style meta, the shape petra.Page
// encodes to. The implementations other than petra build it by hand with
// [newPage].
type Page struct {
	Data         []User  `json:"data"`
	Total        int     `json:"total"`
	PerPage      int     `json:"per_page"`
	CurrentPage  int     `json:"current_page"`
	LastPage     int     `json:"last_page"`
	FirstPageURL string  `json:"first_page_url"`
	LastPageURL  string  `json:"last_page_url"`
	NextPageURL  *string `json:"next_page_url"`
	PrevPageURL  *string `json:"prev_page_url"`
}

// newPage builds page number page of the users for a request to path with query,
// doing what petra.NewPage does: links keep the request's other query
// parameters, are relative, and next/prev are null at the ends.
func newPage(path string, query url.Values, page, perPage int) Page {
	total := len(users)
	last := max(1, (total+perPage-1)/perPage)
	q := make(url.Values, len(query)+2)
	for k, v := range query {
		q[k] = v
	}
	q.Set("per_page", strconv.Itoa(perPage))
	link := func(n int) string {
		q.Set("page", strconv.Itoa(n))
		return path + "?" + q.Encode()
	}
	p := Page{
		Data:         usersPage(page, perPage),
		Total:        total,
		PerPage:      perPage,
		CurrentPage:  page,
		LastPage:     last,
		FirstPageURL: link(1),
		LastPageURL:  link(last),
	}
	if page < last {
		next := link(page + 1)
		p.NextPageURL = &next
	}
	if page > 1 {
		prev := link(min(page-1, last))
		p.PrevPageURL = &prev
	}
	return p
}

// Impl is one implementation of the workload.
type Impl struct {
	// Name is the implementation's name in benchmark names and tables.
	Name string
	// New builds a fresh net/http handler serving every workload; it is nil
	// for [FasthttpReference], which sets NewFasthttp instead.
	New func() http.Handler
	// NewFasthttp builds a fresh fasthttp handler serving every workload; it
	// is set for [FasthttpReference] alone.
	NewFasthttp func() fasthttp.RequestHandler
	// InvalidStatus is the status the implementation answers an invalid body
	// with, in its own idiom: 400, or 422 for Huma.
	InvalidStatus int
}

// Impls lists the implementations in the order they are measured: the
// hand-written floor first, then petra, then the peers.
var Impls = []Impl{
	{Name: "handwritten", New: NewHandwritten, InvalidStatus: http.StatusBadRequest},
	{Name: "petra", New: NewPetra, InvalidStatus: http.StatusBadRequest},
	{Name: "gin", New: NewGin, InvalidStatus: http.StatusBadRequest},
	{Name: "echo", New: NewEcho, InvalidStatus: http.StatusBadRequest},
	{Name: "echo5", New: NewEcho5, InvalidStatus: http.StatusBadRequest},
	{Name: "huma", New: NewHuma, InvalidStatus: http.StatusUnprocessableEntity},
	{Name: "fuego", New: NewFuego, InvalidStatus: http.StatusBadRequest},
}

// FasthttpReference is the workload written by hand on fasthttp, the engine
// under Fiber ([NewFasthttp]). It is measured beside [Impls] as a reference,
// not as a peer: it is not on net/http, and it is not Fiber, which the bench
// cannot measure; Fiber's cost per request is at least this handler's, so
// petra's ratio to it bounds petra's ratio to Fiber from above.
var FasthttpReference = Impl{Name: "fasthttp", NewFasthttp: NewFasthttp, InvalidStatus: http.StatusBadRequest}

// Workload is one request of the workload, sent the same way to every
// implementation.
type Workload struct {
	// Name is the workload's name in benchmark names and tables.
	Name string
	// Method and Target are the request line; Body, when not nil, is sent as
	// application/json.
	Method, Target string
	Body           []byte
	// Status is the status every implementation answers with; 0 means the
	// implementation's InvalidStatus.
	Status int
}

// StatusFor returns the status impl answers w with.
func (w Workload) StatusFor(impl Impl) int {
	if w.Status == 0 {
		return impl.InvalidStatus
	}
	return w.Status
}

// NewRequest builds w's request for target base ("" for a server-relative
// request, as httptest and handlers see it, or "http://127.0.0.1:port").
func (w Workload) NewRequest(base string) (*http.Request, error) {
	req, err := http.NewRequest(w.Method, base+w.Target, nil)
	if err != nil {
		return nil, err
	}
	if w.Body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.ContentLength = int64(len(w.Body))
	}
	return req, nil
}

// Workloads are the five requests every implementation answers.
var Workloads = []Workload{
	{Name: "ping", Method: http.MethodGet, Target: prefix + "/ping", Status: http.StatusOK},
	{Name: "post_valid", Method: http.MethodPost, Target: prefix + "/users/", Status: http.StatusCreated,
		Body: []byte(`{"name":"Ann Example","email":"ann@example.com","age":42}`)},
	{Name: "post_invalid", Method: http.MethodPost, Target: prefix + "/users/",
		Body: []byte(`{"name":"","email":"nope","age":0}`)},
	{Name: "get_uuid", Method: http.MethodGet, Target: prefix + "/users/9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b", Status: http.StatusOK},
	{Name: "list", Method: http.MethodGet, Target: prefix + "/users/?page=2&per_page=20", Status: http.StatusOK},
}
