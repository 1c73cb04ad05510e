package user

import (
	"strings"
	"unicode"

	"github.com/go-petra/petra/petra"
)

// RegistrationForm is the body of POST /api/v1/user/registration/.
type RegistrationForm struct {
	Name     string `json:"name"     form:"name"     validate:"required,max=100"`
	Email    string `json:"email"    form:"email"    validate:"required,email,max=100"`
	Password string `json:"password" form:"password" validate:"required,min=8,max=100"`
}

// CleanEmail stores emails in lower case, so that uniqueness ignores case.
func (f *RegistrationForm) CleanEmail(*petra.Request) error {
	f.Email = strings.ToLower(strings.TrimSpace(f.Email))
	return nil
}

// CleanPassword asks for upper case, lower case and a symbol.
func (f *RegistrationForm) CleanPassword(*petra.Request) error {
	var upper, lower, special bool
	for _, c := range f.Password {
		switch {
		case unicode.IsUpper(c):
			upper = true
		case unicode.IsLower(c):
			lower = true
		case !unicode.IsLetter(c) && !unicode.IsDigit(c) && !unicode.IsSpace(c):
			special = true
		}
	}
	if !upper || !lower || !special {
		return petra.Invalid("password",
			"The password must contain at least one upper case letter, one lower case letter and one special character")
	}
	return nil
}

// LoginForm is the body of POST /api/v1/user/login/. The email may also be the
// account's username.
type LoginForm struct {
	Email    string `json:"email"    form:"email"    validate:"required,max=150"`
	Password string `json:"password" form:"password" validate:"required,max=100"`
}

// RefreshForm is the body of POST /api/v1/user/token/refresh/. A missing token is
// answered 401 like an invalid one, so it is not required here.
type RefreshForm struct {
	RefreshToken string `json:"refresh_token" form:"refresh_token" validate:"max=4096"`
}

// Example is the registration the API documentation shows.
func (RegistrationForm) Example() RegistrationForm {
	return RegistrationForm{Name: "Ann", Email: "ann@example.com", Password: "S3cret!pw"}
}

// Example is the login the API documentation shows.
func (LoginForm) Example() LoginForm {
	return LoginForm{Email: "ann@example.com", Password: "S3cret!pw"}
}
