package dto_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

type ArticleForm struct {
	Title string `json:"title" validate:"required,max=20"`
}

type ArticleViewSet struct {
	petra.ViewSet
}

func (v *ArticleViewSet) List(r *petra.Request) petra.Result {
	return petra.Response([]string{"a", "b"})
}

func (v *ArticleViewSet) Create(r *petra.Request, f *ArticleForm) petra.Result {
	return petra.Response(f, status.HTTP_201_CREATED)
}

func (v *ArticleViewSet) Retrieve(r *petra.Request) petra.Result {
	return petra.Response(map[string]string{"pk": r.PathParam("pk")})
}

func (v *ArticleViewSet) Destroy(r *petra.Request) petra.Result {
	return petra.Response(nil, status.HTTP_204_NO_CONTENT)
}

func TestResource(t *testing.T) {
	v := &ArticleViewSet{}
	v.SetPermission(func(r *petra.Request) error { return petra.ErrForbidden }).Only(v.Destroy)
	app := petra.New()
	app.Mount(petra.Module{Name: "blog", Routes: dto.Resource("articles/<int:pk>", v)})

	tests := []struct {
		name, method, path, body string
		want                     status.Code
		wantBody                 string
	}{
		{"list", "GET", "/api/v1/blog/articles/", "", 200, `["a","b"]`},
		{"list without slash", "GET", "/api/v1/blog/articles", "", 200, `["a","b"]`},
		{"create", "POST", "/api/v1/blog/articles/", `{"title":"Go"}`, 201, `{"title":"Go"}`},
		{"create invalid", "POST", "/api/v1/blog/articles/", `{}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title field is required"]}}`},
		{"retrieve", "GET", "/api/v1/blog/articles/7", "", 200, `{"pk":"7"}`},
		{"retrieve bad pk", "GET", "/api/v1/blog/articles/x", "", 404, `{"success":false,"message":"Not found"}`},
		{"no update action", "PUT", "/api/v1/blog/articles/7", `{}`, 405, `{"success":false,"message":"Method not allowed"}`},
		{"destroy guarded", "DELETE", "/api/v1/blog/articles/7", "", 403,
			`{"success":false,"message":"You do not have permission to perform this action"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Send(tt.method, tt.path, "application/json", strings.NewReader(tt.body)).
				AssertJSON(tt.want, tt.wantBody)
		})
	}

	names := map[string]string{}
	for _, rt := range app.Routes() {
		names[rt.Method+" "+rt.Path] = rt.View + " " + rt.Name
	}
	assert.Equal(t, "dto_test.(*ArticleViewSet).Create blog:create", names["POST /api/v1/blog/articles/"])
	assert.Equal(t, "dto_test.(*ArticleViewSet).Retrieve blog:retrieve", names["GET /api/v1/blog/articles/<int:pk>"])
}

func TestResourceDefaultLookup(t *testing.T) {
	v := &ArticleViewSet{}
	app := petra.New()
	app.Mount(petra.Module{Name: "blog", Routes: dto.Resource("articles/", v)})
	petratest.New(t, app).Get("/api/v1/blog/articles/some-slug").AssertJSON(status.HTTP_200_OK, `{"pk":"some-slug"}`)
}

type noActions struct{ petra.ViewSet }

type badAction struct{ petra.ViewSet }

func (badAction) List(r *petra.Request) string { return "" }

func TestResourcePanics(t *testing.T) {
	assert.PanicsWithValue(t,
		`dto: Resource("x/"): *dto_test.noActions has none of List, Create, Retrieve, Update, PartialUpdate, Destroy`,
		func() { dto.Resource("x/", &noActions{}) })
	assert.Panics(t, func() { dto.Resource("x/", &badAction{}) })
}

// NoteForm is the form of both Update and PartialUpdate; its Clean asks the
// viewset whether another note has the title.
type NoteForm struct {
	ID    string `json:"-"     path:"pk"`
	Title string `json:"title" validate:"required,max=20"`
	Body  string `json:"body"  validate:"required"`
}

func (f *NoteForm) Clean(r *petra.Request, v *NoteViewSet) error {
	for id, n := range v.notes {
		if id != f.ID && n.Title == f.Title {
			return petra.Invalid("title", "The title is taken")
		}
	}
	return nil
}

type NoteViewSet struct {
	petra.ViewSet
	notes map[string]NoteForm
}

func (v *NoteViewSet) Update(r *petra.Request, f *NoteForm) petra.Result {
	v.notes[f.ID] = *f
	return petra.Response(f)
}

func (v *NoteViewSet) PartialUpdate(r *petra.Request, patch *dto.Partial[NoteForm]) petra.Result {
	n, ok := v.notes[r.PathParam("pk")]
	if !ok {
		return petra.Fail(petra.NotFound("No such note"))
	}
	if err := patch.Apply(&n); err != nil {
		return petra.Fail(err)
	}
	v.notes[n.ID] = n
	return petra.Response(map[string]any{"note": n, "body_sent": patch.Sent("body")})
}

func TestResourcePartialUpdate(t *testing.T) {
	v := &NoteViewSet{notes: map[string]NoteForm{
		"a": {ID: "a", Title: "Shopping", Body: "milk"},
		"b": {ID: "b", Title: "Chores", Body: "dishes"},
	}}
	app := petra.New()
	app.Mount(petra.Module{Name: "notes", Routes: dto.Resource("notes/<slug:pk>", v)})
	c := petratest.New(t, app)
	tests := []struct {
		name, method, path, body string
		want                     status.Code
		wantBody                 string
	}{
		{"PATCH sends one field", "PATCH", "a", `{"body":"eggs"}`, 200,
			`{"note":{"title":"Shopping","body":"eggs"},"body_sent":true}`},
		{"PATCH keeps its own title", "PATCH", "a", `{"title":"Shopping"}`, 200,
			`{"note":{"title":"Shopping","body":"eggs"},"body_sent":false}`},
		{"PATCH checks the merged object with the viewset", "PATCH", "a", `{"title":"Chores"}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title is taken"]}}`},
		{"PATCH validates what it sends", "PATCH", "a", `{"body":""}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"body":["The body field is required"]}}`},
		{"PATCH of an unknown note", "PATCH", "zz", `{"body":"x"}`, 404, `{"success":false,"message":"No such note"}`},
		{"PUT needs every field", "PUT", "a", `{"body":"x"}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title field is required"]}}`},
		{"PUT checks with the viewset too", "PUT", "a", `{"title":"Chores","body":"x"}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title is taken"]}}`},
		{"PUT", "PUT", "a", `{"title":"Errands","body":"x"}`, 200, `{"title":"Errands","body":"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.Send(tt.method, "/api/v1/notes/notes/"+tt.path, "application/json", strings.NewReader(tt.body)).
				AssertJSON(tt.want, tt.wantBody)
		})
	}
	assert.Equal(t, NoteForm{ID: "a", Title: "Errands", Body: "x"}, v.notes["a"])
	for _, op := range app.Operations() {
		if op.Method == "PATCH" {
			assert.Equal(t, "dto_test.NoteForm", op.Form.String(), "the route documents the form it binds")
		}
	}
}
