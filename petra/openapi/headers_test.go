package openapi_test

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"

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
		petra.Get("orders/<int:pk>", view).
			Returns(petra.Schema[Item](), status.HTTP_200_OK,
				petra.OptionalHeader[time.Time]("Last-Modified", "When the order last changed, if known"),
				petra.Header[*time.Time]("Expires", "When to ask again")).
			Fails(status.HTTP_409_CONFLICT, status.HTTP_405_METHOD_NOT_ALLOWED).
			FailsWith(status.HTTP_423_LOCKED, petra.Header[int]("Retry-After", "How many seconds the packing takes")),
		petra.Put("orders/<int:pk>", view).Permission(petra.IsAuthenticated),
		petra.Delete("orders/<int:pk>", view).Permission(petra.IsAuthenticated).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).
			FailsWith(status.HTTP_401_UNAUTHORIZED, petra.OptionalHeader[string]("X-Login-Hint", "The account to log in as")).
			FailsWith(status.HTTP_429_TOO_MANY_REQUESTS, petra.Header[int]("Retry-After", "Always sent: how many seconds to wait")),
	}})
	data, err := json.Marshal(openapi.Build(app, openapi.Config{Middleware: rateLimited}))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

// The challenge petra sends with every 401.
const wwwAuthenticate = `"WWW-Authenticate":{"description":"The challenge: send an access token as \"Authorization: Bearer <token>\"; error says why one was refused (RFC 6750)","required":true,"schema":{"type":"string"}}`

func TestResponseHeaders(t *testing.T) {
	doc := headersDoc(t)
	tests := []struct {
		name, path, method, code string
		want                     string // the response's headers; "" for none
	}{
		{"a URL and a string", "/api/v1/shop/orders/", "post", "201", `{
			"Location":{"description":"The URL of the new order","required":true,"schema":{"type":"string","format":"uri-reference"}},
			"ETag":{"description":"The order's version","required":true,"schema":{"type":"string"}}}`},
		{"each answer its own, a pointer as its element", "/api/v1/shop/orders/", "post", "202", `{
			"Location":{"description":"Where to ask how the order goes","required":true,"schema":{"type":"string","format":"uri-reference"}}}`},
		{"none declared", "/api/v1/shop/orders/", "post", "204", ""},
		{"a number and a boolean", "/api/v1/shop/orders/", "get", "200", `{
			"X-Total-Count":{"description":"How many orders there are","required":true,"schema":{"type":"integer","format":"int64"}},
			"X-Partial":{"description":"Whether some orders are left out","required":true,"schema":{"type":"boolean"}}}`},
		{"an optional header, and times as HTTP dates", "/api/v1/shop/orders/{pk}", "get", "200", `{
			"Last-Modified":{"description":"When the order last changed, if known","required":false,"schema":{"type":"string","format":"http-date"}},
			"Expires":{"description":"When to ask again","required":true,"schema":{"type":"string","format":"http-date"}}}`},
		{"a petra error without headers", "/api/v1/shop/orders/", "post", "500", ""},
		{"an error the view declares with headers", "/api/v1/shop/orders/{pk}", "get", "423", `{
			"Retry-After":{"description":"How many seconds the packing takes","required":true,"schema":{"type":"integer","format":"int64"}}}`},
		{"petra's headers and the view's", "/api/v1/shop/orders/{pk}", "delete", "401", `{` + wwwAuthenticate + `,
			"X-Login-Hint":{"description":"The account to log in as","required":false,"schema":{"type":"string"}}}`},
		// The view's header replaces petra's of its name, but the 429 may be
		// the rate limit's too, which may leave it out.
		{"the view's header, merged with the middleware's", "/api/v1/shop/orders/{pk}", "delete", "429", `{
			"Retry-After":{"description":"Always sent: how many seconds to wait","required":false,"schema":{"type":"integer","format":"int64"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := at(t, doc, "paths", tt.path, tt.method, "responses", tt.code).(map[string]any)
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

// An error answer a route declares with headers is its own response: the
// shared one's description, the envelope, and the headers.
func TestErrorResponseWithHeaders(t *testing.T) {
	doc := headersDoc(t)
	tests := []struct {
		code, want string
	}{
		{"423", `{"description":"Locked (423)",
			"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}}`},
		{"401", `{"description":"Authentication credentials were not provided or are invalid.",
			"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			res := at(t, doc, "paths", "/api/v1/shop/orders/{pk}", map[string]string{"423": "get", "401": "delete"}[tt.code],
				"responses", tt.code).(map[string]any)
			assert.Contains(t, res, "headers")
			delete(res, "headers")
			assert.Equal(t, jsonOf(t, tt.want), res)
		})
	}
}

// The shared error responses list the headers petra sends with every such
// answer (petra.ErrorHeaders).
func TestSharedErrorHeaders(t *testing.T) {
	doc := headersDoc(t)
	tests := []struct {
		name, want string // the headers; "" for none
	}{
		{"Unauthorized", `{` + wwwAuthenticate + `}`},
		{"MethodNotAllowed", `{"Allow":{"description":"The methods the path answers, comma-separated","required":true,"schema":{"type":"string"}}}`},
		{"TooManyRequests", `{"Retry-After":{"description":"How many seconds to wait before the next request","required":false,"schema":{"type":"integer","format":"int64"}}}`},
		{"NotFound", ""},
		{"InternalServerError", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := at(t, doc, "components", "responses", tt.name).(map[string]any)
			if tt.want == "" {
				assert.NotContains(t, res, "headers")
				return
			}
			assert.Equal(t, jsonOf(t, tt.want), res["headers"])
		})
	}
	assert.Equal(t, "#/components/responses/MethodNotAllowed",
		at(t, doc, "paths", "/api/v1/shop/orders/{pk}", "get", "responses", "405", "$ref"),
		"an error answer the route declares without headers refers to the shared one")
}
