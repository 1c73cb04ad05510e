package apilog

import (
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

// entryList declares the filters of show-api-logs: method (exact, as sent:
// GET), status, path (a prefix, ignoring ASCII case), since and until (RFC
// 3339 times or dates, inclusive). The log is listed newest first.
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
// cursor and the filters.
type Query struct {
	Cursor string `query:"cursor" json:"-" validate:"max=4096"`
	Method string `query:"method" json:"-" validate:"max=16"`
	Status string `query:"status" json:"-" validate:"omitempty,numeric"`
	Path   string `query:"path"   json:"-" validate:"max=200"`
	Since  string `query:"since"  json:"-" validate:"max=64"`
	Until  string `query:"until"  json:"-" validate:"max=64"`
}

// Module serves the API log in d at [ShowPath], like django-petra's
// show-api-logs: GET /hello-petra/api/show-api-logs?cursor=&per_page=
// answers a [db.CursorPage] of [Entry], newest first, filtered by method,
// status, path (a prefix), since and until. Pages are linked by cursors
// signed with cursorKey (see [db.DeriveKey]), so they cost the same however
// deep the log; a cursor altered or signed with another key is a 400.
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
		lq, err := entryList.Parse(r.QueryValues())
		if err != nil {
			return petra.Fail(err)
		}
		page, err := db.SelectCursor[Entry](r.Context(), d, lq, listQuery, nil, cursorKey, q.Cursor, params.PerPage)
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
