package dto_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
)

// ProfileForm is the body of both PUT and PATCH /api/v1/people/profiles/<pk>.
type ProfileForm struct {
	ID       string  `json:"-"        path:"pk"`
	Username string  `json:"username" validate:"required,min=3,max=20"`
	Bio      *string `json:"bio"      validate:"omitempty,max=40"` // null clears it
}

// CleanUsername lower-cases the username and asks the viewset's store whether
// another profile has it: the hook reaches the store through the viewset.
func (f *ProfileForm) CleanUsername(r *petra.Request, v *ProfileViewSet) error {
	f.Username = strings.ToLower(f.Username)
	for id, p := range v.profiles {
		if id != f.ID && p.Username == f.Username {
			return petra.Invalid("username", "The username is taken")
		}
	}
	return nil
}

// ProfileViewSet holds the profiles its views change.
type ProfileViewSet struct {
	petra.ViewSet
	profiles map[string]ProfileForm
}

// PartialUpdate applies what a PATCH sends to the stored profile.
func (v *ProfileViewSet) PartialUpdate(r *petra.Request, patch *dto.Partial[ProfileForm]) petra.Result {
	p, ok := v.profiles[r.PathParam("pk")]
	if !ok {
		return petra.Fail(petra.NotFound("No such profile"))
	}
	if err := patch.Apply(&p); err != nil {
		return petra.Fail(err)
	}
	v.profiles[p.ID] = p
	return petra.Response(map[string]any{"profile": p, "username_sent": patch.Sent("username")})
}

func ExamplePartial() {
	bio := "Gopher"
	v := &ProfileViewSet{profiles: map[string]ProfileForm{
		"1": {ID: "1", Username: "ann", Bio: &bio},
		"2": {ID: "2", Username: "bob"},
	}}
	app := petra.New()
	app.Mount(petra.Module{Name: "people", Routes: v.Routes(
		petra.Patch("profiles/<slug:pk>", dto.Form(v.PartialUpdate, dto.With(v))),
	)})
	patch := func(body string) {
		req := httptest.NewRequest(http.MethodPatch, "/api/v1/people/profiles/1", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body.String())
	}

	patch(`{"bio":"Gopher and baker"}`) // the username is not sent, so not required
	patch(`{"username":"ANN"}`)         // one's own username, after cleaning
	patch(`{"username":"Bob"}`)         // another's
	patch(`{"bio":null}`)               // a pointer may be cleared
	patch(`{"username":null}`)          // a string may not
	// Output:
	// 200 {"profile":{"username":"ann","bio":"Gopher and baker"},"username_sent":false}
	// 200 {"profile":{"username":"ann","bio":"Gopher and baker"},"username_sent":true}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"username":["The username is taken"]}}
	// 200 {"profile":{"username":"ann","bio":null},"username_sent":false}
	// 400 {"success":false,"message":"The given data was invalid","errors":{"username":["The username must not be null"]}}
}
