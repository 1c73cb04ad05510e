package petra

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// user is the principal the test authentication middleware sets.
type user struct{ Name string }

// authenticate is a stand-in for an authentication middleware: "X-User: ann"
// makes ann the principal, "X-User: nil" sets a nil *user, as a failed lookup
// would.
func authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch name := r.Header.Get("X-User"); name {
		case "":
		case "nil":
			var nobody *user
			r = r.WithContext(ContextWithPrincipal(r.Context(), nobody))
		default:
			r = r.WithContext(ContextWithPrincipal(r.Context(), &user{Name: name}))
		}
		next.ServeHTTP(w, r)
	})
}

// isAdmin allows ann only.
func isAdmin(r *Request) error {
	if u, _ := r.Principal().(*user); u == nil || u.Name != "ann" {
		return ErrForbidden
	}
	return nil
}

func TestAuthenticationAndPermission(t *testing.T) {
	logger, logs := petratest.NewLogger()
	app := New(WithLogger(logger))
	app.Use(authenticate)
	app.Mount(Module{Name: "m", Routes: []Route{
		Get("me", func(r *Request) Result { return Response(r.Principal()) }).Permission(IsAuthenticated),
		Get("admin", reply("admin")).Permission(IsAuthenticated, isAdmin),
		Get("broken", reply("never")).Permission(func(*Request) error { return errors.New("token store unreachable") }),
		Get("gone", reply("never")).Permission(func(*Request) error { return NotFound("No such tenant") }),
	}})
	const unauthenticated, forbidden = "Authentication credentials were not provided or are invalid", "You do not have permission to perform this action"
	tests := []struct {
		name, target, user string
		code               status.Code
		message            string
	}{
		{"anonymous", "/api/v1/m/me", "", 401, unauthenticated},
		{"nil principal", "/api/v1/m/me", "nil", 401, unauthenticated},
		{"anonymous admin", "/api/v1/m/admin", "", 401, unauthenticated},
		{"not an admin", "/api/v1/m/admin", "bob", 403, forbidden},
		{"permission fails", "/api/v1/m/broken", "ann", 500, "Internal server error"},
		{"permission chooses its status", "/api/v1/m/gone", "ann", 404, "No such tenant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).WithHeader("X-User", tt.user).Get(tt.target).AssertError(tt.code, tt.message)
		})
	}
	assert.Contains(t, logs.String(), "token store unreachable")

	c := petratest.New(t, app)
	c.WithHeader("X-User", "bob").Get("/api/v1/m/me").AssertJSON(status.HTTP_200_OK, `{"Name":"bob"}`)
	c.WithHeader("X-User", "ann").Get("/api/v1/m/admin").AssertStatus(status.HTTP_200_OK)
}

func TestPrincipal(t *testing.T) {
	ann := &user{Name: "ann"}
	var nilUser *user
	var nilMap map[string]any
	tests := []struct {
		name string
		p    any
		want any
	}{
		{"pointer", ann, ann},
		{"value", "claims", "claims"},
		{"zero value", 0, 0},
		{"nil", nil, nil},
		{"nil pointer", nilUser, nil},
		{"nil map", nilMap, nil},
		{"nil func", (func())(nil), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := ContextWithPrincipal(context.Background(), tt.p)
			assert.Equal(t, tt.want, PrincipalFrom(ctx))
			r := NewRequest(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx))
			assert.Equal(t, tt.want, r.Principal())
			assert.Equal(t, tt.want == nil, IsAuthenticated(r) != nil)
		})
	}
	assert.Nil(t, PrincipalFrom(context.Background()))
}

func TestAllOfAnyOf(t *testing.T) {
	allow := AllowAny
	unauth := Permission(func(*Request) error { return ErrUnauthenticated })
	forbid := Permission(func(*Request) error { return ErrForbidden })
	tests := []struct {
		name string
		perm Permission
		want error
	}{
		{"AllOf()", AllOf(), nil},
		{"AllOf(allow, allow)", AllOf(allow, allow), nil},
		{"AllOf(allow, forbid)", AllOf(allow, forbid), ErrForbidden},
		{"AllOf(unauth, forbid)", AllOf(unauth, forbid), ErrUnauthenticated},
		{"AllOf(forbid, unauth)", AllOf(forbid, unauth), ErrForbidden},
		{"AnyOf()", AnyOf(), ErrForbidden},
		{"AnyOf(forbid, allow)", AnyOf(forbid, allow), nil},
		{"AnyOf(allow, forbid)", AnyOf(allow, forbid), nil},
		{"AnyOf(unauth, forbid)", AnyOf(unauth, forbid), ErrUnauthenticated},
		{"AnyOf(forbid, unauth)", AnyOf(forbid, unauth), ErrForbidden},
		{"AnyOf(AllOf(allow, forbid), allow)", AnyOf(AllOf(allow, forbid), allow), nil},
		{"AllOf(AnyOf(forbid, unauth), allow)", AllOf(AnyOf(forbid, unauth), allow), ErrForbidden},
		{"IsAuthenticated", IsAuthenticated, ErrUnauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRequest(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
			assert.Equal(t, tt.want, tt.perm(r))

			// and through HTTP
			app := newApp()
			app.Mount(Module{Name: "m", Routes: []Route{Get("x", reply("ok")).Permission(tt.perm)}})
			want := status.HTTP_200_OK
			if tt.want != nil {
				want = tt.want.(*Error).Code
			}
			assert.Equal(t, want, petratest.New(t, app).Get("/api/v1/m/x").Code())
		})
	}
}
