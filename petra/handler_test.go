package petra

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// methodsApp serves several methods on a few paths, each view answering its name.
func methodsApp() *App {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("items/", reply("list")),
		Post("items/", reply("create")),
		Get("items/<int:id>", reply("retrieve")),
		Put("items/<int:id>", reply("update")),
		Patch("items/<int:id>", reply("partial")),
		Delete("items/<int:id>", func(*Request) Result { return Response(nil, status.HTTP_204_NO_CONTENT) }),
		Post("upload", reply("upload")),
		Method("PURGE", "cache", reply("purged")),
		Get("probe", reply("probe")),
		Head("probe", func(r *Request) Result { return Response(nil).WithHeader("X-Probe", "head") }),
		Options("probe", func(*Request) Result { return Response(nil, status.HTTP_200_OK).WithHeader("X-Probe", "options") }),
	}})
	return app
}

func TestSeveralMethodsOnOnePath(t *testing.T) {
	app := methodsApp()
	tests := []struct {
		method, target string
		code           status.Code
		body           string
	}{
		{http.MethodGet, "/api/v1/m/items/", http.StatusOK, `"list"`},
		{http.MethodPost, "/api/v1/m/items/", http.StatusOK, `"create"`},
		{http.MethodGet, "/api/v1/m/items/7", http.StatusOK, `"retrieve"`},
		{http.MethodPut, "/api/v1/m/items/7", http.StatusOK, `"update"`},
		{http.MethodPatch, "/api/v1/m/items/7", http.StatusOK, `"partial"`},
		{http.MethodDelete, "/api/v1/m/items/7", http.StatusNoContent, ``},
		{"PURGE", "/api/v1/m/cache", http.StatusOK, `"purged"`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res := petratest.New(t, app).Send(tt.method, tt.target, "", nil)
			if tt.body == "" {
				assert.Empty(t, res.AssertStatus(tt.code).Body())
			} else {
				res.AssertJSON(tt.code, tt.body)
			}
		})
	}
}

func TestTrailingSlashIsOptional(t *testing.T) {
	app := methodsApp()
	for _, target := range []string{"/api/v1/m/items", "/api/v1/m/items/", "/api/v1/m/items/7", "/api/v1/m/items/7/", "/api/v1/m/upload/", "/api/v1/m/upload"} {
		t.Run(target, func(t *testing.T) {
			method := http.MethodGet
			if strings.Contains(target, "upload") {
				method = http.MethodPost
			}
			res := petratest.New(t, app).Send(method, target, "", nil)
			assert.Equal(t, status.HTTP_200_OK, res.Code(), "no redirect: %s", res.Body())
			assert.Empty(t, res.Header().Get("Location"))
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	app := methodsApp()
	tests := []struct {
		method, target, allow string
	}{
		{http.MethodDelete, "/api/v1/m/items/", "GET, HEAD, OPTIONS, POST"},
		{http.MethodPost, "/api/v1/m/items/7", "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"},
		{http.MethodGet, "/api/v1/m/upload", "OPTIONS, POST"},
		{http.MethodHead, "/api/v1/m/upload", "OPTIONS, POST"},
		{http.MethodGet, "/api/v1/m/cache", "OPTIONS, PURGE"},
		{http.MethodPut, "/hello-petra/status", "GET, HEAD, OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res := petratest.New(t, app).Send(tt.method, tt.target, "", nil).AssertStatus(status.HTTP_405_METHOD_NOT_ALLOWED)
			assert.Equal(t, tt.allow, res.Header().Get("Allow"))
			if tt.method == http.MethodHead {
				assert.Empty(t, res.Body())
				return
			}
			res.AssertError(status.HTTP_405_METHOD_NOT_ALLOWED, "Method not allowed")
		})
	}
}

func TestOptionsAnswersAllow(t *testing.T) {
	app := methodsApp()
	tests := []struct{ target, allow string }{
		{"/api/v1/m/items/", "GET, HEAD, OPTIONS, POST"},
		{"/api/v1/m/items/3", "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"},
		{"/api/v1/m/upload", "OPTIONS, POST"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res := petratest.New(t, app).Send(http.MethodOptions, tt.target, "", nil).AssertStatus(status.HTTP_204_NO_CONTENT)
			assert.Equal(t, tt.allow, res.Header().Get("Allow"))
			assert.Empty(t, res.Body())
			assert.Empty(t, res.Header().Get("Content-Type"))
		})
	}
	assert.Equal(t, status.HTTP_404_NOT_FOUND, petratest.New(t, app).Send(http.MethodOptions, "/api/v1/m/items/x", "", nil).Code(),
		"a value its converter refuses is not the path")
}

func TestHeadIsServedByGet(t *testing.T) {
	c := petratest.New(t, methodsApp())
	get := c.Get("/api/v1/m/items/7")
	head := c.Send(http.MethodHead, "/api/v1/m/items/7", "", nil).AssertStatus(status.HTTP_200_OK)
	assert.Empty(t, head.Body())
	assert.Equal(t, "application/json", head.Header().Get("Content-Type"))
	assert.Equal(t, "10", head.Header().Get("Content-Length"), `the length of GET's "retrieve"`)
	assert.Equal(t, `"retrieve"`, get.Body())

	assert.Empty(t, c.Send(http.MethodHead, "/api/v1/m/nowhere", "", nil).AssertStatus(status.HTTP_404_NOT_FOUND).Body())
}

func TestDeclaredHeadAndOptionsWin(t *testing.T) {
	c := petratest.New(t, methodsApp())
	assert.Equal(t, "head", c.Send(http.MethodHead, "/api/v1/m/probe", "", nil).Header().Get("X-Probe"))
	res := c.Send(http.MethodOptions, "/api/v1/m/probe", "", nil).AssertStatus(status.HTTP_200_OK)
	assert.Equal(t, "options", res.Header().Get("X-Probe"))
	assert.Equal(t, "GET, HEAD, OPTIONS", c.Send(http.MethodPost, "/api/v1/m/probe", "", nil).Header().Get("Allow"))
}

func TestRoutesOfOnePathAcrossModules(t *testing.T) {
	app := newApp()
	app.Mount(
		Module{Name: "a", Path: "/shared", Routes: []Route{Get("items/<int:id>", reply("a"))}},
		Module{Name: "b", Path: "/shared", Routes: []Route{Post("items/<int:id>/", reply("b"))}},
	)
	c := petratest.New(t, app)
	assert.JSONEq(t, `"a"`, c.Get("/shared/items/1").Body())
	assert.JSONEq(t, `"b"`, c.Send(http.MethodPost, "/shared/items/1", "", nil).Body())
	assert.Equal(t, status.HTTP_404_NOT_FOUND, c.Send(http.MethodPost, "/shared/items/x", "", nil).Code())
}

func TestPathsSharingAPrefixKeepTheirNames(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("u/{id}/x", func(r *Request) Result { return Response(r.PathParam("id")) }),
		Get("u/{pk}/y", func(r *Request) Result { return Response(r.PathParam("pk")) }),
	}})
	c := petratest.New(t, app)
	assert.JSONEq(t, `"1"`, c.Get("/api/v1/m/u/1/x").Body())
	assert.JSONEq(t, `"2"`, c.Get("/api/v1/m/u/2/y").Body())
}

func TestMethodsChiDoesNotKnow(t *testing.T) {
	app := methodsApp()
	tests := []struct {
		method, target string
		code           status.Code
		allow          string
	}{
		{"PURGE", "/api/v1/m/cache/", http.StatusOK, ""},
		{"PURGE", "/api/v1/m/items/3", http.StatusMethodNotAllowed, "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"},
		{"FROB", "/api/v1/m/cache", http.StatusMethodNotAllowed, "OPTIONS, PURGE"},
		{"FROB", "/api/v1/m/items/x", http.StatusNotFound, ""},
		{"FROB", "/nowhere", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res := petratest.New(t, app).Send(tt.method, tt.target, "", nil)
			assert.Equal(t, tt.code, res.Code(), res.Body())
			assert.Equal(t, tt.allow, res.Header().Get("Allow"))
		})
	}
}

func TestOtherMethodSeesPathParams(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{Method("REPORT", "items/<int:id>", func(r *Request) Result {
		return Response(map[string]string{"id": r.PathParam("id"), "value": r.PathValue("id"), "pattern": r.Pattern})
	})}})
	c := petratest.New(t, app)
	c.Send("REPORT", "/api/v1/m/items/42", "", nil).
		AssertJSON(status.HTTP_200_OK, `{"id":"42","value":"42","pattern":"/api/v1/m/items/{id}"}`)
	assert.Equal(t, status.HTTP_404_NOT_FOUND, c.Send("REPORT", "/api/v1/m/items/x", "", nil).Code())
}

// TestBodyLimitOnAnyMethod: a body over the limit is refused, before the
// view, on a route of any method, one that reads no body too, as the
// OpenAPI document says (413 on every route with a limit); RFC 9110 lets a
// server refuse content it did not ask for.
func TestBodyLimitOnAnyMethod(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodDelete, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			ran := false
			view := func(*Request) Result { ran = true; return Response(nil) }
			req := httptest.NewRequest(method, "/x", strings.NewReader(`{"a":"12345"}`))
			res := serveView(t, newRoute(method, "x", view).BodyLimit(10), req)
			res.AssertError(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "The request body is too large")
			assert.False(t, ran, "the view does not run")
		})
	}
}
