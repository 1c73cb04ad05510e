package auth

import (
	"context"

	"github.com/go-petra/petra/petra"
)

// Principal is who a request authenticated by [Sessions] is: the app's own
// user, as its [PrincipalLoader] loaded it, with what petra/auth needs to know
// of it. It is the request's principal ([petra.Request.Principal]); views read
// it with [PrincipalFrom], and the app's user with [UserFrom].
type Principal struct {
	// ID is the user's stable identifier, the "sub" of its tokens.
	ID string
	// Active is false for a deactivated account, whose tokens are refused.
	Active bool
	// Staff grants what [IsStaff] and [IsOwnerOrStaff] guard, as Django's
	// is_staff does.
	Staff bool
	// TokenVersion is a number the app changes (typically increments) when
	// the user's tokens must stop working: on a password change, a "log out
	// everywhere". Tokens carry the version they were issued at and are
	// refused once it differs.
	TokenVersion int64
	// User is the app's own user value, whatever the loader put there.
	User any
	// Claims are the claims of the token that authenticated the request; set
	// by [Sessions], not by the loader.
	Claims *Claims
}

// PrincipalLoader turns the claims of a verified token into the app's user: the
// app implements it over its own user model. LoadPrincipal returns (nil, nil)
// when the user no longer exists, which refuses the token with
// [ErrTokenRevoked]; any error is answered as petra.Fail describes (a database
// outage is a 503, not a 401). It is called on every authenticated request and
// every refresh, so it should be one indexed read. It must be safe for
// concurrent use.
type PrincipalLoader interface {
	LoadPrincipal(ctx context.Context, claims *Claims) (*Principal, error)
}

// LoadPrincipalFunc adapts a function to a [PrincipalLoader].
type LoadPrincipalFunc func(ctx context.Context, claims *Claims) (*Principal, error)

// LoadPrincipal calls f.
func (f LoadPrincipalFunc) LoadPrincipal(ctx context.Context, claims *Claims) (*Principal, error) {
	return f(ctx, claims)
}

// PrincipalFrom returns the [*Principal] that [Sessions] authenticated r as, or
// nil for an anonymous request or one authenticated otherwise.
func PrincipalFrom(r *petra.Request) *Principal { return PrincipalFromContext(r.Context()) }

// PrincipalFromContext is [PrincipalFrom] for code that has only the context.
func PrincipalFromContext(ctx context.Context) *Principal {
	p, _ := petra.PrincipalFrom(ctx).(*Principal)
	return p
}

// UserFrom returns the app's user of the request's [Principal] as a T, and
// whether there is one of that type:
//
//	me, ok := auth.UserFrom[*user.User](r)
func UserFrom[T any](r *petra.Request) (T, bool) {
	var zero T
	p := PrincipalFrom(r)
	if p == nil {
		return zero, false
	}
	u, ok := p.User.(T)
	return u, ok
}
