package apilog

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/status"
)

// Entry is one logged request, as GET show-api-logs lists it.
type Entry struct {
	UUID      string    `db:"uuid" json:"uuid"`
	Created   time.Time `db:"created" json:"created"` // when the request arrived, UTC
	Method    string    `db:"method" json:"method"`
	Path      string    `db:"path" json:"path"`   // escaped, as on the wire
	Query     string    `db:"query" json:"query"` // secret values redacted
	Status    int       `db:"status" json:"status"`
	Duration  int64     `db:"duration_us" json:"duration_us"` // microseconds
	ClientIP  string    `db:"client_ip" json:"client_ip"`
	RequestID string    `db:"request_id" json:"request_id"`
	UserID    string    `db:"user_id" json:"user_id"` // "" for anonymous requests
	// RequestBody and ResponseBody are the bodies, redacted and capped, or
	// a description of a body not kept (see the package documentation).
	RequestBody  string `db:"request_body" json:"request_body"`
	ResponseBody string `db:"response_body" json:"response_body"`
	// RequestSize and ResponseSize are the bodies' lengths in bytes.
	RequestSize  int64 `db:"request_size" json:"request_size"`
	ResponseSize int64 `db:"response_size" json:"response_size"`
}

// listQuery selects the log; entryList filters and orders it.
const listQuery = `SELECT uuid, created, method, path, query, status, duration_us, client_ip,
	request_id, user_id, request_body, response_body, request_size, response_size
FROM petra_api_logs`

// entryList declares the filters of show-api-logs: method (exact), status,
// path (a prefix, ignoring ASCII case), since and until (RFC 3339 times or
// dates, inclusive). The log is listed newest first. [Query] checks the
// values first, and normalises the method.
var entryList = &db.List{
	Fields: map[string]db.Field{
		"method":  {Type: db.TypeText, Lookups: []db.Lookup{db.Exact}},
		"status":  {Type: db.TypeInt, Lookups: []db.Lookup{db.Exact, db.In, db.Gte, db.Lt}},
		"path":    {Type: db.TypeText, Lookups: []db.Lookup{db.StartsWith}},
		"since":   {Column: "created", Type: db.TypeTime, Lookups: []db.Lookup{db.Gte}},
		"until":   {Column: "created", Type: db.TypeTime, Lookups: []db.Lookup{db.Lte}},
		"created": {Type: db.TypeTime},
	},
	Ordering: []string{"-created"},
	Unique:   "uuid",
}

// Query is the query string of show-api-logs, besides per_page: the page's
// cursor and the filters, also by their lookups' full names (method__exact
// is method). The filters are checked, and a mistake is answered 400 on its
// parameter: a method other than those petra's routes serve (GET, HEAD,
// POST, PUT, PATCH, DELETE, OPTIONS; in any case, get is GET), a status out
// of 100-599, a path that does not start with /, since after until. The
// messages are in the request's language: [Spanish] words the Query's own.
type Query struct {
	Cursor         string `query:"cursor"           json:"-" validate:"max=4096"`
	Method         string `query:"method"           json:"-" validate:"omitempty,oneofci=GET HEAD POST PUT PATCH DELETE OPTIONS"`
	MethodExact    string `query:"method__exact"    json:"-" validate:"omitempty,oneofci=GET HEAD POST PUT PATCH DELETE OPTIONS"`
	Status         int    `query:"status"           json:"-" validate:"omitempty,min=100,max=599"`
	StatusExact    int    `query:"status__exact"    json:"-" validate:"omitempty,min=100,max=599"`
	StatusIn       string `query:"status__in"       json:"-" validate:"max=1000"`
	StatusGte      int    `query:"status__gte"      json:"-" validate:"omitempty,min=100,max=599"`
	StatusLt       int    `query:"status__lt"       json:"-" validate:"omitempty,min=100,max=599"`
	Path           string `query:"path"             json:"-" validate:"omitempty,startswith=/,max=200"`
	PathStartsWith string `query:"path__startswith" json:"-" validate:"omitempty,startswith=/,max=200"`
	Since          string `query:"since"            json:"-" validate:"max=64"`
	SinceGte       string `query:"since__gte"       json:"-" validate:"max=64"`
	Until          string `query:"until"            json:"-" validate:"max=64"`
	UntilLte       string `query:"until__lte"       json:"-" validate:"max=64"`
}

// CleanMethod normalises the method to upper case, as requests spell it.
func (q *Query) CleanMethod(*petra.Request) error {
	q.Method = strings.ToUpper(q.Method)
	return nil
}

// CleanMethodExact normalises method__exact as [Query.CleanMethod] does.
func (q *Query) CleanMethodExact(*petra.Request) error {
	q.MethodExact = strings.ToUpper(q.MethodExact)
	return nil
}

// The message IDs of the filters' own checks, worded in the request's
// language (see [Spanish]): {field} is the parameter refused, {param} the
// one it contradicts.
const (
	msgStatusInRange   = "The {field} must list status codes from 100 to 599"
	msgSinceAfterUntil = "The {field} must not be after the {param}"
)

// invalid refuses field with the message msgID in r's language, {field} and
// {param} filled with field and param.
func invalid(r *petra.Request, field, msgID, param string) error {
	return petra.Invalid(field, strings.NewReplacer("{field}", field, "{param}", param).Replace(r.Translate(msgID)))
}

// CleanStatusIn refuses a status__in that lists a status out of 100-599. A
// value that is no number is left to [db.List.Parse], which words it.
func (q *Query) CleanStatusIn(r *petra.Request) error {
	for part := range strings.SplitSeq(q.StatusIn, ",") {
		if n, err := strconv.Atoi(part); err == nil && (n < 100 || n > 599) {
			return invalid(r, "status__in", msgStatusInRange, "")
		}
	}
	return nil
}

// Clean refuses a since after an until, which no request can match. Times
// that do not parse are left to [db.List.Parse], which words them.
func (q *Query) Clean(r *petra.Request) error {
	type param struct{ name, value string }
	for _, since := range []param{{"since", q.Since}, {"since__gte", q.SinceGte}} {
		for _, until := range []param{{"until", q.Until}, {"until__lte", q.UntilLte}} {
			start, ok1 := parseTime(since.value)
			end, ok2 := parseTime(until.value)
			if ok1 && ok2 && start.After(end) {
				return invalid(r, since.name, msgSinceAfterUntil, until.name)
			}
		}
	}
	return nil
}

// parseTime reads a time as [db.TypeTime] does: a date (midnight UTC) or an
// RFC 3339 time.
func parseTime(s string) (time.Time, bool) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// filters returns the parameters of query that entryList reads, with the
// method q normalised: what the list is filtered by, and what a cursor is
// bound to.
func filters(query url.Values, q *Query) url.Values {
	out := url.Values{}
	for key, values := range query {
		name, _, _ := strings.Cut(key, "__")
		if f, ok := entryList.Fields[name]; ok && len(f.Lookups) > 0 {
			out[key] = values
		}
	}
	if len(out["method"]) == 1 {
		out["method"] = []string{q.Method}
	}
	if len(out["method__exact"]) == 1 {
		out["method__exact"] = []string{q.MethodExact}
	}
	return out
}

// Module serves the API log in d at [ShowPath], like django-petra's
// show-api-logs: GET /hello-petra/api/show-api-logs?cursor=&per_page=
// answers a [db.CursorPage] of [Entry], newest first, filtered by method,
// status, path (a prefix), since and until. Pages are linked by cursors
// signed with cursorKey (see [db.DeriveKey]), so they cost the same however
// deep the log. A cursor is valid only with the filters of the page that
// gave it (per_page may change): one altered, signed with another key or
// sent with other filters is a 400.
//
// The log holds request bodies and client addresses, so the route is
// guarded by perms; with none it requires an authenticated principal
// ([petra.IsAuthenticated]). Pass petra.AllowAny to open it, in development
// only.
func Module(d *db.DB, cursorKey []byte, perms ...petra.Permission) petra.Module {
	if len(cursorKey) == 0 {
		panic("apilog: Module needs a cursor key")
	}
	if len(perms) == 0 {
		perms = []petra.Permission{petra.IsAuthenticated}
	}
	show := func(r *petra.Request, q *Query) petra.Result {
		params, err := r.PageParams()
		if err != nil {
			return petra.Fail(err)
		}
		set := filters(r.QueryValues(), q)
		lq, err := entryList.Parse(set)
		if err != nil {
			return petra.Fail(err)
		}
		key := db.DeriveKey(cursorKey, "show-api-logs filters: "+set.Encode())
		page, err := db.SelectCursor[Entry](r.Context(), d, lq, listQuery, nil, key, q.Cursor, params.PerPage)
		if err != nil {
			return petra.Fail(err)
		}
		return petra.Response(page)
	}
	return petra.Module{Name: "apilog", Path: "/hello-petra/api", Routes: []petra.Route{
		petra.Get("show-api-logs", dto.Form(show)).Named("hello-petra:show_api_logs").Permission(perms...).
			Returns(petra.Schema[db.CursorPage[Entry]](), status.HTTP_200_OK).
			Summary("The API log, newest first, a page at a time by cursor"),
	}}
}
