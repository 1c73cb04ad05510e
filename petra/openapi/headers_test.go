package openapi_test

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/status"
)

// headersDoc is the document of routes whose answers declare headers.
func headersDoc(t *testing.T) map[string]any {
	t.Helper()
	view := func(*petra.Request) petra.Result { return petra.Response(nil) }
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Post("orders/", view).
			Returns(petra.Schema[Item](), status.HTTP_201_CREATED,
				petra.Header[url.URL]("Location", "The URL of the new order"),
				petra.Header[string]("ETag", "The order's version")).
			Returns(petra.NoBody, status.HTTP_202_ACCEPTED,
				petra.Header[*url.URL]("Location", "Where to ask how the order goes")).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT),
		petra.Get("orders/", view).
			Returns(petra.Schema[[]Item](), status.HTTP_200_OK,
				petra.Header[int]("X-Total-Count", "How many orders there are"),
				petra.Header[bool]("X-Partial", "Whether some orders are left out")),
	}})
	data, err := json.Marshal(openapi.Build(app, openapi.Config{}))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

func TestResponseHeaders(t *testing.T) {
	doc := headersDoc(t)
	tests := []struct {
		name, method, code string
		want               string // the response's headers; "" for none
	}{
		{"a URL and a string", "post", "201", `{
			"Location":{"description":"The URL of the new order","required":true,"schema":{"type":"string","format":"uri-reference"}},
			"ETag":{"description":"The order's version","required":true,"schema":{"type":"string"}}}`},
		{"each answer its own, a pointer as its element", "post", "202", `{
			"Location":{"description":"Where to ask how the order goes","required":true,"schema":{"type":"string","format":"uri-reference"}}}`},
		{"none declared", "post", "204", ""},
		{"a number and a boolean", "get", "200", `{
			"X-Total-Count":{"description":"How many orders there are","required":true,"schema":{"type":"integer","format":"int64"}},
			"X-Partial":{"description":"Whether some orders are left out","required":true,"schema":{"type":"boolean"}}}`},
		{"error answers have none", "post", "500", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := at(t, doc, "paths", "/api/v1/shop/orders/", tt.method, "responses", tt.code).(map[string]any)
			if tt.want == "" {
				assert.NotContains(t, res, "headers")
				return
			}
			assert.Equal(t, jsonOf(t, tt.want), res["headers"])
		})
	}
	assert.Equal(t, "#/components/schemas/Item",
		at(t, doc, "paths", "/api/v1/shop/orders/", "post", "responses", "201", "content", "application/json", "schema", "$ref"),
		"the body is documented beside its headers")
}
