package dto

import (
	"net/http"
	"testing"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
)

type nestedFormItem struct {
	SKU string `json:"sku" validate:"required"`
	Qty int    `json:"qty" validate:"required,gte=0"`
}

type nestedFormBody struct {
	Name    string           `json:"name"    validate:"required"`
	Address address          `json:"address"`
	Items   []nestedFormItem `json:"items"   validate:"required"`
}

// Urlencoded and multipart keys fill nested structs and lists, spelt as DRF's
// and Rails' nested parsers accept them, with the same validation and keys.
func TestFormBodiesFillNestedFields(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[nestedFormBody])))
	const urlencoded = "application/x-www-form-urlencoded"
	valid := `{"name":"Ann","address":{"city":"Oslo","zip":0,"floor":1},"items":[{"sku":"A","qty":0},{"sku":"B","qty":2}]}`
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "dots and indices", contentType: urlencoded,
			body:     "name=Ann&address.city=Oslo&address.zip=0&address.floor=1&items[0].sku=A&items[0].qty=0&items[1].sku=B&items[1].qty=2",
			wantBody: valid},
		{name: "brackets", contentType: urlencoded,
			body:     "name=Ann&address[city]=Oslo&address[zip]=0&address[floor]=1&items[1][sku]=B&items[1][qty]=2&items[0][sku]=A&items[0][qty]=0",
			wantBody: valid},
		{name: "required inside", contentType: urlencoded,
			body: "name=Ann&address.city=+&address.zip=&address.floor=0&items[0].sku=A&items[1].qty=x&items[2].qty=",
			errors: map[string][]string{
				"address.city": {"The city field is required"}, "address.zip": {"The zip field is required"},
				"address.floor": {"The floor must be at least 1"}, "items[1].qty": {"The qty must be an integer"},
				"items[0].qty": {"The qty field is required"}, "items[1].sku": {"The sku field is required"},
				"items[2].sku": {"The sku field is required"},
				"items[2].qty": {"The qty field is required"},
			}},
		{name: "a hostile index", contentType: urlencoded, body: "name=Ann&address.city=Oslo&address.zip=1&address.floor=1&items[99999999].sku=A",
			errors: map[string][]string{"items": {"The items has an index out of range"}}},
		{name: "a negative index", contentType: urlencoded, body: "name=Ann&address.city=Oslo&address.zip=1&address.floor=1&items[-1].sku=A",
			errors: map[string][]string{"items": {"The items has an index out of range"}}},
		{name: "unknown and malformed keys are ignored", contentType: urlencoded,
			body:     "name=Ann&address.city=Oslo&address.zip=1&address.floor=1&items[0].sku=A&items[0].qty=1&other.x=1&items[0]x=2&address..city=3&items[]=4&address.city.more=5",
			wantBody: `{"name":"Ann","address":{"city":"Oslo","zip":1,"floor":1},"items":[{"sku":"A","qty":1}]}`},
	})
	body, ct := multipartBody(t, [][2]string{{"name", "Ann"}, {"address.city", "Oslo"}, {"address.zip", "0"},
		{"address.floor", "1"}, {"items[0][sku]", "A"}, {"items[0][qty]", "0"}, {"items[1].sku", "B"}, {"items[1].qty", "2"}})
	petratest.New(t, app).Send(http.MethodPost, "/api/v1/t/f/", ct, body).AssertJSON(http.StatusCreated, valid)
}
