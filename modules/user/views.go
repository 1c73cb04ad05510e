package user

import (
	"errors"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/storage"
	"github.com/go-petra/petra/status"
)

// UserViewSet holds the views of the user module and what they need.
type UserViewSet struct {
	petra.ViewSet
	users    *Store
	sessions *auth.Sessions
	hasher   auth.Hasher
	avatars  storage.Disk // nil: no avatars
	// avatarLinks records avatars in place of users; nil in production.
	avatarLinks avatarLinks
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

// PasswordChanged is the answer to a password change: a new pair of tokens,
// since every earlier one is revoked.
type PasswordChanged struct {
	Message      string `json:"message"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

// errInvalidCredentials is the one answer to every failed login, so that it
// does not tell which emails are registered.
var errInvalidCredentials = petra.NewError(status.HTTP_401_UNAUTHORIZED, "Invalid credentials").
	WithHeader("WWW-Authenticate", "Bearer")

// Register creates an account from a valid, cleaned form and answers it with
// its Location, the URL of GetSingleUser.
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
	loc, err := r.Link(v.GetSingleUser, u.UUID)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(Registered{Message: r.Translate("Registration successful"), User: u}, status.HTTP_201_CREATED).
		WithHeader("Location", loc)
}

// Login checks the credentials and answers a pair of tokens of a new family.
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
	pair, err := v.sessions.Login(r.Context(), a.principal())
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(LoggedIn{
		Message:      r.Translate("Login successful"),
		User:         a.User,
		AccessToken:  pair.AccessToken,
		RefreshToken: pair.RefreshToken,
	})
}

// RefreshToken spends a refresh token and answers a new pair.
func (v *UserViewSet) RefreshToken(r *petra.Request, form *RefreshForm) petra.Result {
	pair, err := v.sessions.Refresh(r.Context(), form.RefreshToken)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(pair)
}

// Logout revokes a refresh token and every token of its login; 204.
func (v *UserViewSet) Logout(r *petra.Request, form *LogoutForm) petra.Result {
	if err := v.sessions.Logout(r.Context(), form.RefreshToken); err != nil {
		return petra.Fail(err)
	}
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}

// ChangePassword sets the caller's new password once the current one is
// proven; every earlier token of the account is revoked and a new pair is
// answered.
func (v *UserViewSet) ChangePassword(r *petra.Request, form *PasswordChangeForm) petra.Result {
	me, _ := auth.UserFrom[*User](r)
	if me == nil {
		return petra.Fail(petra.ErrUnauthenticated)
	}
	a, err := v.users.account(r.Context(), me.Email)
	if err != nil {
		return petra.Fail(err)
	}
	if !v.hasher.Check(a.Password, form.CurrentPassword) {
		return petra.Fail(petra.Invalid("current_password", "The current_password is incorrect"))
	}
	hash, err := v.hasher.Hash(form.NewPassword)
	if err != nil {
		return petra.Fail(err)
	}
	if err := v.users.SetPassword(r.Context(), a.UUID, hash); err != nil {
		return petra.Fail(err)
	}
	a.TokenVersion++ // as SetPassword did in the database
	pair, err := v.sessions.Login(r.Context(), a.principal())
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(PasswordChanged{
		Message: r.Translate("Password changed"), AccessToken: pair.AccessToken, RefreshToken: pair.RefreshToken,
	})
}

// GetUsers lists the accounts, a page at a time, with list-wide figures:
// searched, filtered and ordered as the query string asks (see [UserList]).
func (v *UserViewSet) GetUsers(r *petra.Request, _ *UsersQuery) petra.Result {
	params, err := r.PageParams()
	if err != nil {
		return petra.Fail(err)
	}
	lq, err := UserList.Parse(r.QueryValues())
	if err != nil {
		return petra.Fail(err)
	}
	users, total, err := v.users.List(r.Context(), lq, params.Page, params.PerPage)
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
	u, err := v.getUser(r)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(u)
}

// DeleteUser removes one account and answers 204. Its object permissions
// decide who may (see Module): the view fetches first, so an unknown account
// is a 404 for every caller.
func (v *UserViewSet) DeleteUser(r *petra.Request) petra.Result {
	u, err := v.getUser(r)
	if err != nil {
		return petra.Fail(err)
	}
	if err := r.CheckObject(u); err != nil {
		return petra.Fail(err)
	}
	err = v.users.Delete(r.Context(), u.UUID)
	if errors.Is(err, ErrNotFound) { // deleted meanwhile
		return petra.Fail(petra.NotFound("User not found"))
	}
	if err != nil {
		return petra.Fail(err)
	}
	v.dropAvatars(r, u.UUID)
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}

// UpdateUser changes the name or the email of one account, or both, and
// answers it; its object permissions decide who may (the account itself or
// staff). As DRF's partial_update, it fetches the account first (404), checks
// the caller (403), then applies what the PATCH sends to the stored account
// and validates the result (400): an email must be free once normalised,
// the account's own excepted.
func (v *UserViewSet) UpdateUser(r *petra.Request, patch *dto.Partial[ProfileForm]) petra.Result {
	u, err := v.getUser(r)
	if err != nil {
		return petra.Fail(err)
	}
	if err := r.CheckObject(u); err != nil {
		return petra.Fail(err)
	}
	form := ProfileForm{UUID: u.UUID, Name: u.Name, Email: u.Email}
	if err := patch.Apply(&form); err != nil {
		return petra.Fail(err)
	}
	u, err = v.users.UpdateProfile(r.Context(), u.UUID, form.Name, form.Email)
	switch {
	case errors.Is(err, ErrEmailTaken): // taken since CleanEmail asked: the unique index decides
		return petra.Fail(petra.Invalid("email", "The email is already registered"))
	case errors.Is(err, ErrNotFound): // deleted meanwhile
		return petra.Fail(petra.NotFound("User not found"))
	case err != nil:
		return petra.Fail(err)
	}
	return petra.Response(u)
}

// getUser fetches the account of the path's user_id, or a 404.
func (v *UserViewSet) getUser(r *petra.Request) (User, error) {
	u, err := v.users.Get(r.Context(), r.PathParam("user_id"))
	if errors.Is(err, ErrNotFound) {
		return User{}, petra.NotFound("User not found")
	}
	return u, err
}

// ownerOf names the owner of an account: the account itself.
func ownerOf(u User) string { return u.UUID }
