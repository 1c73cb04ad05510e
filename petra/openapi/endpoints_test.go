package openapi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/openapi/openapitest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// petra's own endpoints document what they answer, and keep to it.
func TestProjectEndpoints(t *testing.T) {
	app := petra.New()
	doc := openapi.Build(app, openapi.Config{})
	c := petratest.New(t, app).WithCheck(openapitest.Check(t, app, openapi.Config{}))
	tests := []struct{ path, schema string }{
		{"/hello-petra/status", "#/components/schemas/ProjectStatus"},
		{"/hello-petra/api/show-routes", "#/components/schemas/RouteList"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			require.Contains(t, doc.Paths, tt.path)
			ok := doc.Paths[tt.path].Get.Responses["200"]
			require.NotNil(t, ok.Content["application/json"], "the answer's body is documented")
			assert.Equal(t, tt.schema, ok.Content["application/json"].Schema.Ref)
			c.Get(tt.path).AssertStatus(200)
		})
	}
}

// A view that answers a page, counted or not, reads ?page= and ?per_page=.
func TestPageParameters(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Get("counted/", func(*petra.Request) petra.Result { return petra.Response(nil) }).
			Returns(petra.Schema[petra.Page[Item]](), status.HTTP_200_OK),
		petra.Get("uncounted/", func(*petra.Request) petra.Result { return petra.Response(nil) }).
			Returns(petra.Schema[petra.UncountedPage[Item]](), status.HTTP_200_OK),
	}})
	doc := openapi.Build(app, openapi.Config{})
	for _, path := range []string{"/api/v1/shop/counted/", "/api/v1/shop/uncounted/"} {
		t.Run(path, func(t *testing.T) {
			op := doc.Paths[path].Get
			var names []string
			for _, p := range op.Parameters {
				names = append(names, p.In+":"+p.Name)
			}
			assert.Equal(t, []string{"query:page", "query:per_page"}, names)
			assert.Contains(t, op.Responses, "400", "a bad page is refused")
		})
	}
}
