// Command permissions guards views with bearer tokens and roles. A /login/ view
// issues tokens for two demo users, ann (an admin, password ann-Pa55word!) and
// bob (a member, bob-Pa55word!); viewset rules with Only and Ignore choose who
// reaches which view, a custom IsAdmin permission reads the role of the
// principal, and one route adds a permission of its own.
//
//	go run ./examples/permissions
//	curl -s localhost:8000/api/v1/office/notices/
//	curl -s -X POST localhost:8000/api/v1/office/login/ -H 'Content-Type: application/json' -d '{"username":"bob","password":"bob-Pa55word!"}'
//	curl -s localhost:8000/api/v1/office/salaries/ -H 'Authorization: Bearer <access_token>'
//
// JWT_SECRET (at least 32 bytes) signs the tokens; without it, a random secret
// is made at start, so tokens die with the process.
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"log"
	"maps"
	"net/http"
	"os"
	"slices"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/status"
)

// RoleAdmin is the role IsAdmin lets through.
const RoleAdmin = "admin"

// User is a demo account; an authenticated request's principal is its *User.
type User struct {
	Username string `json:"username"`
	Role     string `json:"role"`
	hash     string // never leaves the process
}

// IsAdmin allows admins: an anonymous request is answered 401, any other user 403.
func IsAdmin(r *petra.Request) error {
	u, _ := r.Principal().(*User)
	switch {
	case u == nil:
		return petra.ErrUnauthenticated
	case u.Role != RoleAdmin:
		return petra.ErrForbidden
	}
	return nil
}

// Users are the demo accounts by username. They are read-only once built.
type Users map[string]*User

// newUsers hashes the demo passwords with hasher.
func newUsers(hasher auth.Hasher) (Users, error) {
	users := Users{}
	for _, u := range []struct{ name, role, password string }{
		{"ann", RoleAdmin, "ann-Pa55word!"},
		{"bob", "member", "bob-Pa55word!"},
	} {
		hash, err := hasher.Hash(u.password)
		if err != nil {
			return nil, err
		}
		users[u.name] = &User{Username: u.name, Role: u.role, hash: hash}
	}
	return users, nil
}

// Authenticate runs after tokens.Middleware and turns the token's claims into
// the *User they were issued to, as DRF sets request.user. A token of a user who
// is gone leaves the request anonymous.
func (us Users) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if claims := auth.ClaimsFromContext(r.Context()); claims != nil {
			r = r.WithContext(petra.ContextWithPrincipal(r.Context(), us[claims.Subject]))
		}
		next.ServeHTTP(w, r)
	})
}

// LoginForm is the body of POST /api/v1/office/login/.
type LoginForm struct {
	Username string `json:"username" form:"username" validate:"required,max=50"`
	Password string `json:"password" form:"password" validate:"required,max=100"`
}

// OfficeViewSet holds the views of the office module.
type OfficeViewSet struct {
	petra.ViewSet
	users  Users
	tokens *auth.Tokens
	hasher auth.Hasher
}

// errInvalidCredentials answers every failed login alike, so that it does not
// tell which usernames exist; like every 401, it carries a challenge.
var errInvalidCredentials = petra.NewError(status.HTTP_401_UNAUTHORIZED, "Invalid credentials").
	WithHeader("WWW-Authenticate", "Bearer")

// Login answers an access and a refresh token for valid credentials.
func (v *OfficeViewSet) Login(r *petra.Request, form *LoginForm) petra.Result {
	u, ok := v.users[form.Username]
	if !ok {
		v.hasher.Check("", form.Password) // as slow as a wrong password
		return petra.Fail(errInvalidCredentials)
	}
	if !v.hasher.Check(u.hash, form.Password) {
		return petra.Fail(errInvalidCredentials)
	}
	pair, err := v.tokens.Issue(u.Username)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(pair)
}

// Notices are open to everyone.
func (v *OfficeViewSet) Notices(r *petra.Request) petra.Result {
	return petra.Response([]string{"The office is closed on Friday"})
}

// Me answers the authenticated user.
func (v *OfficeViewSet) Me(r *petra.Request) petra.Result {
	return petra.Response(r.Principal())
}

// Salaries are for admins.
func (v *OfficeViewSet) Salaries(r *petra.Request) petra.Result {
	return petra.Response(map[string]int{"ann": 5200, "bob": 4100})
}

// Accounts lists the accounts; its route adds IsAdmin to the viewset's rules.
func (v *OfficeViewSet) Accounts(r *petra.Request) petra.Result {
	out := make([]*User, 0, len(v.users))
	for _, name := range slices.Sorted(maps.Keys(v.users)) {
		out = append(out, v.users[name])
	}
	return petra.Response(out)
}

// DeleteNotice is for admins; it answers 204.
func (v *OfficeViewSet) DeleteNotice(r *petra.Request) petra.Result {
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}

// Module mounts the office views at /api/v1/office/.
func Module(users Users, tokens *auth.Tokens, hasher auth.Hasher) petra.Module {
	v := &OfficeViewSet{users: users, tokens: tokens, hasher: hasher}
	v.SetPermission(auth.IsAuthenticated).Ignore(v.Login, v.Notices) // every other view needs a token
	v.SetPermission(IsAdmin).Only(v.Salaries, v.DeleteNotice)
	return petra.Module{Name: "office", Version: "v1", Routes: v.Routes(
		petra.Post("login/", dto.Form(v.Login)),
		petra.Get("notices/", v.Notices),
		petra.Delete("notices/<int:id>", v.DeleteNotice),
		petra.Get("me/", v.Me),
		petra.Get("salaries/", v.Salaries),
		petra.Get("accounts/", v.Accounts).Permission(IsAdmin), // a route-level permission
	)}
}

// NewApp returns the example app, signing tokens with secret (at least 32
// bytes) and hashing passwords with hasher (the zero Hasher is bcrypt's
// default cost).
func NewApp(secret []byte, hasher auth.Hasher) (*petra.App, error) {
	tokens, err := auth.NewTokens(auth.Config{Secret: secret})
	if err != nil {
		return nil, err
	}
	users, err := newUsers(hasher)
	if err != nil {
		return nil, err
	}
	app := petra.New()
	app.Use(tokens.Middleware, users.Authenticate)
	app.Mount(Module(users, tokens, hasher))
	return app, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	flag.Parse()
	secret := []byte(os.Getenv("JWT_SECRET"))
	if len(secret) == 0 {
		secret = []byte(rand.Text() + rand.Text()) // 52 random characters
	}
	app, err := NewApp(secret, auth.Hasher{})
	if err != nil {
		log.Fatal(err)
	}
	if err := app.Run(context.Background(), *addr); err != nil {
		log.Fatal(err)
	}
}
