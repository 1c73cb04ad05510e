package user

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/go-petra/petra/petra"
)

// RegistrationForm is the body of POST /api/v1/user/registration/. The name and
// email lose their surrounding whitespace before they are checked; the
// password is taken as sent.
type RegistrationForm struct {
	Name     string `json:"name"     form:"name"     dto:"trim" validate:"required,max=100"`
	Email    string `json:"email"    form:"email"    dto:"trim" validate:"required,email,max=100"`
	Password string `json:"password" form:"password"            validate:"required,min=8,max=100"`
}

// CleanName normalises the name to NFC, as the users list's search expects
// the text it looks in (db.List), and holds it to the length the column takes.
func (f *RegistrationForm) CleanName(*petra.Request) error {
	f.Name = NormalizeName(f.Name)
	return checkLength("name", f.Name, maxNameLen)
}

// CleanEmail normalises the email (NFC, lower case), so that uniqueness
// ignores case and Unicode spelling, and holds the normalised form to the
// length the column takes.
func (f *RegistrationForm) CleanEmail(*petra.Request) error {
	f.Email = NormalizeEmail(f.Email)
	return checkLength("email", f.Email, maxEmailLen)
}

// The most characters a name and an email have once normalised, as the users
// table stores them.
const (
	maxNameLen  = 100
	maxEmailLen = 100
)

// checkLength refuses a normalised name or email, the value of field, longer
// than limit, what the users table takes: NFC spells a few characters with
// more code points than they were sent with (U+0958 as two), so a value
// within max=100 as sent may pass it once normalised.
func checkLength(field, value string, limit int) error {
	if utf8.RuneCountInString(value) > limit {
		return petra.Invalid(field, "The "+field+" must not be greater than "+strconv.Itoa(limit)+" characters")
	}
	return nil
}

// CleanPassword asks for upper case, lower case and a symbol.
func (f *RegistrationForm) CleanPassword(*petra.Request) error {
	return checkPasswordStrength("password", f.Password)
}

// checkPasswordStrength asks password, the value of field, for upper case,
// lower case and a symbol.
func checkPasswordStrength(field, password string) error {
	if !strongPassword(password) {
		return petra.Invalid(field,
			"The "+field+" must contain at least one upper case letter, one lower case letter and one special character")
	}
	return nil
}

// strongPassword reports whether password mixes upper case, lower case and a
// symbol.
func strongPassword(password string) bool {
	var upper, lower, special bool
	for _, c := range password {
		switch {
		case unicode.IsUpper(c):
			upper = true
		case unicode.IsLower(c):
			lower = true
		case !unicode.IsLetter(c) && !unicode.IsDigit(c) && !unicode.IsSpace(c):
			special = true
		}
	}
	return upper && lower && special
}

// LoginForm is the body of POST /api/v1/user/login/. The email may also be the
// account's username; it loses its surrounding whitespace, as a registration's
// does.
type LoginForm struct {
	Email    string `json:"email"    form:"email"    dto:"trim" validate:"required,max=150"`
	Password string `json:"password" form:"password"            validate:"required,max=100"`
}

// RefreshForm is the body of POST /api/v1/user/token/refresh/. A missing token is
// answered 401 (auth.ErrRefreshTokenMissing), as a refused one is, so it is
// not required here.
type RefreshForm struct {
	RefreshToken string `json:"refresh_token" form:"refresh_token" validate:"max=4096"`
}

// LogoutForm is the body of POST /api/v1/user/logout/. A missing token is
// answered 401 (auth.ErrRefreshTokenMissing), as a refused one is.
type LogoutForm struct {
	RefreshToken string `json:"refresh_token" form:"refresh_token" validate:"max=4096"`
}

// PasswordChangeForm is the body of POST /api/v1/user/password/change/.
type PasswordChangeForm struct {
	CurrentPassword string `json:"current_password" form:"current_password" validate:"required,max=100"`
	NewPassword     string `json:"new_password"     form:"new_password"     validate:"required,min=8,max=100"`
}

// CleanNewPassword asks the new password for what a registration asks.
func (f *PasswordChangeForm) CleanNewPassword(*petra.Request) error {
	return checkPasswordStrength("new_password", f.NewPassword)
}

// ProfileForm is the body of PATCH /api/v1/user/users/<uuid>: a name and an
// email with a registration's rules, either of which may be left out (see
// [UserViewSet.UpdateUser]).
type ProfileForm struct {
	UUID  string `json:"-"     path:"user_id"`
	Name  string `json:"name"  form:"name"  dto:"trim" validate:"required,max=100"`
	Email string `json:"email" form:"email" dto:"trim" validate:"required,email,max=100"`
}

// CleanName normalises the name, as a registration does. It runs when a name
// is sent.
func (f *ProfileForm) CleanName(*petra.Request) error {
	f.Name = NormalizeName(f.Name)
	return checkLength("name", f.Name, maxNameLen)
}

// CleanEmail normalises the email, as a registration does, and refuses one
// that another account has: the account's own email is no clash. It runs
// when an email is sent, on the account as it will be saved.
func (f *ProfileForm) CleanEmail(r *petra.Request, v *UserViewSet) error {
	f.Email = NormalizeEmail(f.Email)
	if err := checkLength("email", f.Email, maxEmailLen); err != nil {
		return err
	}
	taken, err := v.users.EmailTaken(r.Context(), f.Email, f.UUID)
	if err != nil {
		return err
	}
	if taken {
		return petra.Invalid("email", "The email is already registered")
	}
	return nil
}

// UsersQuery is the query string of GET /api/v1/user/users/, besides the
// page: what it is filtered, searched and ordered by. The form checks the
// shape of each value; [UserList] decides what reaches SQL.
type UsersQuery struct {
	Search   string `query:"search"    json:"-" validate:"max=200"`
	Ordering string `query:"ordering"  json:"-" validate:"max=200"`
	IsActive string `query:"is_active" json:"-" validate:"omitempty,oneof=true false"`
}

// Example is the registration the API documentation shows.
func (RegistrationForm) Example() RegistrationForm {
	return RegistrationForm{Name: "Ann", Email: "ann@example.com", Password: "S3cret!pw"}
}

// Example is the profile change the API documentation shows.
func (ProfileForm) Example() ProfileForm {
	return ProfileForm{Name: "Ann Lee", Email: "ann.lee@example.com"}
}

// Example is the login the API documentation shows.
func (LoginForm) Example() LoginForm {
	return LoginForm{Email: "ann@example.com", Password: "S3cret!pw"}
}
