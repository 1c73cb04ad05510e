package dto

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// trimForm trims its email and tags, not its name.
type trimForm struct {
	Name  string   `json:"name"  form:"name"  validate:"max=10"`
	Email string   `json:"email" form:"email" dto:"trim" validate:"required,email"`
	Nick  *string  `json:"nick"  form:"nick"  dto:"trim"`
	Tags  []string `json:"tags"  form:"tags"  dto:"trim" validate:"dive,max=3"`
	Ref   string   `json:"-"     query:"ref"  dto:"trim" validate:"omitempty,alpha"`
}

func echoTrimForm(r *petra.Request, form *trimForm) petra.Result { return petra.Response(form) }

func TestTrimOption(t *testing.T) {
	app := newApp(t, nil,
		petra.Post("trim/", Form(echoTrimForm)),
		petra.Get("trim/", Form(echoTrimForm)),
		petra.Patch("trim/", Form(func(r *petra.Request, patch *Partial[trimForm]) petra.Result {
			form := trimForm{Name: " kept ", Email: "old@example.com", Tags: []string{" x "}}
			if err := patch.Apply(&form); err != nil {
				return petra.Fail(err)
			}
			return petra.Response(form)
		})))
	multi, multiType := multipartBody(t, [][2]string{{"name", " Ann "}, {"email", " ann@example.com\t"},
		{"nick", " an "}, {"tags", " a "}, {"tags", "b "}})
	const trimmed = `{"name":" Ann ","email":"ann@example.com","nick":"an","tags":["a","b"]}`
	tests := []struct {
		name, method, target, contentType, body string
		want                                    status.Code
		wantBody                                string
	}{
		{"json", http.MethodPost, "/api/v1/t/trim/", "application/json",
			`{"name":" Ann ","email":" ann@example.com\t","nick":" an ","tags":[" a ","b "]}`, status.HTTP_200_OK, trimmed},
		{"urlencoded", http.MethodPost, "/api/v1/t/trim/", "application/x-www-form-urlencoded",
			"name=+Ann+&email=+ann%40example.com%09&nick=+an+&tags=+a+&tags=b+", status.HTTP_200_OK, trimmed},
		{"multipart", http.MethodPost, "/api/v1/t/trim/", multiType, multi.String(), status.HTTP_200_OK, trimmed},
		{"GET query string", http.MethodGet,
			"/api/v1/t/trim/?name=+Ann+&email=+ann%40example.com%09&nick=+an+&tags=+a+&tags=b+", "", "",
			status.HTTP_200_OK, trimmed},
		{"Unicode spaces", http.MethodPost, "/api/v1/t/trim/", "application/json",
			`{"email":"\u00a0ann@example.com\u2003"}`, status.HTTP_200_OK, `{"name":"","email":"ann@example.com","nick":null,"tags":null}`},
		{"spaces alone are blank", http.MethodPost, "/api/v1/t/trim/", "application/json", `{"email":"   "}`,
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid",
				"errors":{"email":["The email field is required"]}}`},
		{"rules see the trimmed value", http.MethodPost, "/api/v1/t/trim/", "application/json",
			`{"email":"ann@example.com","tags":[" abc "]}`, status.HTTP_200_OK,
			`{"name":"","email":"ann@example.com","nick":null,"tags":["abc"]}`},
		{"partial: sent fields are trimmed, others kept", http.MethodPatch, "/api/v1/t/trim/", "application/json",
			`{"email":" new@example.com "}`, status.HTTP_200_OK,
			`{"name":" kept ","email":"new@example.com","nick":null,"tags":[" x "]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Send(tt.method, tt.target, tt.contentType, strings.NewReader(tt.body)).
				AssertJSON(tt.want, tt.wantBody)
		})
	}
}

func TestTrimOptionOnAQueryField(t *testing.T) {
	var got string
	app := newApp(t, nil, petra.Post("trim/", Form(func(r *petra.Request, form *trimForm) petra.Result {
		got = form.Ref
		return petra.Response(nil, status.HTTP_204_NO_CONTENT)
	})))
	petratest.New(t, app).Send(http.MethodPost, "/api/v1/t/trim/?ref=+abc%09", "application/json",
		strings.NewReader(`{"email":"ann@example.com"}`)).AssertStatus(status.HTTP_204_NO_CONTENT)
	assert.Equal(t, "abc", got)
}

func TestTrimOptionRefusedWhereItCannotWork(t *testing.T) {
	type notText struct {
		Age int `json:"age" dto:"trim"`
	}
	type unknownOption struct {
		Name string `json:"name" dto:"trim,upper"`
	}
	type inner struct {
		City string `json:"city" dto:"trim"`
	}
	type nested struct {
		Address inner `json:"address"`
	}
	tests := []struct {
		name  string
		build func()
		want  string
	}{
		{"not text", func() { NewBinder[notText]() }, "dto.notText.Age has dto:\"trim\", but a int is not text"},
		{"unknown option", func() { NewBinder[unknownOption]() }, `dto.unknownOption.Name has dto:"trim,upper": "upper" is not an option (trim)`},
		{"nested field", func() { NewBinder[nested]() }, `dto.inner.City has dto:"trim", which applies only to the fields of the form itself (dto.nested)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, "dto: "+tt.want, tt.build)
		})
	}
}
