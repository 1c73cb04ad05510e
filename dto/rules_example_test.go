package dto_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
)

// SignUpForm uses a rule of the app's own, strong_password.
type SignUpForm struct {
	Email    string `json:"email"    validate:"required,email"`
	Password string `json:"password" validate:"required,strong_password"`
}

// strongPassword passes a password that mixes upper case, lower case and a
// symbol.
func strongPassword(fl validator.FieldLevel) bool {
	s := fl.Field().String()
	return strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") &&
		strings.ContainsFunc(s, func(r rune) bool { return strings.ContainsRune("!@#$%^&*()-_=+?.,;:", r) })
}

func ExampleWithRules() {
	// The rule first, then the forms that use it, so that a misspelt rule
	// still panics where a form is declared.
	rules := dto.WithRules(dto.Rule{Tag: "strong_password", Func: strongPassword,
		Message: "The {field} must mix upper case, lower case and a symbol"})
	app := petra.New(rules, petra.WithCatalog(petra.Spanish, petra.NewCatalog("es", map[string]string{
		"The {field} must mix upper case, lower case and a symbol": "El campo {field} debe combinar mayúsculas, minúsculas y un símbolo",
	})))
	app.Mount(petra.Module{Name: "user", Routes: []petra.Route{
		petra.Post("signup/", dto.Form(func(r *petra.Request, f *SignUpForm) petra.Result {
			return petra.Response(map[string]string{"email": f.Email})
		})),
	}})

	for _, lang := range []string{"en", "es-MX"} {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/user/signup/",
			strings.NewReader(`{"email": "nope", "password": "password"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", lang)
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("Content-Language"), rec.Body.String())
	}
	// Output:
	// 400 en {"success":false,"message":"The given data was invalid","errors":{"email":["The email must be a valid email address"],"password":["The password must mix upper case, lower case and a symbol"]}}
	// 400 es {"success":false,"message":"Los datos proporcionados no son válidos","errors":{"email":["El campo email debe ser una dirección de correo electrónico válida"],"password":["El campo password debe combinar mayúsculas, minúsculas y un símbolo"]}}
}
