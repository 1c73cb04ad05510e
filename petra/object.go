package petra

import "errors"

// ObjectPermission decides whether a request may act on one object that its
// view fetched, as DRF's has_object_permission does: it returns nil to allow,
// [ErrForbidden] (403) to refuse, or any other error, answered as [Fail]
// describes. A refusal of an anonymous request is answered 401 instead.
//
// Object permissions run when the view asks, with [Request.CheckObject], after
// it fetched the object: an unknown object is the view's 404 for every caller,
// as DRF's get_object answers, before any object permission is asked. Attach
// them with [ViewSet.SetObjectPermission] or [Route.ObjectPermission].
type ObjectPermission func(r *Request, obj any) error

// AllowAnyObject allows every request on every object.
func AllowAnyObject(*Request, any) error { return nil }

// SetObjectPermission adds a rule that perms guard the objects the viewset's
// views check with [Request.CheckObject]: all of the views, or those named by
// [PermissionRule.Only], or all but those named by [PermissionRule.Ignore].
//
//	v.SetPermission(auth.IsAuthenticated).Only(v.DeleteUser)
//	v.SetObjectPermission(auth.IsOwnerOrStaff(ownerOf)).Only(v.DeleteUser)
func (v *ViewSet) SetObjectPermission(perms ...ObjectPermission) *PermissionRule {
	rule := &PermissionRule{objectPerms: perms}
	v.rules = append(v.rules, rule)
	return rule
}

// ObjectPermission returns a copy of rt whose views' [Request.CheckObject] also
// runs perms, after the object permissions of its viewset.
func (rt Route) ObjectPermission(perms ...ObjectPermission) Route {
	rt.objectPerms = append(rt.objectPerms[:len(rt.objectPerms):len(rt.objectPerms)], perms...)
	return rt
}

// CheckObject runs the object permissions of the request's route on obj, which
// the view fetched, and returns the first refusal: [ErrForbidden] or the
// permission's own error, or [ErrUnauthenticated] when the request is
// anonymous and was refused with a 403. A view answers a refusal with
// [Fail]:
//
//	u, err := v.users.Get(r.Context(), r.PathParam("user_id"))
//	if err != nil {
//		return petra.Fail(err) // 404 for everyone
//	}
//	if err := r.CheckObject(u); err != nil {
//		return petra.Fail(err) // 401 or 403
//	}
//
// A Request made by [NewRequest] has no route and allows every object.
func (r *Request) CheckObject(obj any) error {
	if r.route == nil {
		return nil
	}
	for _, p := range r.route.objectPerms {
		err := p(r, obj)
		if err == nil {
			continue
		}
		if r.Principal() == nil && errors.Is(err, ErrForbidden) {
			return ErrUnauthenticated // DRF's NotAuthenticated: credentials would decide
		}
		return err
	}
	return nil
}
