package apilog_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/middleware"
)

// loginForm is a login's form, as the example app's, with the rules that
// make a validation message under errors.password.
type loginForm struct {
	Email    string `json:"email"    validate:"required,email"`
	Password string `json:"password" validate:"required,min=8"`
}

// cleanedLogin is loginForm with a Clean that words a message of its own
// from the submitted password, as an application may.
type cleanedLogin struct{ loginForm }

// Clean refuses a password it quotes, and says whose token it refused.
func (f *cleanedLogin) Clean(r *petra.Request) error {
	if strings.HasPrefix(f.Password, "quote") {
		return petra.Invalid("password", "The password "+strings.ToUpper(f.Password)+" is too common")
	}
	if token, ok := strings.CutPrefix(r.Header.Get("X-Token"), "Opaque "); ok {
		return petra.Invalid("token", "The token "+token+" is not accepted")
	}
	return nil
}

// loginModule answers at /api/v1/login/: POST plain/ validates a loginForm,
// POST cleaned/ a cleanedLogin, GET reset/ the query's token, and GET
// errors/ answers an object with errors that is not petra's envelope.
func loginModule() petra.Module {
	ok := func(*petra.Request) petra.Result { return petra.Response(map[string]bool{"ok": true}) }
	return petra.Module{Name: "login", Routes: []petra.Route{
		petra.Post("plain/", dto.Form(func(r *petra.Request, _ *loginForm) petra.Result { return ok(r) })),
		petra.Post("cleaned/", dto.Form(func(r *petra.Request, _ *cleanedLogin) petra.Result { return ok(r) })),
		petra.Get("reset/", func(r *petra.Request) petra.Result {
			return petra.Fail(petra.Invalid("reset_token", "The reset_token "+r.Query("reset_token")+" has expired"))
		}),
		petra.Get("errors/", func(r *petra.Request) petra.Result {
			return petra.Response(map[string]any{"errors": map[string]any{"token": "minted-secret"}}, http.StatusBadRequest)
		}),
	}}
}

// TestErrorMessagesReadable checks that the messages under errors in
// petra's error envelope stay readable in the log when they hold none of
// the request's secrets, and are redacted when they do, or when the log
// cannot know the request's secrets.
func TestErrorMessagesReadable(t *testing.T) {
	const login = "/api/v1/login/"
	envelope := func(errors string) string {
		return `{"success":false,"message":"The given data was invalid","errors":{` + errors + `}}`
	}
	tests := []struct {
		name    string
		maxBody int64
		req     request
		reqBody string // "-" to skip the check
		resBody string
	}{
		{"a required password", 0, request{method: "POST", target: login + "plain/", contentType: "application/json", body: `{"email":"ann@x.io"}`},
			`{"email":"ann@x.io"}`, envelope(`"password":["The password field is required"]`)},
		{"an empty password", 0, request{method: "POST", target: login + "plain/", contentType: "application/json", body: `{"email":"ann@x.io","password":""}`},
			`{"email":"ann@x.io","password":"[redacted]"}`, envelope(`"password":["The password field is required"]`)},
		{"a short password", 0, request{method: "POST", target: login + "plain/", contentType: "application/json", body: `{"email":"ann@x.io","password":"sec-1"}`},
			`{"email":"ann@x.io","password":"[redacted]"}`, envelope(`"password":["The password must be at least 8 characters"]`)},
		{"urlencoded", 0, request{method: "POST", target: login + "plain/", contentType: "application/x-www-form-urlencoded", body: "email=ann%40x.io&password=sec-1"},
			"email=ann%40x.io&password=[redacted]", envelope(`"password":["The password must be at least 8 characters"]`)},
		{"a message that quotes the password", 0, request{method: "POST", target: login + "cleaned/", contentType: "application/json", body: `{"email":"ann@x.io","password":"quote-sec-1"}`},
			`{"email":"ann@x.io","password":"[redacted]"}`, envelope(`"password":["[redacted]"]`)},
		{"a message that quotes a header's token", 0, request{method: "POST", target: login + "cleaned/", contentType: "application/json",
			body: `{"email":"ann@x.io","password":"long-enough"}`, header: []string{"X-Token", "Opaque sec-2"}},
			"-", envelope(`"token":["[redacted]"]`)},
		{"a message that quotes the query's token", 0, request{method: "GET", target: login + "reset/?reset_token=sec-3"},
			"", envelope(`"reset_token":["[redacted]"]`)},
		{"a request body cut before its end", 128, request{method: "POST", target: login + "plain/", contentType: "application/json",
			body: `{"email":"ann@x.io","note":"` + strings.Repeat("n", 128) + `","password":"sec-1"}`},
			"-", envelope(`"password":"[redacted]"`)},
		{"not petra's envelope", 0, request{method: "GET", target: login + "errors/"},
			"", `{"errors":{"token":"[redacted]"}}`},
	}
	for _, drv := range dbtest.Drivers() {
		t.Run(drv, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					d := openDB(t, drv)
					l, _ := newLogger(t, d, apilog.Options{MaxBody: tt.maxBody})
					app := petra.New()
					app.Use(middleware.RequestID, l.Middleware)
					app.Mount(loginModule())
					send(t, app, tt.req)
					closeLogger(t, l)
					got := entries(t, d)
					require.Len(t, got, 1)
					if tt.reqBody != "-" {
						assert.Equal(t, tt.reqBody, got[0].RequestBody)
					}
					assert.Equal(t, tt.resBody, got[0].ResponseBody)
					for _, field := range []string{got[0].Query, got[0].RequestBody, got[0].ResponseBody} {
						assert.NotContains(t, strings.ToLower(field), "sec-")
						assert.NotContains(t, field, "minted")
					}
				})
			}
		})
	}
}
