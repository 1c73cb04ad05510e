package dto

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// newApp returns an app serving routes under /api/v1/t/, logging to log when it
// is not nil.
func newApp(t testing.TB, log io.Writer, routes ...petra.Route) *petra.App {
	t.Helper()
	if log == nil {
		log = io.Discard
	}
	app := petra.New(petra.WithLogger(slog.New(slog.NewTextHandler(log, nil))))
	app.Mount(petra.Module{Name: "t", Routes: routes})
	return app
}

// filePart is one file of a multipart body.
type filePart struct{ field, name, content string }

// multipartBody encodes fields and files as multipart/form-data and returns the
// body with its Content-Type.
func multipartBody(t testing.TB, fields [][2]string, files ...filePart) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, kv := range fields {
		require.NoError(t, w.WriteField(kv[0], kv[1]))
	}
	for _, f := range files {
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, f.field, f.name))
		h.Set("Content-Type", "text/plain")
		part, err := w.CreatePart(h)
		require.NoError(t, err)
		_, err = io.WriteString(part, f.content)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return &buf, w.FormDataContentType()
}

// userForm is the form of the DESIGN page.
type userForm struct {
	Name  string `json:"name"  form:"name"  validate:"required,max=100"`
	Email string `json:"email" form:"email" validate:"required,email,max=100"`
	Age   int    `json:"age"   form:"age"   validate:"required,gte=1,lte=150"`
}

func createUser(r *petra.Request, form *userForm) petra.Result {
	return petra.Response(form, status.HTTP_201_CREATED)
}

func listUsers(r *petra.Request, form *userForm) petra.Result {
	return petra.Response(form)
}

// postForm takes its user from the path and its page from the query string.
type postForm struct {
	UserID int    `json:"user_id" path:"user_id"`
	Page   int    `json:"-" query:"page" validate:"omitempty,gte=1"`
	Title  string `json:"title" form:"title" validate:"required,max=20"`
}

func createPost(r *petra.Request, form *postForm) petra.Result {
	return petra.Response(form, status.HTTP_201_CREATED)
}

// uploadForm takes files.
type uploadForm struct {
	Title  string                  `form:"title" validate:"required"`
	Avatar *multipart.FileHeader   `form:"avatar" validate:"required"`
	Docs   []*multipart.FileHeader `form:"docs"`
}

func upload(r *petra.Request, form *uploadForm) petra.Result {
	docs := make([]string, 0, len(form.Docs))
	for _, d := range form.Docs {
		docs = append(docs, d.Filename)
	}
	f, err := form.Avatar.Open()
	if err != nil {
		return petra.Fail(err)
	}
	defer f.Close()
	content, err := io.ReadAll(f)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(map[string]any{
		"title": form.Title, "avatar": form.Avatar.Filename, "avatar_content": string(content), "docs": docs,
	}, status.HTTP_201_CREATED)
}

func formApp(t testing.TB, opts ...petra.Option) *petra.App {
	t.Helper()
	app := petra.New(append([]petra.Option{petra.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))}, opts...)...)
	app.Mount(petra.Module{Name: "t", Routes: []petra.Route{
		petra.Post("users/", Form(createUser)),
		petra.Get("users/", Form(listUsers)),
		petra.Delete("users/", Form(listUsers)),
		petra.Post("users/<str:user_id>/posts/", Form(createPost)),
		petra.Post("upload/", Form(upload)),
		petra.Post("small/", Form(createUser)).BodyLimit(64),
	}})
	return app
}

func TestFormBindsEachContentType(t *testing.T) {
	app := formApp(t)
	const valid = `{"name":"Ann","email":"ann@example.com","age":30}`
	multi, multiType := multipartBody(t, [][2]string{{"name", "Ann"}, {"email", "ann@example.com"}, {"age", "30"}})
	tests := []struct {
		name, method, target, contentType string
		body                              io.Reader
		want                              status.Code
		wantBody                          string
	}{
		{"json", http.MethodPost, "/api/v1/t/users/", "application/json", strings.NewReader(valid),
			status.HTTP_201_CREATED, valid},
		{"json with charset", http.MethodPost, "/api/v1/t/users/", "application/json; charset=utf-8", strings.NewReader(valid),
			status.HTTP_201_CREATED, valid},
		{"json media type in capitals", http.MethodPost, "/api/v1/t/users/", "Application/JSON", strings.NewReader(valid),
			status.HTTP_201_CREATED, valid},
		{"vnd.api+json", http.MethodPost, "/api/v1/t/users/", "application/vnd.api+json", strings.NewReader(valid),
			status.HTTP_201_CREATED, valid},
		{"urlencoded", http.MethodPost, "/api/v1/t/users/", "application/x-www-form-urlencoded",
			strings.NewReader("name=Ann&email=ann%40example.com&age=30"), status.HTTP_201_CREATED, valid},
		{"multipart", http.MethodPost, "/api/v1/t/users/", multiType, multi, status.HTTP_201_CREATED, valid},
		{"GET binds the query string", http.MethodGet, "/api/v1/t/users/?name=Ann&email=ann@example.com&age=30", "", nil,
			status.HTTP_200_OK, valid},
		{"DELETE binds the query string", http.MethodDelete, "/api/v1/t/users/?name=Ann&email=ann@example.com&age=30", "", nil,
			status.HTTP_200_OK, valid},
		{"GET without the query string", http.MethodGet, "/api/v1/t/users/", "", nil, status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The given data was invalid","errors":{
				"name":["The name field is required"],"email":["The email field is required"],"age":["The age field is required"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Send(tt.method, tt.target, tt.contentType, tt.body).AssertJSON(tt.want, tt.wantBody)
		})
	}
}

func TestFormMultipartFiles(t *testing.T) {
	app := formApp(t)
	tests := []struct {
		name     string
		fields   [][2]string
		files    []filePart
		want     status.Code
		wantBody string
	}{
		{"one file and several", [][2]string{{"title", "Me"}},
			[]filePart{{"avatar", "me.png", "PNG"}, {"docs", "a.txt", "a"}, {"docs", "b.txt", "b"}},
			status.HTTP_201_CREATED, `{"title":"Me","avatar":"me.png","avatar_content":"PNG","docs":["a.txt","b.txt"]}`},
		{"no optional files", [][2]string{{"title", "Me"}}, []filePart{{"avatar", "me.png", "PNG"}},
			status.HTTP_201_CREATED, `{"title":"Me","avatar":"me.png","avatar_content":"PNG","docs":[]}`},
		{"required file missing", [][2]string{{"title", "Me"}}, []filePart{{"docs", "a.txt", "a"}},
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid",
				"errors":{"avatar":["The avatar field is required"]}}`},
		{"a text field is not a file", [][2]string{{"title", "Me"}, {"avatar", "me.png"}}, nil,
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid",
				"errors":{"avatar":["The avatar field is required"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartBody(t, tt.fields, tt.files...)
			petratest.New(t, app).Send(http.MethodPost, "/api/v1/t/upload/", ct, body).AssertJSON(tt.want, tt.wantBody)
		})
	}
}

func TestFormQueryAndPath(t *testing.T) {
	app := formApp(t)
	tests := []struct {
		name, target, body string
		want               status.Code
		wantBody           string
	}{
		{"path, query and body", "/api/v1/t/users/7/posts/?page=2", `{"title":"Hi"}`,
			status.HTTP_201_CREATED, `{"user_id":7,"title":"Hi"}`},
		{"the path wins over the body", "/api/v1/t/users/7/posts/", `{"title":"Hi","user_id":99}`,
			status.HTTP_201_CREATED, `{"user_id":7,"title":"Hi"}`},
		{"a path that does not convert is not found", "/api/v1/t/users/abc/posts/", `{"title":"Hi"}`,
			status.HTTP_404_NOT_FOUND, `{"success":false,"message":"Not found"}`},
		{"query and body errors in one list", "/api/v1/t/users/7/posts/?page=x", `{"title":"` + strings.Repeat("a", 21) + `"}`,
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid","errors":{
				"page":["The page must be an integer"],"title":["The title must not be greater than 20 characters"]}}`},
		{"query rules", "/api/v1/t/users/7/posts/?page=0", `{}`,
			status.HTTP_400_BAD_REQUEST, `{"success":false,"message":"The given data was invalid","errors":{
				"page":["The page must be at least 1"],"title":["The title field is required"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).PostJSON(tt.target, tt.body).AssertJSON(tt.want, tt.wantBody)
		})
	}
	t.Run("the query page reaches the view", func(t *testing.T) {
		app := newApp(t, nil, petra.Post("users/<int:user_id>/posts/", Form(func(r *petra.Request, f *postForm) petra.Result {
			return petra.Response(map[string]int{"user_id": f.UserID, "page": f.Page})
		})))
		petratest.New(t, app).PostForm("/api/v1/t/users/7/posts/?page=3", url.Values{"title": {"Hi"}, "user_id": {"99"}}).
			AssertJSON(http.StatusOK, `{"user_id":7,"page":3}`)
	})
}

func TestFormKeepsTheRawBody(t *testing.T) {
	const body = `{"name":"Ann","email":"ann@example.com","age":30}`
	app := newApp(t, nil, petra.Post("raw/", Form(func(r *petra.Request, f *userForm) petra.Result {
		raw, err := r.RawBody()
		if err != nil {
			return petra.Fail(err)
		}
		again, err := io.ReadAll(r.Body)
		if err != nil {
			return petra.Fail(err)
		}
		return petra.Response(map[string]string{"raw": string(raw), "body": string(again), "name": f.Name})
	})))
	petratest.New(t, app).PostJSON("/api/v1/t/raw/", body).
		AssertJSON(http.StatusOK, `{"raw":`+fmt.Sprintf("%q", body)+`,"body":`+fmt.Sprintf("%q", body)+`,"name":"Ann"}`)
}

func TestFormBodyLimit(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", 200) + `","email":"ann@example.com","age":30}`
	tests := []struct {
		name, target string
		opts         []petra.Option
		body         io.Reader
	}{
		{"app limit, Content-Length known", "/api/v1/t/users/", []petra.Option{petra.WithBodyLimit(64)}, strings.NewReader(big)},
		{"app limit, length unknown", "/api/v1/t/users/", []petra.Option{petra.WithBodyLimit(64)}, io.MultiReader(strings.NewReader(big))},
		{"route limit", "/api/v1/t/small/", nil, strings.NewReader(big)},
		{"route limit, length unknown", "/api/v1/t/small/", nil, io.MultiReader(strings.NewReader(big))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, formApp(t, tt.opts...)).Send(http.MethodPost, tt.target, "application/json", tt.body).
				AssertJSON(http.StatusRequestEntityTooLarge, `{"success":false,"message":"The request body is too large"}`)
		})
	}
	t.Run("multipart over the limit", func(t *testing.T) {
		body, ct := multipartBody(t, [][2]string{{"title", "Me"}}, filePart{"avatar", "me.png", strings.Repeat("x", 4096)})
		petratest.New(t, formApp(t, petra.WithBodyLimit(1024))).Send(http.MethodPost, "/api/v1/t/upload/", ct, io.MultiReader(body)).
			AssertStatus(http.StatusRequestEntityTooLarge).Envelope()
	})
}

func TestFormRejectsBadBodies(t *testing.T) {
	app := formApp(t)
	const invalid = "The given data was invalid"
	tests := []struct {
		name, contentType, body string
		want                    status.Code
		message                 string              // the envelope's message, or a part of it
		errors                  map[string][]string // nil: none
	}{
		{"malformed JSON says where", "application/json", "{\n  \"name\": x}", status.HTTP_400_BAD_REQUEST,
			"The request body is not valid JSON: invalid character 'x' looking for beginning of value at line 2, column 11", nil},
		{"truncated JSON", "application/json", `{"name":"Ann"`, status.HTTP_400_BAD_REQUEST,
			"The request body is not valid JSON", nil},
		{"an array", "application/json", `[{"name":"Ann"}]`, status.HTTP_400_BAD_REQUEST,
			"The request body must be a JSON object", nil},
		{"a string", "application/json", `"Ann"`, status.HTTP_400_BAD_REQUEST,
			"The request body must be a JSON object", nil},
		{"a number", "application/json", `42`, status.HTTP_400_BAD_REQUEST,
			"The request body must be a JSON object", nil},
		{"null", "application/json", `null`, status.HTTP_400_BAD_REQUEST,
			"The request body must be a JSON object", nil},
		{"trailing garbage", "application/json", `{"name":"Ann","email":"ann@example.com","age":30} x`,
			status.HTTP_400_BAD_REQUEST, "The request body is not valid JSON: invalid character 'x' after top-level value", nil},
		{"a second object", "application/json", `{"name":"Ann","email":"ann@example.com","age":30}{}`,
			status.HTTP_400_BAD_REQUEST, "The request body is not valid JSON", nil},
		{"wrong type", "application/json", `{"name":"Ann","email":"ann@example.com","age":"thirty"}`,
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{"age": {"The age must be an integer"}}},
		{"wrong type with other errors", "application/json", `{"name":"","email":"nope","age":"thirty"}`,
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{
				"age":   {"The age must be an integer"},
				"name":  {"The name field is required"},
				"email": {"The email must be a valid email address"},
			}},
		{"every wrong type is reported", "application/json", `{"name":1,"email":true,"age":"thirty"}`,
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{
				"age":   {"The age must be an integer"},
				"name":  {"The name must be a string"},
				"email": {"The email must be a string"},
			}},
		{"wrong type under a key in another case", "application/json", `{"NAME":"Ann","Email":"ann@example.com","AGE":"thirty"}`,
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{"age": {"The age must be an integer"}}},
		{"a fraction for an integer", "application/json", `{"name":"Ann","email":"ann@example.com","age":1.5}`,
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{"age": {"The age must be an integer"}}},
		{"an integer out of range", "application/json", `{"name":"Ann","email":"ann@example.com","age":1e30}`,
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{"age": {"The age must be an integer"}}},
		{"urlencoded wrong type", "application/x-www-form-urlencoded", "name=Ann&email=ann%40example.com&age=x",
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{"age": {"The age must be an integer"}}},
		{"urlencoded bad escape", "application/x-www-form-urlencoded", "name=%zz",
			status.HTTP_400_BAD_REQUEST, "The request body is not a valid urlencoded form", nil},
		{"multipart without a boundary", "multipart/form-data", "--x\r\n",
			status.HTTP_400_BAD_REQUEST, "The request body is not a valid multipart form", nil},
		{"unsupported Content-Type", "text/plain", `{"name":"Ann"}`, status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
			"Unsupported media type", nil},
		{"xml", "application/xml", `<user/>`, status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", nil},
		{"a body without Content-Type", "", `{"name":"Ann"}`, status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
			"Unsupported media type", nil},
		{"an empty body", "application/json", ``, status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{
			"name": {"The name field is required"}, "email": {"The email field is required"}, "age": {"The age field is required"},
		}},
		{"a blank body", "application/json", " \n\t", status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{
			"name": {"The name field is required"}, "email": {"The email field is required"}, "age": {"The age field is required"},
		}},
		{"an empty body without Content-Type", "", ``, status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{
			"name": {"The name field is required"}, "email": {"The email field is required"}, "age": {"The age field is required"},
		}},
		{"100k-deep nesting", "application/json", `{"name":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`,
			status.HTTP_400_BAD_REQUEST, "exceeded max depth", nil},
		{"100k-deep objects", "application/json", strings.Repeat(`{"a":`, 100_000),
			status.HTTP_400_BAD_REQUEST, "The request body is not valid JSON", nil},
		{"invalid UTF-8 in JSON", "application/json", "{\"name\":\"A\xff\xfe\",\"email\":\"ann@example.com\",\"age\":30}",
			status.HTTP_400_BAD_REQUEST, "The request body is not valid UTF-8", nil},
		{"a raw NUL in a JSON string", "application/json", "{\"name\":\"A\x00\",\"email\":\"ann@example.com\",\"age\":30}",
			status.HTTP_400_BAD_REQUEST, "The request body is not valid JSON", nil},
		{"an escaped NUL in a JSON string", "application/json", `{"name":"A\u0000","email":"ann@example.com","age":30}`,
			status.HTTP_400_BAD_REQUEST, "The request body must not contain null characters", nil},
		{"invalid UTF-8 urlencoded", "application/x-www-form-urlencoded", "name=A%ff&email=ann%40example.com&age=30",
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{"name": {"The name must be valid UTF-8 text"}}},
		{"NUL urlencoded", "application/x-www-form-urlencoded", "name=A%00&email=ann%40example.com&age=30",
			status.HTTP_400_BAD_REQUEST, invalid, map[string][]string{"name": {"The name must not contain null characters"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := petratest.New(t, app).Send(http.MethodPost, "/api/v1/t/users/", tt.contentType, strings.NewReader(tt.body)).
				AssertStatus(tt.want).Envelope()
			assert.Contains(t, env.Message, tt.message)
			assert.Equal(t, tt.errors, env.Errors)
		})
	}
}

func TestFormQueryStringText(t *testing.T) {
	app := formApp(t)
	tests := []struct {
		name, query string
		errors      map[string][]string
	}{
		{"invalid UTF-8", "name=%ff&email=ann@example.com&age=30", map[string][]string{"name": {"The name must be valid UTF-8 text"}}},
		{"NUL", "name=a%00b&email=ann@example.com&age=30", map[string][]string{"name": {"The name must not contain null characters"}}},
		{"wrong type", "name=Ann&email=ann@example.com&age=old", map[string][]string{"age": {"The age must be an integer"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Get("/api/v1/t/users/?"+tt.query).AssertFieldErrors(http.StatusBadRequest, tt.errors)
		})
	}
}

func TestBind(t *testing.T) {
	binder := NewBinder[userForm]()
	view := func(bind func(*petra.Request) (*userForm, error)) func(*petra.Request) petra.Result {
		return func(r *petra.Request) petra.Result {
			form, err := bind(r)
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(form, status.HTTP_201_CREATED)
		}
	}
	app := newApp(t, nil, petra.Post("bind/", view(Bind[userForm])), petra.Post("binder/", view(binder.Bind)))
	tests := []struct {
		name, body string
		want       status.Code
		wantBody   string
	}{
		{"valid", `{"name":"Ann","email":"ann@example.com","age":30}`, status.HTTP_201_CREATED,
			`{"name":"Ann","email":"ann@example.com","age":30}`},
		{"invalid", `{"name":"Ann","email":"ann@example.com","age":0}`, status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The given data was invalid","errors":{"age":["The age must be at least 1"]}}`},
		{"malformed", `{`, status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The request body is not valid JSON: unexpected end of JSON input at line 1, column 1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).PostJSON("/api/v1/t/bind/", tt.body).AssertJSON(tt.want, tt.wantBody)
			petratest.New(t, app).PostJSON("/api/v1/t/binder/", tt.body).AssertJSON(tt.want, tt.wantBody)
		})
	}
}

func TestFormNeedsAView(t *testing.T) {
	assert.PanicsWithValue(t, "dto: Form needs a view", func() {
		Form[userForm](nil)
	})
}

func TestFormKeepsTheViewIdentity(t *testing.T) {
	app := newApp(t, nil, petra.Post("users/", Form(createUser)))
	var found bool
	for _, rt := range app.Routes() {
		if rt.Path == "/api/v1/t/users/" {
			found = true
			assert.Equal(t, "dto.createUser", rt.View)
		}
	}
	assert.True(t, found)
}

type typesForm struct {
	Items   []msgItem      `json:"items"`
	Address msgAddress     `json:"address"`
	Labels  map[string]int `json:"labels"`
	When    time.Time      `json:"when"`
	Small   int8           `json:"small"`
	Count   uint           `json:"count"`
	Name    string         `json:"name" validate:"required"`
	Tags    []string       `json:"tags" validate:"dive,required"`
}

func TestFormWrongTypesAreKeyedByField(t *testing.T) {
	app := newApp(t, nil, petra.Post("f/", Form(echo[typesForm])))
	manyItems := `{"name":"x","items":[` + strings.TrimSuffix(strings.Repeat(`{"sku":1,"qty":1},`, 3*maxFieldErrors), ",") + `]}`
	manyBlanks := `{"name":"x","tags":[` + strings.TrimSuffix(strings.Repeat(`"",`, 3*maxFieldErrors), ",") + `]}`
	tests := []struct {
		name, body string
		errors     map[string][]string
		count      int // when errors is nil: how many fields are listed
	}{
		{"every one, where it is", `{"items":[{"sku":"ABCDEFGH","qty":1},{"sku":2,"qty":"x"}],"address":"Oslo",
			"labels":{"a":1,"b":"x"},"small":300,"count":-1,"name":""}`, map[string][]string{
			"items[1].sku": {"The sku must be a string"},
			"items[1].qty": {"The qty must be an integer"},
			"address":      {"The address must be an object"},
			"labels[b]":    {"The labels must be an integer"},
			"small":        {"The small is out of range"},
			"count":        {"The count must be a non-negative integer"},
			"name":         {"The name field is required"},
		}, 0},
		{"a list for an object, an object for a list", `{"address":[],"items":{"sku":"A"},"name":"x"}`, map[string][]string{
			"address": {"The address must be an object"},
			"items":   {"The items must be a list"},
		}, 0},
		{"a value its type refuses", `{"when":"yesterday","name":"x"}`, map[string][]string{
			"when": {"The when is not valid"},
		}, 0},
		{"a value its type refuses, and a wrong type", `{"when":"yesterday","small":"x","name":"x"}`, map[string][]string{
			"when": {"The when is not valid"}, "small": {"The small must be an integer"},
		}, 0},
		{"at most maxFieldErrors wrong types", manyItems, nil, maxFieldErrors},
		{"at most maxFieldErrors failed rules", manyBlanks, nil, maxFieldErrors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := petratest.New(t, app).PostJSON("/api/v1/t/f/", tt.body).AssertStatus(http.StatusBadRequest).Envelope()
			if tt.errors != nil {
				assert.Equal(t, tt.errors, env.Errors)
			} else {
				assert.Len(t, env.Errors, tt.count)
			}
		})
	}
}
