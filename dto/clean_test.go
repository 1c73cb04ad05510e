package dto

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// signupForm has clean hooks that record that they ran in trace, and that give
// themselves away with a message when they run when they should not.
type signupForm struct {
	Email    string     `json:"email"    validate:"required,email"`
	Username string     `json:"username" validate:"required,min=3"`
	Address  msgAddress `json:"address"`
	Age      int        `json:"age"      validate:"required,gte=1"`
	trace    []string
}

func (f *signupForm) CleanEmail(r *petra.Request) error {
	f.trace = append(f.trace, "CleanEmail")
	if !strings.Contains(f.Email, "@") {
		return petra.Invalid("email", "CleanEmail ran on an invalid email")
	}
	f.Email = strings.ToLower(f.Email)
	return nil
}

func (f *signupForm) CleanUsername(r *petra.Request) error {
	f.trace = append(f.trace, "CleanUsername")
	switch f.Username {
	case "admin":
		return petra.Invalid("username", "The username is reserved")
	case "boom":
		return errors.New("clean: lookup failed: secret-dsn")
	}
	return nil
}

func (f *signupForm) CleanAddress(r *petra.Request) error {
	f.trace = append(f.trace, "CleanAddress")
	if len(f.Address.City) > 5 {
		return petra.Invalid("address", "CleanAddress ran on an invalid address")
	}
	return nil
}

func (f *signupForm) Clean(r *petra.Request) error {
	f.trace = append(f.trace, "Clean")
	switch {
	case f.Username == "admin" || f.Username == "root":
		return petra.Invalid("username", "The username is taken").Add("email", "Use another email")
	case f.Username == "ghost":
		return petra.NotFound("No such invitation")
	case f.Age == 13:
		return fmt.Errorf("clean: %w", errors.New("database at secret-dsn is down"))
	case r.Header.Get("X-Invite") == "bad":
		return petra.Invalid("invite", "The invite is not valid")
	}
	return nil
}

func signup(r *petra.Request, f *signupForm) petra.Result {
	return petra.Response(map[string]any{"email": f.Email, "trace": f.trace}, status.HTTP_201_CREATED)
}

func TestClean(t *testing.T) {
	var log bytes.Buffer
	app := newApp(t, &log, petra.Post("signup/", Form(signup)))
	tests := []struct {
		name, body, invite string
		want               status.Code
		wantBody           string
	}{
		{"normalises, fields first", `{"email":"Ann@Example.COM","username":"ann","address":{"city":"Oslo"},"age":30}`, "",
			status.HTTP_201_CREATED, `{"email":"ann@example.com","trace":["CleanEmail","CleanUsername","CleanAddress","Clean"]}`},
		{"Clean's errors join the envelope", `{"email":"ann@example.com","username":"root","address":{"city":"Oslo"},"age":30}`, "",
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid","errors":{
				"username":["The username is taken"],"email":["Use another email"]}}`},
		{"Clean sees the request", `{"email":"ann@example.com","username":"ann","address":{"city":"Oslo"},"age":30}`, "bad",
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid","errors":{
				"invite":["The invite is not valid"]}}`},
		{"a field hook's error stops Clean", `{"email":"ann@example.com","username":"admin","address":{"city":"Oslo"},"age":30}`, "",
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid","errors":{
				"username":["The username is reserved"]}}`},
		{"hooks run only for fields that passed their rules, Clean not at all",
			`{"email":"nope","username":"admin","address":{"city":"Stockholm"},"age":30}`, "",
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid","errors":{
				"email":["The email must be a valid email address"],"username":["The username is reserved"],
				"address.city":["The city must not be greater than 5 characters"]}}`},
		{"Clean's status error keeps its status", `{"email":"ann@example.com","username":"ghost","address":{"city":"Oslo"},"age":30}`, "",
			status.HTTP_404_NOT_FOUND, `{"success":false,"message":"No such invitation"}`},
		{"Clean's other errors are a 500", `{"email":"ann@example.com","username":"ann","address":{"city":"Oslo"},"age":13}`, "",
			status.HTTP_500_INTERNAL_SERVER_ERROR, `{"success":false,"message":"Internal server error"}`},
		{"a field hook's other errors are a 500", `{"email":"ann@example.com","username":"boom","address":{"city":"Oslo"},"age":30}`, "",
			status.HTTP_500_INTERNAL_SERVER_ERROR, `{"success":false,"message":"Internal server error"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log.Reset()
			c := petratest.New(t, app)
			if tt.invite != "" {
				c = c.WithHeader("X-Invite", tt.invite)
			}
			res := c.PostJSON("/api/v1/t/signup/", tt.body).AssertJSON(tt.want, tt.wantBody)
			if tt.want == status.HTTP_500_INTERNAL_SERVER_ERROR {
				assert.NotContains(t, res.Body(), "secret")
				assert.Contains(t, log.String(), "secret-dsn", "the log has what the client does not")
			} else {
				assert.Empty(t, log.String())
			}
		})
	}
}

// The form types below cannot work; Form must say so when the route is built.
type (
	badFieldHook struct {
		Name string `json:"name"`
	}
	badClean struct {
		Name string `json:"name"`
	}
	misspeltRule struct {
		Name string `json:"name" validate:"requird"`
	}
	misspeltInList struct {
		Items []misspeltRule `json:"items"`
	}
	misspeltInStruct struct {
		Inner *misspeltRule `json:"inner"`
	}
	queryStruct struct {
		Filter msgAddress `query:"filter"`
	}
	badRuleForKind struct {
		Address msgAddress `json:"address" validate:"min=1"`
	}
	hiddenEmbed struct {
		Name string `json:"name"`
	}
	embedsHiddenPointer struct {
		*hiddenEmbed
	}
)

func (f *badFieldHook) CleanName() error { return nil }

func (f *badClean) Clean() error { return nil }

func TestFormPanicsAtDeclaration(t *testing.T) {
	tests := []struct {
		name  string
		build func()
		want  string
	}{
		{"a field hook with another signature", func() { planFor[badFieldHook]() },
			"dto: *dto.badFieldHook.CleanName must be func(*petra.Request) error"},
		{"Clean with another signature", func() { planFor[badClean]() },
			"dto: *dto.badClean.Clean must be func(*petra.Request) error to clean the form"},
		{"a misspelt rule", func() {
			Form(func(r *petra.Request, f *misspeltRule) petra.Result { return petra.Response(nil) })
		}, "dto: form dto.misspeltRule has a bad validate tag: Undefined validation function 'requird' on field 'Name'"},
		{"a misspelt rule, bound by a Binder", func() { NewBinder[misspeltRule]() },
			"dto: form dto.misspeltRule has a bad validate tag: Undefined validation function 'requird' on field 'Name'"},
		{"a zero Binder", func() { _, _ = Binder[userForm]{}.Bind(nil) }, "dto: a zero Binder; build it with NewBinder"},
		{"a misspelt rule in a list's elements", func() { planFor[misspeltInList]() },
			"dto: form dto.misspeltInList has a bad validate tag: Undefined validation function 'requird' on field 'Name'"},
		{"a misspelt rule behind a nil pointer", func() { planFor[misspeltInStruct]() },
			"dto: form dto.misspeltInStruct has a bad validate tag: Undefined validation function 'requird' on field 'Name'"},
		{"a rule that does not fit the kind", func() { planFor[badRuleForKind]() },
			"dto: form dto.badRuleForKind has a bad validate tag: Bad field type dto.msgAddress"},
		{"not a struct", func() {
			Form(func(r *petra.Request, f *string) petra.Result { return petra.Response(nil) })
		}, "dto: a form must be a struct type, got string"},
		{"a query tag on a struct", func() { planFor[queryStruct]() },
			"dto: dto.queryStruct.Filter has a query or path tag but a dto.msgAddress cannot be read from text"},
		{"an unexported struct embedded by pointer", func() { planFor[embedsHiddenPointer]() },
			"dto: dto.embedsHiddenPointer embeds *dto.hiddenEmbed, which encoding/json cannot fill"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				v := recover()
				require.NotNil(t, v, "no panic")
				assert.Contains(t, fmt.Sprint(v), tt.want)
			}()
			tt.build()
		})
	}
}
