package openapi_test

import (
	"encoding/json"
	"mime/multipart"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/status"
)

// RulesForm has one field per rule the document can say.
type RulesForm struct {
	Name    string   `json:"name" validate:"required,max=20"`
	Code    string   `json:"code" validate:"len=4,alphanum"`
	Email   string   `json:"email" validate:"omitempty,email"`
	Site    string   `json:"site" validate:"omitempty,url"`
	ID      string   `json:"id" validate:"omitempty,uuid"`
	Color   string   `json:"color" validate:"omitempty,oneof=red green"`
	Prefix  string   `json:"prefix" validate:"omitempty,startswith=ab"`
	Age     int      `json:"age" validate:"required,gte=1,lte=150"`
	Score   float64  `json:"score" validate:"gt=0,lt=10"`
	Level   int      `json:"level" validate:"omitempty,oneof=1 2 3"`
	Tags    []string `json:"tags" validate:"min=1,max=5,unique,dive,max=10"`
	Note    *string  `json:"note"`
	Ignored string   `json:"-"`
}

// Address is shared by two forms, so it is one component.
type Address struct {
	City string `json:"city" validate:"required"`
	Zip  string `json:"zip" validate:"omitempty,numeric"`
}

type OrderForm struct {
	Ship  Address     `json:"ship"`
	Bill  *Address    `json:"bill"`
	Items []OrderItem `json:"items" validate:"required,min=1,dive"`
}

// Example is shown in the document with OrderItem's schema.
func (OrderItem) Example() OrderItem { return OrderItem{SKU: "A-1", Qty: 2} }

type OrderItem struct {
	SKU string `json:"sku" validate:"required"`
	Qty int    `json:"qty" validate:"gte=1"`
}

type UploadForm struct {
	Title  string                  `form:"title" json:"title" validate:"required"`
	Avatar *multipart.FileHeader   `form:"avatar"`
	Extras []*multipart.FileHeader `form:"extras"`
}

type SearchForm struct {
	Q    string `form:"q" validate:"required,min=2"`
	Page int    `query:"page" json:"-" validate:"omitempty,gte=1"`
}

type Item struct {
	ID      int       `json:"id"`
	Label   string    `json:"label"`
	Made    time.Time `json:"made"`
	Removed *string   `json:"removed,omitempty"`
}

type views struct{ petra.ViewSet }

func (*views) Rules(*petra.Request, *RulesForm) petra.Result { return petra.Response(nil) }
func (*views) Order(*petra.Request, *OrderForm) petra.Result { return petra.Response(nil) }
func (*views) Again(*petra.Request, *OrderForm) petra.Result { return petra.Response(nil) }
func (*views) Amend(*petra.Request, *dto.Partial[OrderForm]) petra.Result {
	return petra.Response(nil)
}
func (*views) Upload(*petra.Request, *UploadForm) petra.Result { return petra.Response(nil) }
func (*views) Search(*petra.Request, *SearchForm) petra.Result { return petra.Response(nil) }
func (*views) Attach(*petra.Request) petra.Result              { return petra.Response(nil) }
func (*views) List(*petra.Request) petra.Result                { return petra.Response(nil) }
func (*views) Get(*petra.Request) petra.Result                 { return petra.Response(nil) }
func (*views) Remove(*petra.Request) petra.Result              { return petra.Response(nil) }

// isAdmin refuses anonymous requests with 403, so it needs no token to be asked.
func isAdmin(*petra.Request) error { return petra.ErrForbidden }

func testDoc(t *testing.T, cfg openapi.Config) map[string]any {
	t.Helper()
	v := &views{}
	v.SetPermission(petra.IsAuthenticated).Only(v.List, v.Remove)
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: append(v.Routes(
		petra.Post("rules/", dto.Form(v.Rules)),
		petra.Post("orders/", dto.Form(v.Order)).Returns(petra.Schema[Item](), status.HTTP_201_CREATED),
		petra.Put("orders/<int:pk>", dto.Form(v.Again)),
		petra.Patch("orders/<int:pk>", dto.Form(v.Amend)),
		petra.Post("uploads/", dto.Form(v.Upload)),
		petra.Put("items/<int:pk>/attachment", v.Attach).Multipart(petra.Schema[UploadForm]()),
		petra.Get("search/", dto.Form(v.Search)),
		petra.Get("items/", v.List).Returns(petra.Schema[petra.Page[Item]](), status.HTTP_200_OK).Summary("List items").Description("All of them."),
		petra.Get("items/<uuid:id>", v.Get).Returns(petra.Schema[Item](), status.HTTP_200_OK).Fails(status.HTTP_409_CONFLICT),
		petra.Delete("items/<slug:slug>/<str:name>/{n:[0-9]+}", v.Remove).Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).Permission(isAdmin),
	),
		petra.Get("files/<path:rest>", func(*petra.Request) petra.Result { return petra.Response(nil) }).Permission(isAdmin),
	)})
	data, err := json.Marshal(openapi.Build(app, cfg))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

// at walks doc by keys.
func at(t *testing.T, doc any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := doc.(map[string]any)
		require.True(t, ok, "no object at %q in %v", k, keys)
		doc, ok = m[k]
		require.True(t, ok, "no %q in %v", k, keys)
	}
	return doc
}

func jsonOf(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func TestRules(t *testing.T) {
	doc := testDoc(t, openapi.Config{})
	props := at(t, doc, "components", "schemas", "RulesForm", "properties")
	tests := []struct {
		field, want string
	}{
		{"name", `{"type":"string","minLength":1,"maxLength":20,"pattern":"\\S"}`},
		{"code", `{"type":"string","minLength":4,"maxLength":4,"pattern":"^[a-zA-Z0-9]+$"}`},
		{"email", `{"type":"string","format":"idn-email"}`},
		{"site", `{"type":"string","format":"uri"}`},
		{"id", `{"type":"string","format":"uuid"}`},
		{"color", `{"type":"string","enum":["red","green"]}`},
		{"prefix", `{"type":"string","pattern":"^ab"}`},
		{"age", `{"type":"integer","format":"int64","minimum":1,"maximum":150}`},
		{"score", `{"type":"number","format":"double","exclusiveMinimum":0,"exclusiveMaximum":10}`},
		{"level", `{"type":"integer","format":"int64","enum":[1,2,3]}`},
		{"tags", `{"type":"array","minItems":1,"maxItems":5,"uniqueItems":true,"items":{"type":"string","maxLength":10}}`},
		{"note", `{"type":["string","null"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			assert.Equal(t, jsonOf(t, tt.want), at(t, props, tt.field))
		})
	}
	assert.NotContains(t, props, "Ignored")
	assert.Equal(t, []any{"name", "age"}, at(t, doc, "components", "schemas", "RulesForm", "required"),
		"required as Django means it: only the fields whose rules say so")
}

func TestNestedTypesAndLists(t *testing.T) {
	doc := testDoc(t, openapi.Config{})
	schemas := at(t, doc, "components", "schemas")
	assert.Equal(t, jsonOf(t, `{"type":"object","properties":{
		"ship":{"$ref":"#/components/schemas/Address"},
		"bill":{"anyOf":[{"$ref":"#/components/schemas/Address"},{"type":"null"}]},
		"items":{"type":"array","minItems":1,"items":{"$ref":"#/components/schemas/OrderItem"}}},
		"required":["items"]}`), at(t, schemas, "OrderForm"))
	assert.Equal(t, jsonOf(t, `{"type":"object","properties":{
		"city":{"type":"string","minLength":1,"pattern":"\\S"},
		"zip":{"type":"string","pattern":"^[-+]?[0-9]+(?:\\.[0-9]+)?$"}},"required":["city"]}`), at(t, schemas, "Address"))
	assert.Equal(t, jsonOf(t, `{"type":"object","properties":{
		"sku":{"type":"string","minLength":1,"pattern":"\\S"},
		"qty":{"type":"integer","format":"int64","minimum":1}},"required":["sku"],
		"examples":[{"sku":"A-1","qty":2}]}`), at(t, schemas, "OrderItem"), "an Example method gives the example")
	// Two routes bind OrderForm: both refer to the one component.
	for _, path := range []string{"/api/v1/shop/orders/", "/api/v1/shop/orders/{pk}"} {
		method := map[string]string{"/api/v1/shop/orders/": "post", "/api/v1/shop/orders/{pk}": "put"}[path]
		assert.Equal(t, "#/components/schemas/OrderForm",
			at(t, doc, "paths", path, method, "requestBody", "content", "application/json", "schema", "$ref"))
	}
}

// A partial form (PATCH) is its form with no field required; what a field
// holds is sent whole, so nested structs keep their required fields.
func TestPartialForm(t *testing.T) {
	doc := testDoc(t, openapi.Config{})
	body := at(t, doc, "paths", "/api/v1/shop/orders/{pk}", "patch", "requestBody")
	assert.Equal(t, jsonOf(t, `{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/OrderFormPatch"}}}}`), body,
		"the body itself is not required")
	assert.Equal(t, jsonOf(t, `{"type":"object","properties":{
		"ship":{"$ref":"#/components/schemas/Address"},
		"bill":{"anyOf":[{"$ref":"#/components/schemas/Address"},{"type":"null"}]},
		"items":{"type":"array","minItems":1,"items":{"$ref":"#/components/schemas/OrderItem"}}}}`),
		at(t, doc, "components", "schemas", "OrderFormPatch"))
}

func TestResponses(t *testing.T) {
	doc := testDoc(t, openapi.Config{})
	schemas := at(t, doc, "components", "schemas")
	assert.Equal(t, jsonOf(t, `{"type":"object","properties":{
		"id":{"type":"integer","format":"int64"},"label":{"type":"string"},
		"made":{"type":"string","format":"date-time"},"removed":{"type":["string","null"]}},
		"required":["id","label","made"]}`), at(t, schemas, "Item"), "answers: every field but omitempty ones is present")
	page := at(t, schemas, "PageItem")
	assert.Equal(t, jsonOf(t, `{"type":"array","items":{"$ref":"#/components/schemas/Item"}}`), at(t, page, "properties", "data"))
	assert.Equal(t, jsonOf(t, `{"type":["string","null"]}`), at(t, page, "properties", "next_page_url"))

	list := at(t, doc, "paths", "/api/v1/shop/items/", "get")
	assert.Equal(t, "shop.list", at(t, list, "operationId"))
	assert.Equal(t, []any{"shop"}, at(t, list, "tags"))
	assert.Equal(t, "List items", at(t, list, "summary"))
	assert.Equal(t, "All of them.", at(t, list, "description"))
	assert.Equal(t, jsonOf(t, `[{"name":"page","in":"query","schema":{"type":"integer","minimum":1},
		"description":"The page, from 1 (the default). A page past the last is answered 200 with empty data and a null next_page_url, not 404."},
		{"name":"per_page","in":"query","schema":{"type":"integer","minimum":1}}]`), at(t, list, "parameters"),
		"a page answer reads ?page= and ?per_page=, and says what a page past the last answers")
	del := at(t, doc, "paths", "/api/v1/shop/items/{slug}/{name}/{n}", "delete", "responses", "204")
	assert.Equal(t, map[string]any{"description": "No Content"}, del, "204 has no body")
}

func TestPathConverters(t *testing.T) {
	doc := testDoc(t, openapi.Config{})
	params := func(path, method string) any { return at(t, doc, "paths", path, method, "parameters") }
	assert.Equal(t, jsonOf(t, `[{"name":"pk","in":"path","required":true,"schema":{"type":"integer","minimum":0}}]`),
		params("/api/v1/shop/orders/{pk}", "put"))
	assert.Equal(t, jsonOf(t, `[{"name":"id","in":"path","required":true,"schema":{"type":"string","format":"uuid",
		"pattern":"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}}]`), params("/api/v1/shop/items/{id}", "get"))
	assert.Equal(t, jsonOf(t, `[
		{"name":"slug","in":"path","required":true,"schema":{"type":"string","pattern":"^[-a-zA-Z0-9_]+$"}},
		{"name":"name","in":"path","required":true,"schema":{"type":"string","pattern":"^[^/]+$"}},
		{"name":"n","in":"path","required":true,"schema":{"type":"string","pattern":"^(?:[0-9]+)$"}}]`),
		params("/api/v1/shop/items/{slug}/{name}/{n}", "delete"))
	assert.Equal(t, jsonOf(t, `[{"name":"rest","in":"path","required":true,"schema":{"type":"string","minLength":1}}]`),
		params("/api/v1/shop/files/{rest}", "get"))
}

func TestBodiesAndQuery(t *testing.T) {
	doc := testDoc(t, openapi.Config{})
	upload := at(t, doc, "paths", "/api/v1/shop/uploads/", "post", "requestBody", "content")
	assert.Equal(t, jsonOf(t, `{"type":"object","properties":{
		"title":{"type":"string","minLength":1,"pattern":"\\S"},
		"avatar":{"type":"string","format":"binary"},
		"extras":{"type":"array","items":{"type":"string","format":"binary"}}},"required":["title"]}`),
		at(t, upload, "multipart/form-data", "schema"))
	assert.NotContains(t, upload, "application/x-www-form-urlencoded", "files need multipart")
	assert.NotContains(t, at(t, doc, "components", "schemas", "UploadForm", "properties"), "avatar", "files never come in JSON")

	attach := at(t, doc, "paths", "/api/v1/shop/items/{pk}/attachment", "put", "requestBody").(map[string]any)
	assert.Equal(t, true, attach["required"])
	assert.Equal(t, jsonOf(t, `{"multipart/form-data":{"schema":{"type":"object","properties":{
		"title":{"type":"string","minLength":1,"pattern":"\\S"},
		"avatar":{"type":"string","format":"binary"},
		"extras":{"type":"array","items":{"type":"string","format":"binary"}}},"required":["title"]}}}`),
		attach["content"], "a view that reads its multipart body itself takes no other")

	rules := at(t, doc, "paths", "/api/v1/shop/rules/", "post", "requestBody").(map[string]any)
	assert.Equal(t, true, rules["required"])
	assert.Contains(t, rules["content"], "application/x-www-form-urlencoded")

	search := at(t, doc, "paths", "/api/v1/shop/search/", "get")
	assert.NotContains(t, search, "requestBody", "GET reads its form from the query string")
	assert.Equal(t, jsonOf(t, `[{"name":"q","in":"query","required":true,"schema":{"type":"string","minLength":2,"pattern":"\\S"}},
		{"name":"page","in":"query","schema":{"type":"integer","format":"int64","minimum":1}}]`), at(t, search, "parameters"))
}

// rateLimited describes a rate limit that answers 429 on every route, with
// petra's optional Retry-After.
var rateLimited = []petra.Answers{{Errors: []petra.Failed{{Status: status.HTTP_429_TOO_MANY_REQUESTS}}}}

func TestSecurityAndErrors(t *testing.T) {
	doc := testDoc(t, openapi.Config{Middleware: rateLimited})
	assert.Equal(t, jsonOf(t, `{"type":"http","scheme":"bearer","bearerFormat":"JWT"}`),
		at(t, doc, "components", "securitySchemes", "bearerAuth"))
	op := func(path, method string) map[string]any {
		return at(t, doc, "paths", path, method).(map[string]any)
	}
	codes := func(o map[string]any) []string {
		var out []string
		for code := range o["responses"].(map[string]any) {
			out = append(out, code)
		}
		return out
	}
	tests := []struct {
		name, path, method string
		security           bool
		codes              []string
	}{
		{"form body", "/api/v1/shop/orders/", "post", false, []string{"201", "400", "408", "413", "415", "429", "500"}},
		{"form body and converter", "/api/v1/shop/orders/{pk}", "put", false, []string{"200", "400", "404", "408", "413", "415", "429", "500"}},
		{"multipart read by the view", "/api/v1/shop/items/{pk}/attachment", "put", false, []string{"200", "400", "404", "408", "413", "415", "429", "500"}},
		{"query form", "/api/v1/shop/search/", "get", false, []string{"200", "400", "413", "429", "500"}},
		{"authenticated page", "/api/v1/shop/items/", "get", true, []string{"200", "400", "401", "403", "413", "429", "500"}},
		{"declared failure", "/api/v1/shop/items/{id}", "get", false, []string{"200", "404", "409", "413", "429", "500"}},
		{"authenticated, then admin", "/api/v1/shop/items/{slug}/{name}/{n}", "delete", true, []string{"204", "401", "403", "404", "413", "429", "500"}},
		{"admin only: 403 to anyone, no token asked", "/api/v1/shop/files/{rest}", "get", false, []string{"200", "401", "403", "404", "413", "429", "500"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := op(tt.path, tt.method)
			assert.ElementsMatch(t, tt.codes, codes(o))
			if tt.security {
				assert.Equal(t, jsonOf(t, `[{"bearerAuth":[]}]`), o["security"])
			} else {
				assert.Equal(t, []any{}, o["security"], "public: no security, said explicitly")
			}
		})
	}
	assert.Equal(t, "#/components/responses/BadRequest", at(t, op("/api/v1/shop/orders/", "post"), "responses", "400", "$ref"))
	assert.Equal(t, "#/components/schemas/Error",
		at(t, doc, "components", "responses", "BadRequest", "content", "application/json", "schema", "$ref"))
	assert.Contains(t, at(t, doc, "components", "schemas", "Error", "properties"), "errors")
	assert.Equal(t, "get_api_v1_shop_files_rest", at(t, op("/api/v1/shop/files/{rest}", "get"), "operationId"), "an unnamed route's id")
	assert.Equal(t, "Get single", summaryOf(t, "shop:get_single"))
	assert.NotContains(t, at(t, testDoc(t, openapi.Config{}), "paths", "/api/v1/shop/search/", "get", "responses"), "429")
}

// TestBodyLimitAnswers: petra answers 413 to a body over the route's limit
// on any method, before the view (a Content-Length over it) or as the view
// reads (a chunked body), so the document lists 413 on every route with a
// limit, and on no other.
func TestBodyLimitAnswers(t *testing.T) {
	view := func(*petra.Request) petra.Result { return petra.Response(nil) }
	app := petra.New()
	app.Mount(petra.Module{Name: "m", Routes: []petra.Route{
		petra.Get("limited/", view),
		petra.Post("raw/", view),
		petra.Post("unlimited/", dto.Form(func(*petra.Request, *OrderForm) petra.Result { return petra.Response(nil) })).BodyLimit(-1),
	}})
	doc := openapi.Build(app, openapi.Config{})
	tests := []struct {
		name string
		op   *openapi.Operation
		want bool
	}{
		{"a GET, which declares no body", doc.Paths["/api/v1/m/limited/"].Get, true},
		{"a POST without a form", doc.Paths["/api/v1/m/raw/"].Post, true},
		{"a form without a limit", doc.Paths["/api/v1/m/unlimited/"].Post, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, listed := tt.op.Responses["413"]
			assert.Equal(t, tt.want, listed)
		})
	}
}

func summaryOf(t *testing.T, name string) string {
	t.Helper()
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Get("x/", func(*petra.Request) petra.Result { return petra.Response(nil) }).Named(name),
	}})
	return openapi.Build(app, openapi.Config{}).Paths["/api/v1/shop/x/"].Get.Summary
}
