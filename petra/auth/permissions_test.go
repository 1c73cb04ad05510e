package auth_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// doc is an object with an owner.
type doc struct{ Owner string }

// asPrincipal authenticates "X-User: ann" as ann and "X-User: root" as staff.
func asPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("X-User"); id != "" {
			p := &auth.Principal{ID: id, Active: true, Staff: id == "root"}
			r = r.WithContext(petra.ContextWithPrincipal(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
}

func TestStaffAndOwnerPermissions(t *testing.T) {
	owner := func(d doc) string { return d.Owner }
	view := func(r *petra.Request) petra.Result {
		if err := r.CheckObject(doc{Owner: "ann"}); err != nil {
			return petra.Fail(err)
		}
		return petra.Response(nil, status.HTTP_204_NO_CONTENT)
	}
	app := petra.New()
	app.Use(asPrincipal)
	app.Mount(petra.Module{Name: "m", Routes: []petra.Route{
		petra.Get("staff", view).Permission(auth.IsStaff),
		petra.Get("admin", view).Permission(auth.IsAdminUser),
		petra.Get("owner", view).ObjectPermission(auth.IsOwner(owner)),
		petra.Get("owner-or-staff", view).ObjectPermission(auth.IsOwnerOrStaff(owner)),
		petra.Get("wrong-type", view).ObjectPermission(auth.IsOwner(func(s string) string { return s })),
	}})
	tests := []struct {
		path, user string
		want       status.Code
	}{
		{"staff", "", 401}, {"staff", "ann", 403}, {"staff", "root", 204},
		{"admin", "", 401}, {"admin", "ann", 403}, {"admin", "root", 204},
		{"owner", "", 401}, {"owner", "bob", 403}, {"owner", "ann", 204}, {"owner", "root", 403},
		{"owner-or-staff", "", 401}, {"owner-or-staff", "bob", 403}, {"owner-or-staff", "ann", 204}, {"owner-or-staff", "root", 204},
		{"wrong-type", "ann", 500},
	}
	for _, tt := range tests {
		t.Run(tt.path+" as "+tt.user, func(t *testing.T) {
			res := petratest.New(t, app).WithHeader("X-User", tt.user).Get("/api/v1/m/" + tt.path).AssertStatus(tt.want)
			if tt.want == 401 {
				assert.Equal(t, "Bearer", res.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestIsStaffWithoutAPrincipalOfSessions(t *testing.T) {
	// A principal of another kind (stateless claims) is not staff.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req = req.WithContext(petra.ContextWithPrincipal(req.Context(), &auth.Claims{}))
	assert.Equal(t, petra.ErrForbidden, auth.IsStaff(petra.NewRequest(httptest.NewRecorder(), req)))
}
