package auth

import (
	"fmt"

	"github.com/go-petra/petra/petra"
)

// IsAuthenticated allows requests that carry a principal, such as the [*Claims]
// [Tokens.Middleware] stores for a valid bearer token, and answers the others
// with petra.ErrUnauthenticated (401). It is the same check as
// [petra.IsAuthenticated], offered here so that code reads as in DRF:
//
//	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.DeleteUser)
var IsAuthenticated petra.Permission = petra.IsAuthenticated

// IsStaff allows requests whose [Principal] is staff: an anonymous request is
// answered 401, any other 403.
func IsStaff(r *petra.Request) error {
	if r.Principal() == nil {
		return petra.ErrUnauthenticated
	}
	if p := PrincipalFrom(r); p == nil || !p.Staff {
		return petra.ErrForbidden
	}
	return nil
}

// IsAdminUser is [IsStaff] under DRF's name.
var IsAdminUser petra.Permission = IsStaff

// IsOwner returns an object permission that allows the user that owns the
// object, as owner names it (by the [Principal]'s ID), and refuses everyone
// else with 403 (401 when anonymous, see petra.Request.CheckObject). An object
// that is not a T is a programming error, answered 500.
func IsOwner[T any](owner func(T) string) petra.ObjectPermission {
	return func(r *petra.Request, obj any) error {
		o, ok := obj.(T)
		if !ok {
			var zero T
			return fmt.Errorf("auth: IsOwner checks objects of type %T, got %T", zero, obj)
		}
		if p := PrincipalFrom(r); p == nil || p.ID != owner(o) {
			return petra.ErrForbidden
		}
		return nil
	}
}

// IsOwnerOrStaff returns an object permission that allows the object's owner,
// as [IsOwner] does, and staff, on any object.
func IsOwnerOrStaff[T any](owner func(T) string) petra.ObjectPermission {
	isOwner := IsOwner(owner)
	return func(r *petra.Request, obj any) error {
		if p := PrincipalFrom(r); p != nil && p.Staff {
			return nil
		}
		return isOwner(r, obj)
	}
}
