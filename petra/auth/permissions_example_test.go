package auth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/status"
)

// Post is an object with an author.
type Post struct{ ID, Author string }

// PostViewSet deletes posts: their author or staff may.
type PostViewSet struct {
	petra.ViewSet
	posts map[string]Post
}

// Destroy fetches, then checks, then deletes.
func (v *PostViewSet) Destroy(r *petra.Request) petra.Result {
	post, ok := v.posts[r.PathParam("id")]
	if !ok {
		return petra.Fail(petra.NotFound("Post not found"))
	}
	if err := r.CheckObject(post); err != nil {
		return petra.Fail(err)
	}
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}

func ExampleIsOwnerOrStaff() {
	v := &PostViewSet{posts: map[string]Post{"1": {ID: "1", Author: "ann"}}}
	v.SetPermission(auth.IsAuthenticated).Only(v.Destroy)
	v.SetObjectPermission(auth.IsOwnerOrStaff(func(p Post) string { return p.Author })).Only(v.Destroy)

	app := petra.New()
	app.Use(func(next http.Handler) http.Handler { // stands for Sessions.Middleware
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if id := r.Header.Get("X-User"); id != "" {
				p := &auth.Principal{ID: id, Active: true, Staff: id == "root"}
				r = r.WithContext(petra.ContextWithPrincipal(r.Context(), p))
			}
			next.ServeHTTP(w, r)
		})
	})
	app.Mount(petra.Module{Name: "posts", Routes: v.Routes(
		petra.Delete("<int:id>", v.Destroy),
	)})
	for _, who := range []string{"", "bob", "ann", "root"} {
		req := httptest.NewRequest(http.MethodDelete, "/api/v1/posts/1", nil)
		req.Header.Set("X-User", who)
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		fmt.Printf("%q: %d %q\n", who, rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	// Output:
	// "": 401 "Bearer"
	// "bob": 403 ""
	// "ann": 204 ""
	// "root": 204 ""
}
