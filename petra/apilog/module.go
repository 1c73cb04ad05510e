package apilog

import (
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
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

// listQuery lists the log newest first.
const listQuery = `SELECT uuid, created, method, path, query, status, duration_us, client_ip,
	request_id, user_id, request_body, response_body, request_size, response_size
FROM petra_api_logs
ORDER BY created DESC, uuid DESC`

// Module serves the API log in d at [ShowPath], like django-petra's
// show-api-logs: GET /hello-petra/api/show-api-logs?page=&per_page= answers
// a [petra.Page] of [Entry], newest first.
//
// The log holds request bodies and client addresses, so the route is
// guarded by perms; with none it requires an authenticated principal
// ([petra.IsAuthenticated]). Pass petra.AllowAny to open it, in development
// only.
func Module(d *db.DB, perms ...petra.Permission) petra.Module {
	if len(perms) == 0 {
		perms = []petra.Permission{petra.IsAuthenticated}
	}
	show := func(r *petra.Request) petra.Result {
		params, err := r.PageParams()
		if err != nil {
			return petra.Fail(err)
		}
		entries, total, err := db.SelectPage[Entry](r.Context(), d, listQuery, nil, params.Page, params.PerPage)
		if err != nil {
			return petra.Fail(err)
		}
		return petra.Response(petra.NewPage(r, params, entries, total))
	}
	return petra.Module{Name: "apilog", Path: "/hello-petra/api", Routes: []petra.Route{
		petra.Get("show-api-logs", show).Named("hello-petra:show_api_logs").Permission(perms...),
	}}
}
