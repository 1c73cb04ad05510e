package petra

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// serveView mounts view at /api/v1/t/{route} on a new app and serves req, whose
// target is relative to the module.
func serveView(t *testing.T, route Route, req *http.Request, opts ...Option) *petratest.Response {
	t.Helper()
	app := newApp(opts...)
	app.Mount(Module{Name: "t", Routes: []Route{route}})
	req.URL.Path = "/api/v1/t/" + strings.TrimPrefix(req.URL.Path, "/")
	req.RequestURI = ""
	return petratest.New(t, app).Do(req)
}

func TestPathParams(t *testing.T) {
	view := func(r *Request) Result {
		out := map[string]any{"id": r.PathParam("id"), "rest": r.PathParam("rest"), "missing": r.PathParam("missing")}
		n, err := r.PathInt("id")
		if err != nil {
			return Fail(err)
		}
		out["n"] = n
		return Response(out)
	}
	tests := []struct {
		route, path string
		code        status.Code
		body        string
	}{
		{"a/<int:id>/<path:rest>", "a/12/x/y", 200, `{"id":"12","rest":"x/y","missing":"","n":12}`},
		{"a/{id}", "a/7", 200, `{"id":"7","rest":"","missing":"","n":7}`},
		{"a/{id}", "a/-7", 200, `{"id":"-7","rest":"","missing":"","n":-7}`},
		{"a/{id}", "a/seven", 404, `{"success":false,"message":"Not found"}`},
		{"a/<int:id>", "a/99999999999999999999", 404, `{"success":false,"message":"Not found"}`},
	}
	for _, tt := range tests {
		t.Run(tt.route+" "+tt.path, func(t *testing.T) {
			serveView(t, Get(tt.route, view), httptest.NewRequest(http.MethodGet, "/"+tt.path, nil)).AssertJSON(tt.code, tt.body)
		})
	}
}

func TestQueryHelpers(t *testing.T) {
	view := func(r *Request) Result {
		n, err := r.QueryInt("n", 10)
		if err != nil {
			return Fail(err)
		}
		b, err := r.QueryBool("b", true)
		if err != nil {
			return Fail(err)
		}
		return Response(map[string]any{"q": r.Query("q"), "n": n, "b": b, "all": r.QueryValues()["q"]})
	}
	tests := []struct {
		query string
		code  status.Code
		body  string
	}{
		{"", 200, `{"q":"","n":10,"b":true,"all":null}`},
		{"?q=go&q=chi&n=3&b=false", 200, `{"q":"go","n":3,"b":false,"all":["go","chi"]}`},
		{"?n=&b=", 200, `{"q":"","n":10,"b":true,"all":null}`},
		{"?n=%20-4%20", 200, `{"q":"","n":-4,"b":true,"all":null}`},
		{"?b=0", 200, `{"q":"","n":10,"b":false,"all":null}`},
		{"?b=NO", 200, `{"q":"","n":10,"b":false,"all":null}`},
		{"?b=off", 200, `{"q":"","n":10,"b":false,"all":null}`},
		{"?b=Yes", 200, `{"q":"","n":10,"b":true,"all":null}`},
		{"?b=on", 200, `{"q":"","n":10,"b":true,"all":null}`},
		{"?b=T", 200, `{"q":"","n":10,"b":true,"all":null}`},
		{"?n=ten", 400, `{"success":false,"message":"The given data was invalid","errors":{"n":["The n must be an integer"]}}`},
		{"?n=1.5", 400, `{"success":false,"message":"The given data was invalid","errors":{"n":["The n must be an integer"]}}`},
		{"?n=99999999999999999999", 400, `{"success":false,"message":"The given data was invalid","errors":{"n":["The n must be an integer"]}}`},
		{"?b=maybe", 400, `{"success":false,"message":"The given data was invalid","errors":{"b":["The b must be true or false"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			serveView(t, Get("q", view), httptest.NewRequest(http.MethodGet, "/q"+tt.query, nil)).AssertJSON(tt.code, tt.body)
		})
	}
}

func TestMediaType(t *testing.T) {
	tests := map[string]string{
		"":                                  "",
		"application/json":                  "application/json",
		"Application/JSON; charset=UTF-8":   "application/json",
		" text/plain ;format=flowed":        "text/plain",
		"multipart/form-data; boundary=XyZ": "multipart/form-data",
		"APPLICATION/VND.API+JSON":          "application/vnd.api+json",
	}
	for header, want := range tests {
		req := httptest.NewRequest(http.MethodPost, "/", nil)
		if header != "" {
			req.Header.Set("Content-Type", header)
		}
		assert.Equal(t, want, NewRequest(httptest.NewRecorder(), req).MediaType(), header)
	}
}

func TestRawBodyIsReadableTwice(t *testing.T) {
	view := func(r *Request) Result {
		first, err := r.RawBody()
		if err != nil {
			return Fail(err)
		}
		second, _ := r.RawBody()
		fromBody, err := io.ReadAll(r.Body)
		if err != nil {
			return Fail(err)
		}
		data, err := r.AllData()
		if err != nil {
			return Fail(err)
		}
		return Response(map[string]any{"first": string(first), "second": string(second), "body": string(fromBody), "data": data})
	}
	req := httptest.NewRequest(http.MethodPost, "/raw", strings.NewReader(`{"a":1}`))
	req.Header.Set("Content-Type", "application/json")
	assert.JSONEq(t, `{"first":"{\"a\":1}","second":"{\"a\":1}","body":"{\"a\":1}","data":{"a":1}}`, serveView(t, Post("raw", view), req).Body())
	assert.JSONEq(t, `{"first":"","second":"","body":"","data":{}}`,
		serveView(t, Get("raw", view), httptest.NewRequest(http.MethodGet, "/raw", nil)).Body())
}

// chunked hides the length of r, as a chunked request body does.
type chunked struct{ io.Reader }

func TestBodyLimit(t *testing.T) {
	var called bool
	view := func(r *Request) Result {
		called = true
		data, err := r.AllData()
		if err != nil {
			return Fail(err)
		}
		return Response(data)
	}
	small := `{"a":"12345"}`                            // 13 bytes
	big := `{"a":"` + strings.Repeat("x", 2<<20) + `"}` // over the default limit
	mpBig, mpType := multipartBody(t, part{name: "f", filename: "f.bin", content: strings.Repeat("x", 64)})
	tests := []struct {
		name        string
		route       Route
		opts        []Option
		body        string
		contentType string
		unknownLen  bool
		code        status.Code
		viewRan     bool
	}{
		{"default limit, small", Post("x", view), nil, small, "", false, 200, true},
		{"default limit, known length", Post("x", view), nil, big, "", false, 413, false},
		{"default limit, unknown length", Post("x", view), nil, big, "", true, 413, true},
		{"app limit, known length", Post("x", view), []Option{WithBodyLimit(10)}, small, "", false, 413, false},
		{"app limit, unknown length", Post("x", view), []Option{WithBodyLimit(10)}, small, "", true, 413, true},
		{"app limit, exactly", Post("x", view), []Option{WithBodyLimit(13)}, small, "", true, 200, true},
		{"app without limit", Post("x", view), []Option{WithBodyLimit(-1)}, big, "", false, 200, true},
		{"route limit below app's", Post("x", view).BodyLimit(10), nil, small, "", false, 413, false},
		{"route limit above app's", Post("x", view).BodyLimit(20), []Option{WithBodyLimit(10)}, small, "", true, 200, true},
		{"route without limit", Post("x", view).BodyLimit(-1), []Option{WithBodyLimit(10)}, big, "", true, 200, true},
		{"zero limit", Post("x", view).BodyLimit(0), nil, small, "", false, 413, false},
		{"multipart, unknown length", Post("x", view).BodyLimit(100), nil, mpBig.String(), mpType, true, 413, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called = false
			var body io.Reader = strings.NewReader(tt.body)
			if tt.unknownLen {
				body = chunked{body}
			}
			req := httptest.NewRequest(http.MethodPost, "/x", body)
			req.Header.Set("Content-Type", "application/json")
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			if tt.unknownLen {
				req.ContentLength = -1
			}
			res := serveView(t, tt.route, req, tt.opts...)
			require.Equal(t, tt.code, res.Code(), res.Body()[:min(len(res.Body()), 200)])
			assert.Equal(t, tt.viewRan, called)
			if tt.code == 413 {
				res.AssertError(tt.code, "The request body is too large")
			}
		})
	}
}

func TestNewRequestOutsideAnApp(t *testing.T) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/items?page=2&q=go", strings.NewReader(`{"name":"Ann"}`))
	req.Header.Set("Content-Type", "application/json")
	r := NewRequest(rec, req)
	assert.Same(t, rec, r.ResponseWriter())
	assert.Equal(t, "", r.PathParam("id"))
	_, err := r.PathInt("id")
	assert.Equal(t, ErrNotFound, err)
	assert.Equal(t, "go", r.Query("q"))
	p, err := r.PageParams()
	require.NoError(t, err)
	assert.Equal(t, PageParams{Page: 2, PerPage: 15}, p)
	assert.Equal(t, "Ann", r.Data("name"))
	assert.Nil(t, r.Principal())
	page := NewPage(r, p, []int{1}, 40)
	assert.Equal(t, "/items?page=1&per_page=15&q=go", page.FirstPageURL)

	// With chi's route context, path parameters work too.
	rctx := chi.NewRouteContext()
	rctx.URLParams.Add("id", "9")
	req = httptest.NewRequest(http.MethodGet, "/items/9", nil)
	r = NewRequest(rec, req.WithContext(context.WithValue(req.Context(), chi.RouteCtxKey, rctx)))
	n, err := r.PathInt("id")
	require.NoError(t, err)
	assert.Equal(t, 9, n)
}

// TestRequestLogger checks that a view logs through the app's logger, with
// the request's ID when middleware gave it one, and that the logger adds
// nothing of the request to the record: not its bearer token.
func TestRequestLogger(t *testing.T) {
	const token = "eyJhbGciOiJIUzI1NiJ9.secret-token"
	tests := []struct {
		name      string
		requestID bool // chi's RequestID runs, taking the client's X-Request-ID
		want      map[string]any
	}{
		{"with a request ID", true, map[string]any{"level": "INFO", "msg": "avatar stored", "user": "ann", "request_id": "req-42"}},
		{"without one", false, map[string]any{"level": "INFO", "msg": "avatar stored", "user": "ann"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := petratest.NewLogger()
			app := New(WithLogger(logger))
			if tt.requestID {
				app.Use(middleware.RequestID)
			}
			app.Mount(Module{Name: "t", Routes: []Route{Post("avatar/", func(r *Request) Result {
				r.Logger().Info("avatar stored", slog.String("user", "ann"))
				return Response(nil, status.HTTP_204_NO_CONTENT)
			})}})
			req := httptest.NewRequest(http.MethodPost, "/api/v1/t/avatar/", nil)
			req.Header.Set("X-Request-ID", "req-42")
			req.Header.Set("Authorization", "Bearer "+token)
			petratest.New(t, app).Do(req).AssertStatus(status.HTTP_204_NO_CONTENT)

			records := logs.Records(t)
			require.Len(t, records, 1, logs.String())
			delete(records[0], "time")
			assert.Equal(t, tt.want, records[0])
			assert.NotContains(t, logs.String(), "secret-token")
		})
	}
}

// TestNewRequestLogger checks that a Request built outside an app, with no
// request ID, logs with slog's default logger itself.
func TestNewRequestLogger(t *testing.T) {
	r := NewRequest(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Same(t, slog.Default(), r.Logger())
}
