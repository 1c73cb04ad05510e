package dto_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// RegistrationForm is the body of POST /api/v1/user/registration/.
type RegistrationForm struct {
	Name  string `json:"name"  form:"name"  validate:"required,max=100"`
	Email string `json:"email" form:"email" validate:"required,email,max=100"`
	Age   int    `json:"age"   form:"age"   validate:"required,gte=1,lte=150"`
}

// Register answers the valid form it receives.
func Register(r *petra.Request, form *RegistrationForm) petra.Result {
	return petra.Response(form, status.HTTP_201_CREATED)
}

// post sends body as JSON to app and prints the answer.
func post(app http.Handler, path, body string) {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
}

func ExampleForm() {
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Post("registration/", dto.Form(Register)),
	}})

	post(app, "/api/v1/user/registration/", `{"name":"Ann","email":"ann@example.com","age":30}`)
	post(app, "/api/v1/user/registration/", `{"name":"  ","email":"not an email","age":0}`)
	// Output:
	// 201 {"name":"Ann","email":"ann@example.com","age":30}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"age":["The age must be at least 1"],"email":["The email must be a valid email address"],"name":["The name field is required"]}}
}

// SearchForm is read from the query string of GET /api/v1/user/search/.
type SearchForm struct {
	Query string `query:"q" validate:"required,min=2"`
	Page  int    `query:"page" validate:"omitempty,gte=1"`
}

func ExampleBind() {
	// A view that binds its form itself, here to answer an invalid search with
	// an empty list rather than a 400.
	search := func(r *petra.Request) petra.Result {
		form, err := dto.Bind[SearchForm](r)
		if err != nil {
			return petra.Response(map[string]any{"results": []string{}, "error": err.Error()})
		}
		return petra.Response(map[string]any{"results": []string{form.Query + " on page " + fmt.Sprint(form.Page)}})
	}
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{petra.Get("search/", search)}})

	for _, target := range []string{"/api/v1/user/search/?q=go&page=2", "/api/v1/user/search/?q=g"} {
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 200 {"results":["go on page 2"]}
	// 200 {"error":"petra: invalid fields [q]","results":[]}
}

// InviteForm normalises its email and checks its code in Clean.
type InviteForm struct {
	Email string `json:"email" validate:"required,email"`
	Code  string `json:"code"  validate:"required,len=6"`
}

// CleanEmail runs once the email passed its rules, like Django's clean_email.
func (f *InviteForm) CleanEmail(r *petra.Request) error {
	f.Email = strings.ToLower(f.Email)
	return nil
}

// Clean runs after every field passed; its field errors join the envelope.
func (f *InviteForm) Clean(r *petra.Request) error {
	if !strings.HasPrefix(f.Code, "PT") {
		return petra.Invalid("code", "The code is not an invitation code")
	}
	return nil
}

func ExampleCleaner() {
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Post("invite/", dto.Form(func(r *petra.Request, form *InviteForm) petra.Result {
			return petra.Response(form, status.HTTP_201_CREATED)
		})),
	}})

	post(app, "/api/v1/user/invite/", `{"email":"Ann@Example.COM","code":"PT1234"}`)
	post(app, "/api/v1/user/invite/", `{"email":"ann@example.com","code":"XX1234"}`)
	// Output:
	// 201 {"email":"ann@example.com","code":"PT1234"}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"code":["The code is not an invitation code"]}}
}

// Address is a nested struct of OrderForm.
type Address struct {
	City string `json:"city" validate:"required"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	SKU string `json:"sku" validate:"required,max=8"`
	Qty int    `json:"qty" validate:"required,gte=0"` // 0 is a value; absent and null are not
}

// OrderForm has a nested struct and a list: both are validated with no dive in
// their tags.
type OrderForm struct {
	Address Address     `json:"address"`
	Items   []OrderItem `json:"items" validate:"required,min=1"`
}

func ExampleForm_nested() {
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Post("orders/", dto.Form(func(r *petra.Request, form *OrderForm) petra.Result {
			return petra.Response(form, status.HTTP_201_CREATED)
		})),
	}})

	post(app, "/api/v1/shop/orders/", `{"address":{"city":"Oslo"},"items":[{"sku":"A1","qty":0}]}`)
	post(app, "/api/v1/shop/orders/", `{"address":{"city":" "},"items":[{"sku":"A1","qty":2},{"sku":""}]}`)
	// Output:
	// 201 {"address":{"city":"Oslo"},"items":[{"sku":"A1","qty":0}]}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"address.city":["The city field is required"],"items[1].qty":["The qty field is required"],"items[1].sku":["The sku field is required"]}}
}

// searchBinder is declared with the routes, so a mistake in SearchForm stops
// start-up rather than a request.
var searchBinder = dto.NewBinder[SearchForm]()

func ExampleNewBinder() {
	search := func(r *petra.Request) petra.Result {
		form, err := searchBinder.Bind(r)
		if err != nil {
			return petra.Fail(err)
		}
		return petra.Response(map[string]any{"q": form.Query, "page": form.Page})
	}
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{petra.Get("search/", search)}})

	for _, target := range []string{"/api/v1/user/search/?q=go&page=2", "/api/v1/user/search/?q=go&page=0"} {
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 200 {"page":2,"q":"go"}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"page":["The page must be at least 1"]}}
}

// AccountForm trims the surrounding whitespace of its email before checking
// it; its password, with no dto tag, is taken as sent.
type AccountForm struct {
	Email    string `json:"email"    form:"email"    dto:"trim" validate:"required,email"`
	Password string `json:"password" form:"password" validate:"required,min=8"`
}

func ExampleForm_trim() {
	app := petra.New()
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Post("accounts/", dto.Form(func(r *petra.Request, form *AccountForm) petra.Result {
			return petra.Response(form, status.HTTP_201_CREATED)
		})),
	}})

	post(app, "/api/v1/user/accounts/", `{"email":" ann@example.com ","password":" s3cret pw "}`)
	post(app, "/api/v1/user/accounts/", `{"email":"  ","password":"s3cret pw"}`)
	// Output:
	// 201 {"email":"ann@example.com","password":" s3cret pw "}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"email":["The email field is required"]}}
}
