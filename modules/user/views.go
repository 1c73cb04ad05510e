package user

import (
	"errors"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/status"
)

// UserViewSet holds the views of the user module and what they need.
type UserViewSet struct {
	petra.ViewSet
	users  *Store
	tokens *auth.Tokens
	hasher auth.Hasher
}

// Registered is the answer to a registration.
type Registered struct {
	Message string `json:"message"`
	User    User   `json:"user"`
}

// LoggedIn is the answer to a login.
type LoggedIn struct {
	Message      string `json:"message"`
	User         User   `json:"user"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

// Refreshed is the answer to a token refresh.
type Refreshed struct {
	AccessToken string `json:"access_token"`
}

// errInvalidCredentials is the one answer to every failed login, so that it
// does not tell which emails are registered.
var errInvalidCredentials = petra.NewError(status.HTTP_401_UNAUTHORIZED, "Invalid credentials")

// Register creates an account from a valid, cleaned form.
func (v *UserViewSet) Register(r *petra.Request, form *RegistrationForm) petra.Result {
	hash, err := v.hasher.Hash(form.Password)
	if err != nil {
		return petra.Fail(err)
	}
	u, err := v.users.Create(r.Context(), form.Name, form.Email, hash)
	switch {
	case errors.Is(err, ErrEmailTaken): // the unique index decides, so concurrent sign-ups are safe
		return petra.Fail(petra.Invalid("email", "The email is already registered"))
	case err != nil:
		return petra.Fail(err)
	}
	return petra.Response(Registered{Message: "Registration successful", User: u}, status.HTTP_201_CREATED)
}

// Login checks the credentials and answers a pair of tokens.
func (v *UserViewSet) Login(r *petra.Request, form *LoginForm) petra.Result {
	a, err := v.users.account(r.Context(), form.Email)
	switch {
	case errors.Is(err, ErrNotFound):
		v.hasher.Check("", form.Password) // spend the same time as a wrong password
		return petra.Fail(errInvalidCredentials)
	case err != nil:
		return petra.Fail(err)
	}
	if !v.hasher.Check(a.Password, form.Password) || !a.IsActive {
		return petra.Fail(errInvalidCredentials)
	}
	pair, err := v.tokens.Issue(a.UUID)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(LoggedIn{
		Message:      "Login successful",
		User:         a.User,
		AccessToken:  pair.AccessToken,
		RefreshToken: pair.RefreshToken,
	})
}

// RefreshToken exchanges a refresh token for a new access token.
func (v *UserViewSet) RefreshToken(r *petra.Request, form *RefreshForm) petra.Result {
	access, err := v.tokens.Refresh(form.RefreshToken)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(Refreshed{AccessToken: access})
}

// GetUsers lists the accounts, a page at a time, with list-wide figures.
func (v *UserViewSet) GetUsers(r *petra.Request) petra.Result {
	params, err := r.PageParams()
	if err != nil {
		return petra.Fail(err)
	}
	users, total, err := v.users.List(r.Context(), params.Page, params.PerPage)
	if err != nil {
		return petra.Fail(err)
	}
	stats, err := v.users.Stats(r.Context())
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(petra.NewPage(r, params, users, total).WithAdditionalData(stats))
}

// GetSingleUser answers one account.
func (v *UserViewSet) GetSingleUser(r *petra.Request) petra.Result {
	u, err := v.users.Get(r.Context(), r.PathParam("user_id"))
	if errors.Is(err, ErrNotFound) {
		return petra.Fail(petra.NotFound("User not found"))
	}
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(u)
}

// DeleteUser removes one account and answers 204.
func (v *UserViewSet) DeleteUser(r *petra.Request) petra.Result {
	err := v.users.Delete(r.Context(), r.PathParam("user_id"))
	if errors.Is(err, ErrNotFound) {
		return petra.Fail(petra.NotFound("User not found"))
	}
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}
