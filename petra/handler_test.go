package petra

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		code           int
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
			rec := do(t, app, tt.method, tt.target, nil)
			require.Equal(t, tt.code, rec.Code, rec.Body.String())
			if tt.body == "" {
				assert.Empty(t, rec.Body.String())
			} else {
				assert.JSONEq(t, tt.body, rec.Body.String())
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
			rec := do(t, app, method, target, nil)
			assert.Equal(t, http.StatusOK, rec.Code, "no redirect: %s", rec.Body)
			assert.Empty(t, rec.Header().Get("Location"))
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
			rec := do(t, app, tt.method, tt.target, nil)
			require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
			assert.Equal(t, tt.allow, rec.Header().Get("Allow"))
			if tt.method == http.MethodHead {
				assert.Empty(t, rec.Body.String())
				return
			}
			assert.JSONEq(t, `{"success":false,"message":"Method not allowed"}`, rec.Body.String())
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
			rec := do(t, app, http.MethodOptions, tt.target, nil)
			require.Equal(t, http.StatusNoContent, rec.Code)
			assert.Equal(t, tt.allow, rec.Header().Get("Allow"))
			assert.Empty(t, rec.Body.String())
			assert.Empty(t, rec.Header().Get("Content-Type"))
		})
	}
	rec := do(t, app, http.MethodOptions, "/api/v1/m/items/x", nil)
	assert.Equal(t, http.StatusNotFound, rec.Code, "a value its converter refuses is not the path")
}

func TestHeadIsServedByGet(t *testing.T) {
	app := methodsApp()
	get := do(t, app, http.MethodGet, "/api/v1/m/items/7", nil)
	head := do(t, app, http.MethodHead, "/api/v1/m/items/7", nil)
	require.Equal(t, http.StatusOK, head.Code)
	assert.Empty(t, head.Body.String())
	assert.Equal(t, "application/json", head.Header().Get("Content-Type"))
	assert.Equal(t, get.Header().Get("Content-Length"), head.Header().Get("Content-Length"))
	assert.Equal(t, "10", head.Header().Get("Content-Length"), `the length of "retrieve"`)

	rec := do(t, app, http.MethodHead, "/api/v1/m/nowhere", nil)
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Empty(t, rec.Body.String())
}

func TestDeclaredHeadAndOptionsWin(t *testing.T) {
	app := methodsApp()
	rec := do(t, app, http.MethodHead, "/api/v1/m/probe", nil)
	assert.Equal(t, "head", rec.Header().Get("X-Probe"))
	rec = do(t, app, http.MethodOptions, "/api/v1/m/probe", nil)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "options", rec.Header().Get("X-Probe"))
	rec = do(t, app, http.MethodPost, "/api/v1/m/probe", nil)
	assert.Equal(t, "GET, HEAD, OPTIONS", rec.Header().Get("Allow"))
}

func TestRoutesOfOnePathAcrossModules(t *testing.T) {
	app := newApp()
	app.Mount(
		Module{Name: "a", Path: "/shared", Routes: []Route{Get("items/<int:id>", reply("a"))}},
		Module{Name: "b", Path: "/shared", Routes: []Route{Post("items/<int:id>/", reply("b"))}},
	)
	assert.JSONEq(t, `"a"`, do(t, app, http.MethodGet, "/shared/items/1", nil).Body.String())
	assert.JSONEq(t, `"b"`, do(t, app, http.MethodPost, "/shared/items/1", nil).Body.String())
	assert.Equal(t, http.StatusNotFound, do(t, app, http.MethodPost, "/shared/items/x", nil).Code)
}

func TestPathsSharingAPrefixKeepTheirNames(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("u/{id}/x", func(r *Request) Result { return Response(r.PathParam("id")) }),
		Get("u/{pk}/y", func(r *Request) Result { return Response(r.PathParam("pk")) }),
	}})
	assert.JSONEq(t, `"1"`, do(t, app, http.MethodGet, "/api/v1/m/u/1/x", nil).Body.String())
	assert.JSONEq(t, `"2"`, do(t, app, http.MethodGet, "/api/v1/m/u/2/y", nil).Body.String())
}

func TestMethodsChiDoesNotKnow(t *testing.T) {
	app := methodsApp()
	tests := []struct {
		method, target string
		code           int
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
			rec := do(t, app, tt.method, tt.target, nil)
			assert.Equal(t, tt.code, rec.Code, rec.Body.String())
			assert.Equal(t, tt.allow, rec.Header().Get("Allow"))
		})
	}
}

func TestOtherMethodSeesPathParams(t *testing.T) {
	app := newApp()
	app.Mount(Module{Name: "m", Routes: []Route{Method("REPORT", "items/<int:id>", func(r *Request) Result {
		return Response(map[string]string{"id": r.PathParam("id"), "value": r.PathValue("id"), "pattern": r.Pattern})
	})}})
	rec := do(t, app, "REPORT", "/api/v1/m/items/42", nil)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"id":"42","value":"42","pattern":"/api/v1/m/items/{id}"}`, rec.Body.String())
	assert.Equal(t, http.StatusNotFound, do(t, app, "REPORT", "/api/v1/m/items/x", nil).Code)
}
