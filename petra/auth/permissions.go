package auth

import "github.com/go-petra/petra/petra"

// IsAuthenticated allows requests that carry a principal, such as the [*Claims]
// [Tokens.Middleware] stores for a valid bearer token, and answers the others
// with petra.ErrUnauthenticated (401). It is the same check as
// [petra.IsAuthenticated], offered here so that code reads as in DRF:
//
//	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.DeleteUser)
var IsAuthenticated petra.Permission = petra.IsAuthenticated
