package petra

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// note is an object with an owner, as a view fetches it.
type note struct{ ID, Owner string }

// noteViewSet serves notes by ID; its views fetch first, then check, as DRF's
// get_object does.
type noteViewSet struct {
	ViewSet
	notes map[string]note
}

func (v *noteViewSet) fetch(r *Request) (note, error) {
	n, ok := v.notes[r.PathParam("id")]
	if !ok {
		return note{}, NotFound("Note not found")
	}
	return n, r.CheckObject(n)
}

func (v *noteViewSet) Get(r *Request) Result {
	n, err := v.fetch(r)
	if err != nil {
		return Fail(err)
	}
	return Response(n)
}

func (v *noteViewSet) Delete(r *Request) Result {
	if _, err := v.fetch(r); err != nil {
		return Fail(err)
	}
	return Response(nil, status.HTTP_204_NO_CONTENT)
}

// isOwner allows the note's owner only.
func isOwner(r *Request, obj any) error {
	u, _ := r.Principal().(*user)
	if u == nil || u.Name != obj.(note).Owner {
		return ErrForbidden
	}
	return nil
}

func TestObjectPermission(t *testing.T) {
	v := &noteViewSet{notes: map[string]note{"1": {ID: "1", Owner: "ann"}}}
	v.SetObjectPermission(isOwner).Only(v.Delete)
	app := New()
	app.Use(authenticate)
	app.Mount(Module{Name: "m", Routes: v.Routes(
		Get("notes/<int:id>", v.Get),
		Delete("notes/<int:id>", v.Delete),
		Get("guarded/<int:id>", v.Get).ObjectPermission(isOwner),
		Get("chained/<int:id>", v.Get).ObjectPermission(AllowAnyObject, func(*Request, any) error { return ErrForbidden }),
		Get("broken/<int:id>", v.Get).ObjectPermission(func(*Request, any) error { return errors.New("acl store down") }),
	)})
	const notFound, forbidden = "Note not found", "You do not have permission to perform this action"
	tests := []struct {
		name, method, path, user string
		code                     status.Code
		message                  string
	}{
		{"unknown note, anonymous", http.MethodDelete, "/api/v1/m/notes/9", "", 404, notFound},
		{"unknown note, another user", http.MethodDelete, "/api/v1/m/notes/9", "bob", 404, notFound},
		{"unknown note, a would-be owner", http.MethodDelete, "/api/v1/m/notes/9", "ann", 404, notFound},
		{"anonymous", http.MethodDelete, "/api/v1/m/notes/1", "", 401, ErrUnauthenticated.Message},
		{"another user", http.MethodDelete, "/api/v1/m/notes/1", "bob", 403, forbidden},
		{"owner", http.MethodDelete, "/api/v1/m/notes/1", "ann", 204, ""},
		{"a view the rule does not name", http.MethodGet, "/api/v1/m/notes/1", "bob", 200, ""},
		{"route object permission", http.MethodGet, "/api/v1/m/guarded/1", "bob", 403, forbidden},
		{"route object permission, owner", http.MethodGet, "/api/v1/m/guarded/1", "ann", 200, ""},
		{"every object permission runs", http.MethodGet, "/api/v1/m/chained/1", "ann", 403, forbidden},
		{"a failing object permission", http.MethodGet, "/api/v1/m/broken/1", "ann", 500, "Internal server error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := petratest.New(t, app).WithHeader("X-User", tt.user).
				Send(tt.method, tt.path, "", nil).AssertStatus(tt.code)
			if tt.message != "" {
				res.AssertError(tt.code, tt.message)
			}
			if tt.code == 401 {
				assert.Equal(t, "Bearer", res.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestCheckObjectOutsideARoute(t *testing.T) {
	r := NewRequest(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	assert.NoError(t, r.CheckObject(note{}), "a Request without a route has no object permissions")
}
