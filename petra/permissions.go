package petra

// Permission decides whether a request may reach a view, like DRF's permission
// classes: it returns nil to allow, [ErrUnauthenticated] (401) when the request
// must first authenticate, [ErrForbidden] (403) when the principal may not, or any
// other error, which is answered as [Fail] describes.
//
// Attach permissions to the views of a [ViewSet] with [ViewSet.SetPermission], or
// to one route with [Route.Permission].
type Permission func(r *Request) error

// AllowAny allows every request.
func AllowAny(*Request) error { return nil }

// IsAuthenticated allows requests that carry a principal (see
// [ContextWithPrincipal]) and answers the others with [ErrUnauthenticated].
func IsAuthenticated(r *Request) error {
	if r.Principal() == nil {
		return ErrUnauthenticated
	}
	return nil
}

// AllOf allows a request that every one of perms allows, and otherwise answers
// with the first refusal.
func AllOf(perms ...Permission) Permission {
	return func(r *Request) error {
		for _, p := range perms {
			if err := p(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// AnyOf allows a request that at least one of perms allows, and otherwise answers
// with the first refusal. AnyOf() with no permission refuses with [ErrForbidden].
func AnyOf(perms ...Permission) Permission {
	return func(r *Request) error {
		var first error = ErrForbidden
		for i, p := range perms {
			err := p(r)
			if err == nil {
				return nil
			}
			if i == 0 {
				first = err
			}
		}
		return first
	}
}

// check runs perms in order and returns the first refusal.
func check(perms []Permission, r *Request) error {
	for _, p := range perms {
		if err := p(r); err != nil {
			return err
		}
	}
	return nil
}
