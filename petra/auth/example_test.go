package auth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
)

// exampleSecret stands for the app's JWT_SECRET: at least 32 random bytes.
var exampleSecret = []byte("change me: at least 32 random bytes, e.g. openssl rand -hex 32")

func ExampleTokens_Issue() {
	tokens, err := auth.NewTokens(auth.Config{Secret: exampleSecret})
	if err != nil {
		panic(err)
	}
	pair, err := tokens.Issue("7f1c2e9a-user-uuid")
	if err != nil {
		panic(err)
	}

	claims, err := tokens.Verify(pair.AccessToken, auth.AccessToken)
	fmt.Println(claims.Subject, claims.Type, err)

	// A refresh token only renews access tokens; an access token does not.
	access, err := tokens.Refresh(pair.RefreshToken)
	fmt.Println(access != "", err)
	_, err = tokens.Refresh(pair.AccessToken)
	fmt.Println(err)
	// Output:
	// 7f1c2e9a-user-uuid access <nil>
	// true <nil>
	// petra: 401 Refresh token required
}

// ProfileViewSet answers who the token was issued to.
type ProfileViewSet struct {
	petra.ViewSet
}

// Me requires authentication (see the SetPermission below).
func (v *ProfileViewSet) Me(r *petra.Request) petra.Result {
	return petra.Response(map[string]string{"user": auth.ClaimsFrom(r).Subject})
}

func ExampleTokens_Middleware() {
	tokens, err := auth.NewTokens(auth.Config{Secret: exampleSecret})
	if err != nil {
		panic(err)
	}
	v := &ProfileViewSet{}
	v.SetPermission(auth.IsAuthenticated).Only(v.Me)

	app := petra.New()
	app.Use(tokens.Middleware)
	app.Mount(petra.Module{Name: "profile", Routes: v.Routes(
		petra.Get("me/", v.Me),
	)})

	get := func(authorization string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/profile/me/", nil)
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body.String())
	}

	pair, err := tokens.Issue("ann")
	if err != nil {
		panic(err)
	}
	get("")
	get("Bearer " + pair.AccessToken)
	get("Bearer " + pair.RefreshToken)
	// Output:
	// 401 {"success":false,"message":"Authentication credentials were not provided or are invalid"}
	// 200 {"user":"ann"}
	// 401 {"success":false,"message":"Access token required"}
}

func ExampleHasher() {
	hasher := auth.Hasher{Cost: bcrypt.MinCost} // the zero Hasher uses bcrypt.DefaultCost
	hash, err := hasher.Hash("S3cret!pw")
	if err != nil {
		panic(err)
	}
	fmt.Println(hash[:len("bcrypt_sha256$$2a$04$")])
	fmt.Println(hasher.Check(hash, "S3cret!pw"), hasher.Check(hash, "wrong"))

	// No such account: compare anyway, so the answer takes as long.
	fmt.Println(hasher.Check("", "S3cret!pw"))
	// Output:
	// bcrypt_sha256$$2a$04$
	// true false
	// false
}
