package dto

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
)

type sku struct {
	Code string `json:"code" validate:"required"`
	Rank int    `json:"rank" validate:"required,lte=9"`
}

type orderItem struct {
	SKU   string  `json:"sku"   validate:"required,max=8"`
	Qty   int     `json:"qty"   validate:"required,gte=0"`
	Gift  bool    `json:"gift"  validate:"required"`
	Limit int     `json:"limit" validate:"omitempty,gte=1"`
	Codes []sku   `json:"codes"`
	Alt   *sku    `json:"alt"`
	Note  *string `json:"note"  validate:"omitempty,max=3"`
}

type listForm struct {
	Items []orderItem  `json:"items" validate:"required"`
	More  []*orderItem `json:"more"`
	Dived []orderItem  `json:"dived" validate:"dive"`
	Skip  []orderItem  `json:"skip"  validate:"-"`
}

// Lists of structs are validated without a dive in their tag, keyed
// items[0].sku, with Django's required at every depth.
func TestListsAreValidatedWithoutDive(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[listForm])))
	item := `{"sku":"A1","qty":0,"gift":false,"codes":[{"code":"x","rank":0}]}`
	runBindCases(t, app, "/api/v1/t/f/", []bindCase{
		{name: "the issue's body", body: `{"items":[{"sku":"","qty":0}]}`, errors: map[string][]string{
			"items[0].sku": {"The sku field is required"}, "items[0].gift": {"The gift field is required"},
		}},
		{name: "0 and false are values inside lists", body: `{"items":[` + item + `]}`,
			wantBody: `{"items":[{"sku":"A1","qty":0,"gift":false,"limit":0,"codes":[{"code":"x","rank":0}],"alt":null,"note":null}],"more":null,"dived":null,"skip":null}`},
		{name: "missing and null inside lists", body: `{"items":[` + item + `,{"sku":"B","qty":null,"gift":true}]}`,
			errors: map[string][]string{"items[1].qty": {"The qty field is required"}}},
		{name: "a list in a list item", body: `{"items":[{"sku":"A","qty":1,"gift":true,"codes":[{"code":"x","rank":1},{"code":" ","rank":10}]}]}`,
			errors: map[string][]string{
				"items[0].codes[1].code": {"The code field is required"},
				"items[0].codes[1].rank": {"The rank must not be greater than 9"},
			}},
		{name: "a list item's rules", body: `{"items":[{"sku":"TOO-LONG-SKU","qty":-1,"gift":true,"note":"long"}]}`,
			errors: map[string][]string{
				"items[0].sku": {"The sku must not be greater than 8 characters"}, "items[0].qty": {"The qty must be at least 0"},
				"items[0].note": {"The note must not be greater than 3 characters"},
			}},
		{name: "omitempty 0 sent inside a list keeps its rules", body: `{"items":[{"sku":"A","qty":1,"gift":true,"limit":0}]}`,
			errors: map[string][]string{"items[0].limit": {"The limit must be at least 1"}}},
		{name: "a struct behind a pointer in a list item", body: `{"items":[{"sku":"A","qty":1,"gift":true,"alt":{"code":"c"}}]}`,
			errors: map[string][]string{"items[0].alt.rank": {"The rank field is required"}}},
		{name: "a list of pointers", body: `{"items":[` + item + `],"more":[null,{"sku":"A","qty":0}]}`,
			errors: map[string][]string{"more[1].gift": {"The gift field is required"}}},
		{name: "a list whose tag dives", body: `{"items":[` + item + `],"dived":[{"sku":"A","gift":true,"qty":0},{"sku":"A","gift":true}]}`,
			errors: map[string][]string{"dived[1].qty": {"The qty field is required"}}},
		{name: "a list whose tag is -", body: `{"items":[` + item + `],"skip":[{}]}`,
			wantBody: `{"items":[{"sku":"A1","qty":0,"gift":false,"limit":0,"codes":[{"code":"x","rank":0}],"alt":null,"note":null}],"more":null,"dived":null,"skip":[{"sku":"","qty":0,"gift":false,"limit":0,"codes":null,"alt":null,"note":null}]}`},
		{name: "no list", body: `{}`, errors: map[string][]string{"items": {"The items field is required"}}},
	})
}

// wideForm builds, by reflection, a form of n required numbers, and a chain of
// depth structs whose innermost holds a list of items with a required number.
func wideForm(n, depth int) reflect.Type {
	leaf := reflect.StructOf([]reflect.StructField{
		{Name: "N", Type: reflect.TypeFor[int](), Tag: `json:"n" validate:"required,lte=5"`},
	})
	inner := reflect.StructOf([]reflect.StructField{
		{Name: "List", Type: reflect.SliceOf(leaf), Tag: `json:"list"`},
	})
	for range depth {
		inner = reflect.StructOf([]reflect.StructField{
			{Name: "In", Type: inner, Tag: `json:"in"`},
		})
	}
	fields := []reflect.StructField{{Name: "Deep", Type: inner, Tag: `json:"deep"`}}
	for i := range n {
		fields = append(fields, reflect.StructField{
			Name: fmt.Sprintf("F%d", i), Type: reflect.TypeFor[int](),
			Tag: reflect.StructTag(fmt.Sprintf(`json:"f%d" validate:"required"`, i)),
		})
	}
	return reflect.StructOf(fields)
}

// Forms of any size and depth keep Django's required: more than 64 numbers, and
// a list four structs down.
func TestRequiredInLargeAndDeepForms(t *testing.T) {
	typ := wideForm(100, 4)
	p := loadPlan(typ)
	app := newApp(t, nil, petra.Post("f/", planView(p)))
	var zeros []string
	for i := range 100 {
		zeros = append(zeros, fmt.Sprintf(`"f%d":0`, i))
	}
	deep := `"deep":{"in":{"in":{"in":{"in":{"list":[{"n":0},{"n":6},{}]}}}}}`
	res := petratest.New(t, app).PostJSON("/api/v1/t/f/", `{`+strings.Join(zeros[1:], ",")+`,`+deep+`}`)
	res.AssertFieldErrors(400, map[string][]string{
		"f0":                         {"The f0 field is required"},
		"deep.in.in.in.in.list[1].n": {"The n must not be greater than 5"},
		"deep.in.in.in.in.list[2].n": {"The n field is required"},
	})
	deep = `"deep":{"in":{"in":{"in":{"in":{"list":[{"n":0}]}}}}}`
	res = petratest.New(t, app).PostJSON("/api/v1/t/f/", `{`+strings.Join(zeros, ",")+`,`+deep+`}`)
	require.Equal(t, 201, int(res.Code()), res.Body())
}

// planView serves a form of a type built at run time, bound by its plan.
func planView(p *plan) func(*petra.Request) petra.Result {
	return func(r *petra.Request) petra.Result {
		form := reflect.New(p.typ)
		if err := p.bind(r, form.Interface(), nil); err != nil {
			return petra.Fail(err)
		}
		return petra.Response(form.Interface(), 201)
	}
}
