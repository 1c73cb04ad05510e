package apilog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/middleware"
)

// Example logs a login and reads it back from show-api-logs: the password
// and the token in the answer are redacted, the Authorization header is not
// stored, and the user is the principal the authentication found.
func Example() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", ":memory:")
	if err != nil {
		panic(err)
	}
	defer d.Close()
	if err := d.Migrate(ctx, apilog.Migrations); err != nil {
		panic(err)
	}

	logs := apilog.New(d, apilog.Options{
		User: func(r *http.Request) string {
			name, _ := petra.PrincipalFrom(r.Context()).(string)
			return name
		},
	})
	// A stand-in for auth's bearer-token middleware.
	authenticate := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if name, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
				r = r.WithContext(petra.ContextWithPrincipal(r.Context(), name))
			}
			next.ServeHTTP(w, r)
		})
	}

	app := petra.New()
	app.Use(middleware.RequestID, logs.Middleware, authenticate, logs.Identify)
	app.Mount(petra.Module{Name: "demo", Routes: []petra.Route{
		petra.Post("login/", func(r *petra.Request) petra.Result {
			data, err := r.AllData() // reads the body, which the log sees as it goes
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(map[string]any{"email": data["email"], "access_token": "eyJhbGciOi..."})
		}),
	}})
	app.Mount(apilog.Module(d, db.DeriveKey([]byte("app secret"), "apilog cursor"), petra.IsAuthenticated))

	req := httptest.NewRequest(http.MethodPost, "/api/v1/demo/login/?next=/home",
		strings.NewReader(`{"email":"ann@example.com","password":"S3cret!pw"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer ann")
	app.ServeHTTP(httptest.NewRecorder(), req)

	// At shutdown, after the server has stopped: write what is queued.
	if err := logs.Close(ctx); err != nil {
		panic(err)
	}

	req = httptest.NewRequest(http.MethodGet, "/hello-petra/api/show-api-logs?per_page=10", nil)
	req.Header.Set("Authorization", "Bearer ann")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	var page db.CursorPage[apilog.Entry]
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		panic(err)
	}
	e := page.Data[0]
	fmt.Println(rec.Code, len(page.Data), page.NextCursor == nil)
	fmt.Println(e.Method, e.Path, e.Query, e.Status, e.UserID)
	fmt.Println(e.RequestBody)
	fmt.Println(e.ResponseBody)
	// Output:
	// 200 1 true
	// POST /api/v1/demo/login/ next=/home 200 ann
	// {"email":"ann@example.com","password":"[redacted]"}
	// {"access_token":"[redacted]","email":"ann@example.com"}
}

// ExampleLogger_Stats shows a Logger's counters once Close has written its
// queue. Dropped counts entries discarded because the queue was full, Failed
// those the database did not take.
func ExampleLogger_Stats() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", ":memory:")
	if err != nil {
		panic(err)
	}
	defer d.Close()
	if err := d.Migrate(ctx, apilog.Migrations); err != nil {
		panic(err)
	}
	logs := apilog.New(d, apilog.Options{})
	h := logs.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	for range 3 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	}
	if err := logs.Close(ctx); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", logs.Stats())
	// Output: {Written:3 Dropped:0 Failed:0 Queued:0}
}

// ExampleModule_spanish answers show-api-logs' refusal of a since after its
// until in Spanish, for a client that asks for it: petra.Spanish words the
// API log's messages as it does the rest of petra's.
func ExampleModule_spanish() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", ":memory:")
	if err != nil {
		panic(err)
	}
	defer d.Close()

	app := petra.New(petra.WithCatalog(petra.Spanish))
	app.Mount(apilog.Module(d, db.DeriveKey([]byte("app secret"), "apilog cursor"), petra.AllowAny))

	req := httptest.NewRequest(http.MethodGet, apilog.ShowPath+"?since=2026-01-02&until=2026-01-01", nil)
	req.Header.Set("Accept-Language", "es")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Language"))
	fmt.Println(strings.TrimSpace(rec.Body.String()))
	// Output:
	// 400 es
	// {"success":false,"message":"Los datos proporcionados no son válidos","errors":{"since":["El campo since no debe ser posterior al campo until"]}}
}
