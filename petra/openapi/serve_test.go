package openapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestServe(t *testing.T) {
	app := petra.New()
	app.Mount(openapi.Module(app, openapi.Config{Title: "Shop"}))
	// Mounted after the docs: the document is built on first use, so it lists it.
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Get("ping/", func(*petra.Request) petra.Result { return petra.Response(nil) }),
	}})
	c := petratest.New(t, app)

	res := c.Get("/openapi.json").AssertStatus(status.HTTP_200_OK)
	assert.Equal(t, "application/json", res.Header().Get("Content-Type"))
	doc := petratest.Decode[map[string]any](res)
	assert.Equal(t, "3.1.0", doc["openapi"])
	assert.Contains(t, doc["paths"], "/api/v1/shop/ping/")

	res = c.Get("/openapi.yaml").AssertStatus(status.HTTP_200_OK)
	var fromYAML map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(res.Body()), &fromYAML))
	assert.Equal(t, "Shop", fromYAML["info"].(map[string]any)["title"])
	assert.Contains(t, fromYAML["paths"], "/api/v1/shop/ping/")
	assert.Contains(t, res.Body(), `"200":`, "status keys stay strings")

	res = c.Get("/docs").AssertStatus(status.HTTP_200_OK)
	assert.Contains(t, res.Body(), `src="/docs/assets/swagger-ui-bundle.js"`)
	assert.Contains(t, res.Body(), `url: "/openapi.json"`)
	assert.Contains(t, res.Header().Get("Content-Security-Policy"), "default-src 'self'")

	res = c.Get("/docs/assets/swagger-ui-bundle.js").AssertStatus(status.HTTP_200_OK)
	assert.Equal(t, "text/javascript; charset=utf-8", res.Header().Get("Content-Type"))
	assert.Greater(t, len(res.Body()), 100_000)
	c.Get("/docs/assets/swagger-ui.css").AssertStatus(status.HTTP_200_OK)
	c.Get("/docs/assets/nothing.js").AssertError(status.HTTP_404_NOT_FOUND, "Not found")

	// show-routes names each view by a method a reader finds in the code.
	routes := petratest.Decode[petra.RouteList](c.Get("/hello-petra/api/show-routes"))
	views := map[string]string{}
	for _, r := range routes.Routes {
		if strings.HasPrefix(r.Name, "openapi:") {
			views[r.Name] = r.View
		}
	}
	assert.Equal(t, map[string]string{
		"openapi:json":        "openapi.(*docsViewSet).JSON",
		"openapi:yaml":        "openapi.(*docsViewSet).YAML",
		"openapi:docs":        "openapi.(*docsViewSet).Docs",
		"openapi:docs_assets": "openapi.(*docsViewSet).Asset",
	}, views)
}

func TestHandler(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Get("ping/", func(*petra.Request) petra.Result { return petra.Response(nil) }),
	}})
	h := openapi.Handler(app, openapi.Config{})
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	rec := get("/openapi.json")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `"/api/v1/shop/ping/"`)
	assert.Contains(t, get("/openapi.yaml").Body.String(), "/api/v1/shop/ping/:")
	assert.Contains(t, get("/docs").Body.String(), "SwaggerUIBundle")
	assert.Equal(t, "text/css; charset=utf-8", get("/docs/assets/swagger-ui.css").Header().Get("Content-Type"))
	missing := get("/docs/assets/other.js")
	assert.Equal(t, http.StatusNotFound, missing.Code)
	assert.JSONEq(t, `{"success": false, "message": "Not found"}`, missing.Body.String(), "the error envelope")
}

func TestEncode(t *testing.T) {
	doc := openapi.Build(petra.New(), openapi.Config{})
	data, err := openapi.Encode(doc, "yaml")
	require.NoError(t, err)
	assert.Contains(t, string(data), "openapi: 3.1.0\n")
	_, err = openapi.Encode(doc, "xml")
	assert.EqualError(t, err, `openapi: unknown format "xml" (use json or yaml)`)
}

func ExampleBuild() {
	type Greeting struct {
		Text string `json:"text"`
	}
	app := petra.New(petra.WithShowRoutes(false))
	app.Mount(petra.Module{Name: "hello", Routes: []petra.Route{
		petra.Get("greet/<slug:name>", func(r *petra.Request) petra.Result {
			return petra.Response(Greeting{Text: "Hello " + r.PathParam("name")})
		}).Returns(petra.Schema[Greeting](), status.HTTP_200_OK),
	}})
	app.Mount(openapi.Module(app, openapi.Config{Title: "Hello"}))

	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.yaml", nil))
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `yaml:"operationId"`
		}
	}
	_ = yaml.Unmarshal(rec.Body.Bytes(), &doc)
	fmt.Println(doc.Paths["/api/v1/hello/greet/{name}"]["get"].OperationID != "")
	fmt.Println(len(doc.Paths))
	// Output:
	// true
	// 6
}
