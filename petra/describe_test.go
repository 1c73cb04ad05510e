package petra_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// The headers a route declares with Returns reach its Operation, with the
// answer they belong to.
func TestReturnsHeaders(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Post("orders/", func(*petra.Request) petra.Result { return petra.Response(nil) }).
			Returns(petra.NoBody, status.HTTP_201_CREATED, petra.Header[url.URL]("Location", "The new order")).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT),
	}})
	ops := app.Operations()
	require.NotEmpty(t, ops)
	orders := ops[len(ops)-1] // after the project's own routes
	require.Equal(t, "/api/v1/shop/orders/", orders.Path)
	assert.Equal(t, []petra.Returned{
		{Status: status.HTTP_201_CREATED, Headers: []petra.ResponseHeader{
			{Name: "Location", Description: "The new order", Type: reflect.TypeFor[url.URL]()},
		}},
		{Status: status.HTTP_204_NO_CONTENT},
	}, orders.Responses)
}

func TestHeaderRefusesInvalidNames(t *testing.T) {
	tests := []struct {
		name  string
		valid bool
	}{
		{"Location", true},
		{"X-Total-Count", true},
		{"", false},
		{"Content Type", false},
		{"Location:", false},
		{"Ubicación", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			declare := func() { petra.Header[string](tt.name, "") }
			declareOptional := func() { petra.OptionalHeader[string](tt.name, "") }
			if tt.valid {
				assert.NotPanics(t, declare)
				assert.NotPanics(t, declareOptional)
			} else {
				assert.PanicsWithValue(t, `petra: Header: "`+tt.name+`" is not a valid header name`, declare)
				assert.PanicsWithValue(t, `petra: OptionalHeader: "`+tt.name+`" is not a valid header name`, declareOptional)
			}
		})
	}
}

// The error answers a route declares with Fails and FailsWith reach its
// Operation in order, each with the headers declared for it; an optional
// header says so.
func TestFailsHeaders(t *testing.T) {
	view := func(*petra.Request) petra.Result { return petra.Response(nil) }
	retry := petra.OptionalHeader[int]("Retry-After", "How many seconds to wait")
	locked := petra.Header[time.Time]("X-Locked-Until", "When the order may change again")
	tests := []struct {
		name  string
		route petra.Route
		want  []petra.Failed
	}{
		{"none", petra.Get("a", view), nil},
		{"codes without headers", petra.Get("b", view).Fails(status.HTTP_401_UNAUTHORIZED, status.HTTP_409_CONFLICT),
			[]petra.Failed{{Status: status.HTTP_401_UNAUTHORIZED}, {Status: status.HTTP_409_CONFLICT}}},
		{"a code with headers", petra.Get("c", view).FailsWith(status.HTTP_423_LOCKED, locked, retry),
			[]petra.Failed{{Status: status.HTTP_423_LOCKED, Headers: []petra.ResponseHeader{
				{Name: "X-Locked-Until", Description: "When the order may change again", Type: reflect.TypeFor[time.Time]()},
				{Name: "Retry-After", Description: "How many seconds to wait", Type: reflect.TypeFor[int](), Optional: true},
			}}}},
		{"both, in order", petra.Get("d", view).Fails(status.HTTP_409_CONFLICT).FailsWith(status.HTTP_503_SERVICE_UNAVAILABLE, retry),
			[]petra.Failed{{Status: status.HTTP_409_CONFLICT},
				{Status: status.HTTP_503_SERVICE_UNAVAILABLE, Headers: []petra.ResponseHeader{retry}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := petra.New()
			app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{tt.route}})
			ops := app.Operations()
			require.NotEmpty(t, ops)
			assert.Equal(t, tt.want, ops[len(ops)-1].Errors)
		})
	}
}

// A route's declarations are copies: declaring more on one does not change
// another made from the same route.
func TestFailsWithCopies(t *testing.T) {
	base := petra.Get("x", func(*petra.Request) petra.Result { return petra.Response(nil) }).Fails(status.HTTP_409_CONFLICT)
	a := base.FailsWith(status.HTTP_423_LOCKED, petra.Header[string]("X-A", ""))
	b := base.FailsWith(status.HTTP_429_TOO_MANY_REQUESTS, petra.Header[string]("X-B", ""))
	app := petra.New()
	app.Mount(petra.Module{Name: "a", Routes: []petra.Route{a}}, petra.Module{Name: "b", Routes: []petra.Route{b}})
	ops := app.Operations()
	errs := map[string][]petra.Failed{}
	for _, op := range ops {
		errs[op.Module] = op.Errors
	}
	assert.Equal(t, status.HTTP_423_LOCKED, errs["a"][1].Status)
	assert.Equal(t, status.HTTP_429_TOO_MANY_REQUESTS, errs["b"][1].Status)
}

// Languages names the languages an app answers in as Content-Language does.
func TestLanguages(t *testing.T) {
	french := petra.NewCatalog("fr-CA", map[string]string{"Not found": "Introuvable"})
	tests := []struct {
		name string
		opts []petra.Option
		want []string
	}{
		{"English only", nil, nil},
		{"with catalogs", []petra.Option{petra.WithCatalog(petra.Spanish, french)}, []string{"en", "es", "fr-CA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, petra.New(tt.opts...).Languages())
		})
	}
}

// AvatarForm is the multipart body of the routes of TestMultipart.
type AvatarForm struct {
	Avatar *multipart.FileHeader `form:"avatar" validate:"required"`
}

// A route declared Multipart describes its form in its Operation and answers
// 415 to another content type before its view runs, after its permissions;
// a multipart body reaches the view, which reads the file itself.
func TestMultipart(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "media", Routes: []petra.Route{
		petra.Post("avatar/", func(r *petra.Request) petra.Result {
			fh, err := r.File("avatar")
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(map[string]any{"size": fh.Size})
		}).Multipart(petra.Schema[AvatarForm]()),
		petra.Post("private/", func(*petra.Request) petra.Result { return petra.Response(nil) }).
			Permission(petra.IsAuthenticated).Multipart(petra.Schema[AvatarForm]()),
	}})
	ops := app.Operations()
	op := ops[len(ops)-2]
	require.Equal(t, "/api/v1/media/avatar/", op.Path)
	assert.Equal(t, reflect.TypeFor[AvatarForm](), op.Form)
	assert.True(t, op.Multipart)
	assert.False(t, op.Partial)

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("avatar", "me.png")
	require.NoError(t, err)
	_, err = part.Write([]byte("four"))
	require.NoError(t, err)
	require.NoError(t, w.Close())

	tests := []struct {
		name, path, contentType, body string
		code                          status.Code
		want                          string
	}{
		{"a multipart body", "avatar/", w.FormDataContentType(), body.String(), status.HTTP_200_OK, `"size":4`},
		{"a JSON body", "avatar/", "application/json", `{"avatar":"x"}`, status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, `"success":false`},
		{"no content type", "avatar/", "", "x", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, `"success":false`},
		{"a multipart body without the file", "avatar/", "multipart/form-data; boundary=x", "--x--\r\n", status.HTTP_400_BAD_REQUEST, `"avatar"`},
		{"anonymous, before the content type", "private/", "application/json", `{}`, status.HTTP_401_UNAUTHORIZED, `"success":false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/media/"+tt.path, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, req)
			assert.Equal(t, int(tt.code), rec.Code, rec.Body.String())
			assert.Contains(t, rec.Body.String(), tt.want)
		})
	}
}

// Multipart needs a struct type, and a view that binds no form already.
func TestMultipartPanics(t *testing.T) {
	view := func(*petra.Request) petra.Result { return petra.Response(nil) }
	tests := []struct {
		name  string
		route func() petra.Route
	}{
		{"no body type", func() petra.Route { return petra.Post("a/", view).Multipart(petra.NoBody) }},
		{"not a struct", func() petra.Route { return petra.Post("a/", view).Multipart(petra.Schema[string]()) }},
		{"a view that binds a form", func() petra.Route {
			h := petra.NewHandler(view, view).Binds(reflect.TypeFor[AvatarForm]())
			return petra.Post("a/", h).Multipart(petra.Schema[AvatarForm]())
		}},
	}
	for _, tt := range tests {
		assert.Panics(t, func() { tt.route() }, tt.name)
	}
}
