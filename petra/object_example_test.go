package petra_test

import (
	"net/http"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// DocViewSet serves documents, each with an owner.
type DocViewSet struct {
	petra.ViewSet
	owners map[string]string // document ID → owner
}

// Destroy fetches the document first (404 for everyone when unknown), then
// asks its object permissions.
func (v *DocViewSet) Destroy(r *petra.Request) petra.Result {
	owner, ok := v.owners[r.PathParam("id")]
	if !ok {
		return petra.Fail(petra.NotFound("Document not found"))
	}
	if err := r.CheckObject(owner); err != nil {
		return petra.Fail(err)
	}
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}

func ExampleRequest_CheckObject() {
	v := &DocViewSet{owners: map[string]string{"1": "ann"}}
	v.SetObjectPermission(func(r *petra.Request, owner any) error {
		if r.Header.Get("X-User") != owner {
			return petra.ErrForbidden
		}
		return nil
	}).Only(v.Destroy)

	app := petra.New()
	app.Use(func(next http.Handler) http.Handler { // a stand-in for authentication
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if name := r.Header.Get("X-User"); name != "" {
				r = r.WithContext(petra.ContextWithPrincipal(r.Context(), name))
			}
			next.ServeHTTP(w, r)
		})
	})
	app.Mount(petra.Module{Name: "docs", Routes: v.Routes(
		petra.Delete("<int:id>", v.Destroy),
	)})
	call(app, http.MethodDelete, "/api/v1/docs/2", "X-User", "bob")
	call(app, http.MethodDelete, "/api/v1/docs/1")
	call(app, http.MethodDelete, "/api/v1/docs/1", "X-User", "bob")
	call(app, http.MethodDelete, "/api/v1/docs/1", "X-User", "ann")
	// Output:
	// 404 {"success":false,"message":"Document not found"}
	// 401 {"success":false,"message":"Authentication credentials were not provided or are invalid"}
	// 403 {"success":false,"message":"You do not have permission to perform this action"}
	// 204
}
