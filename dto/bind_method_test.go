package dto

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// TestFormQueryMethodsIgnoreTheBody checks that GET, HEAD and DELETE bind
// their form from the query string whatever body they carry, and do not read
// it: a body that would be refused (malformed, of an unknown type, too slow or
// too large once read) does not make them fail.
func TestFormQueryMethodsIgnoreTheBody(t *testing.T) {
	app := newApp(t, nil,
		petra.Get("users/", Form(listUsers)).BodyLimit(64),
		petra.Delete("users/", Form(listUsers)).BodyLimit(64))
	const query = "/api/v1/t/users/?name=Ann&email=ann@example.com&age=30"
	const fromQuery = `{"name":"Ann","email":"ann@example.com","age":30}`
	const bob = `{"name":"Bob","email":"bob@example.com","age":40}`
	tests := []struct {
		name, method, contentType, body string
		chunked                         bool // sent without a Content-Length
		want                            status.Code
		wantBody                        string // "" for HEAD
	}{
		{"GET with a JSON body", http.MethodGet, "application/json", bob, false, status.HTTP_200_OK, fromQuery},
		{"GET with an urlencoded body", http.MethodGet, "application/x-www-form-urlencoded",
			"name=Bob&email=bob%40example.com&age=40", false, status.HTTP_200_OK, fromQuery},
		{"GET with malformed JSON", http.MethodGet, "application/json", `{"name":`, false, status.HTTP_200_OK, fromQuery},
		{"GET with a body of an unknown type", http.MethodGet, "text/plain", "Bob", false, status.HTTP_200_OK, fromQuery},
		{"GET with a body past the limit, chunked", http.MethodGet, "application/json",
			`{"name":"` + strings.Repeat("B", 100) + `"}`, true, status.HTTP_200_OK, fromQuery},
		{"HEAD with a JSON body", http.MethodHead, "application/json", `{"name":"Bob"}`, false, status.HTTP_200_OK, ""},
		{"HEAD with malformed JSON", http.MethodHead, "application/json", `{"name":`, false, status.HTTP_200_OK, ""},
		{"DELETE with a JSON body", http.MethodDelete, "application/json", bob, false, status.HTTP_200_OK, fromQuery},
		{"DELETE with a body of an unknown type", http.MethodDelete, "text/plain", "Bob", false, status.HTTP_200_OK, fromQuery},
		// petra refuses a body whose declared length is past the limit on any
		// method, before the view runs.
		{"GET with a Content-Length past the limit", http.MethodGet, "application/json",
			`{"name":"` + strings.Repeat("B", 100) + `"}`, false, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
			`{"success":false,"message":"The request body is too large"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, query, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.contentType)
			if tt.chunked {
				req.Body = io.NopCloser(strings.NewReader(tt.body)) // a length net/http cannot see
				req.ContentLength = -1
				req.TransferEncoding = []string{"chunked"}
			}
			res := petratest.New(t, app).Do(req)
			if tt.wantBody == "" {
				assert.Equal(t, tt.want, res.Code())
				assert.Empty(t, res.Body())
				return
			}
			res.AssertJSON(tt.want, tt.wantBody)
		})
	}
}

// TestFormQueryMethodsLeaveTheBodyToTheView checks that the body a GET form
// ignores is still there, unread, for a view that wants it.
func TestFormQueryMethodsLeaveTheBodyToTheView(t *testing.T) {
	app := newApp(t, nil, petra.Get("echo/", Form(func(r *petra.Request, form *userForm) petra.Result {
		body, err := r.RawBody()
		if err != nil {
			return petra.Fail(err)
		}
		return petra.Response(map[string]any{"name": form.Name, "body": string(body)})
	})))
	petratest.New(t, app).Send(http.MethodGet, "/api/v1/t/echo/?name=Ann&email=ann@example.com&age=30",
		"application/json", strings.NewReader(`{"name":"Bob"}`)).
		AssertJSON(status.HTTP_200_OK, `{"name":"Ann","body":"{\"name\":\"Bob\"}"}`)
}
