package auth_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
)

// Account is an app's own user model.
type Account struct {
	UUID, Name   string
	Active       bool
	TokenVersion int64
}

func ExampleSessions() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite", ":memory:")
	if err != nil {
		panic(err)
	}
	defer d.Close()
	if err := d.Migrate(ctx, auth.Migrations); err != nil {
		panic(err)
	}
	accounts := map[string]*Account{"u1": {UUID: "u1", Name: "Ann", Active: true}}

	// The app plugs its user model in: one read per authenticated request.
	loader := auth.LoadPrincipalFunc(func(ctx context.Context, c *auth.Claims) (*auth.Principal, error) {
		a := accounts[c.Subject]
		if a == nil {
			return nil, nil // gone: its tokens are refused
		}
		return &auth.Principal{ID: a.UUID, Active: a.Active, TokenVersion: a.TokenVersion, User: a}, nil
	})
	tokens, err := auth.NewTokens(auth.Config{Secret: exampleSecret})
	if err != nil {
		panic(err)
	}
	sessions := auth.NewSessions(tokens, d, loader)

	pair, _ := sessions.Login(ctx, &auth.Principal{ID: "u1", Active: true})
	p, err := sessions.Authenticate(ctx, pair.AccessToken)
	fmt.Println(p.User.(*Account).Name, err)

	rotated, err := sessions.Refresh(ctx, pair.RefreshToken)
	fmt.Println(rotated != pair, err)
	// Replayed, the spent token revokes its family. The error says what the
	// client reads, then the reason, for the log.
	_, err = sessions.Refresh(ctx, pair.RefreshToken)
	fmt.Println(err)
	_, err = sessions.Authenticate(ctx, rotated.AccessToken)
	fmt.Println(errors.Is(err, auth.ErrTokenRevoked))

	// A new password bumps the version: every earlier token stops working.
	pair, _ = sessions.Login(ctx, &auth.Principal{ID: "u1", Active: true})
	accounts["u1"].TokenVersion++
	_, err = sessions.Authenticate(ctx, pair.AccessToken)
	fmt.Println(int(petra.Fail(err).Status()))
	// Output:
	// Ann <nil>
	// true <nil>
	// petra: 401 Token is revoked: auth: refresh token already spent
	// true
	// 401
}
