package petra

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// docViewSet serves the routes the reverse tests build URLs of; each view
// answers its name and path parameters, so a request shows which view it
// reached with what.
type docViewSet struct{ ViewSet }

func (v *docViewSet) Get(r *Request) Result  { return Response("get " + r.PathParam("id")) }
func (v *docViewSet) Page(r *Request) Result { return Response("page " + r.PathParam("slug")) }
func (v *docViewSet) File(r *Request) Result { return Response("file " + r.PathParam("rest")) }
func (v *docViewSet) Tag(r *Request) Result  { return Response("tag " + r.PathParam("name")) }
func (v *docViewSet) Num(r *Request) Result  { return Response("num " + r.PathParam("n")) }
func (v *docViewSet) Item(r *Request) Result {
	return Response("item " + r.PathParam("shelf") + " " + r.PathParam("id"))
}
func (v *docViewSet) Unmounted(*Request) Result { return Response(nil) }

// created answers 201 with the Location of the doc it made.
func created(r *Request) Result {
	loc, err := r.Link("docs:get", "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f")
	if err != nil {
		return Fail(err)
	}
	return Response(nil, status.HTTP_201_CREATED).WithHeader("Location", loc)
}

type fileServer struct{}

func (fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(`"static ` + r.URL.Path + `"`))
}

// reverseApp mounts docViewSet's routes under a versioned module and a
// module with its own path.
func reverseApp(opts ...Option) (*App, *docViewSet) {
	v := &docViewSet{}
	app := New(opts...)
	app.Mount(
		Module{Name: "docs", Version: "v2", Routes: append(v.Routes(
			Get("docs/<uuid:id>", v.Get),
			Delete("docs/<uuid:id>", v.Get).Named("docs:delete"),
			Get("pages/<slug:slug>/", v.Page),
			Get("files/<path:rest>", v.File),
			Get("tags/<name>", v.Tag),
			Get("nums/{n:[0-9]+}", v.Num),
			Get("shelves/<int:shelf>/items/{id}", v.Item),
		), Post("docs/", created).Reverses("docs:get"))},
		Module{Path: "/site", Routes: []Route{Mount("static", fileServer{}).Named("site:static")}},
	)
	return app, v
}

func TestURL(t *testing.T) {
	app, v := reverseApp()
	id := uuid.MustParse("5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f")
	type shelf int
	tests := []struct {
		name   string
		view   any
		params []any
		want   string
		answer string // what the view answers at the URL, "" for no request
	}{
		{"method value, uuid.UUID", v.Get, []any{id}, "/api/v2/docs/docs/" + id.String(), "get " + id.String()},
		{"by default name", "docs:get", []any{id.String()}, "/api/v2/docs/docs/" + id.String(), "get " + id.String()},
		{"by given name", "docs:delete", []any{id}, "/api/v2/docs/docs/" + id.String(), ""},
		{"trailing slash kept", v.Page, []any{"hello-world"}, "/api/v2/docs/pages/hello-world/", "page hello-world"},
		{"str escaped", v.Tag, []any{"a b?#%é;"}, "/api/v2/docs/tags/a%20b%3F%23%25%C3%A9;", "tag a b?#%é;"},
		{"path keeps its slashes", v.File, []any{"img/a b.png"}, "/api/v2/docs/files/img/a%20b.png", "file img/a b.png"},
		{"chi regexp", v.Num, []any{uint8(42)}, "/api/v2/docs/nums/42", "num 42"},
		{"two parameters, a named int", v.Item, []any{shelf(3), "x"}, "/api/v2/docs/shelves/3/items/x", "item 3 x"},
		{"plain function", created, nil, "/api/v2/docs/docs/", ""},
		{"mount prefix and its rest", "site:static", []any{"css/site.css"}, "/site/static/css/site.css", "static /css/site.css"},
		{"project route", "hello-petra:status", nil, "/hello-petra/status", ""},
	}
	c := petratest.New(t, app)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := app.URL(tt.view, tt.params...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			if tt.answer != "" {
				c.WithTest(t).Get(got).AssertJSON(status.HTTP_200_OK, `"`+tt.answer+`"`)
			}
		})
	}
}

func TestURLErrors(t *testing.T) {
	app, v := reverseApp()
	other := &docViewSet{}
	twice := &docViewSet{}
	app.Mount(Module{Name: "a", Routes: twice.Routes(Get("x/", twice.Num))},
		Module{Name: "b", Routes: (&ViewSet{}).Routes(Get("x/", func(*Request) Result { return Response(nil) }))})
	id := uuid.NewString()
	tests := []struct {
		name   string
		view   any
		params []any
		msg    string
	}{
		{"a method never mounted", v.Unmounted, nil, "docViewSet).Unmounted is no route of the app"},
		{"an unknown name", "docs:nope", nil, `"docs:nope" is no route of the app`},
		{"an empty name", "", nil, "an empty route name"},
		{"neither view nor name", 42, nil, "got int"},
		{"a nil func", (func(*Request) Result)(nil), nil, "got func"},
		{"too few parameters", v.Get, nil, "takes 1 path parameters (id), got 0"},
		{"too many parameters", v.Get, []any{id, id}, "got 2"},
		{"a mount without its rest", "site:static", nil, "takes 1 path parameters (*), got 0"},
		{"not a uuid", v.Get, []any{"42"}, `"42" does not fit the parameter id`},
		{"an upper-case uuid", v.Get, []any{"5F0C1D2E-3A4B-4C5D-8E9F-0A1B2C3D4E5F"}, "does not fit"},
		{"not an int", v.Item, []any{"three", "x"}, `"three" does not fit the parameter shelf`},
		{"a negative int", v.Item, []any{-3, "x"}, `"-3" does not fit`},
		{"not a slug", v.Page, []any{"a b"}, "does not fit the parameter slug"},
		{"a slash in str", v.Tag, []any{"a/b"}, "does not fit the parameter name"},
		{"a slash in a chi parameter", v.Item, []any{1, "a/b"}, "does not fit the parameter id"},
		{"empty str", v.Tag, []any{""}, "does not fit"},
		{"empty path", v.File, []any{""}, "does not fit"},
		{"regexp mismatch", "docs:num", []any{"4x"}, "does not fit the parameter n"},
		{"a float", v.Page, []any{4.0}, "is a float64"},
		{"one method on two paths", other.Num, []any{4}, "is served at /api/v2/docs/nums/{n:[0-9]+} and at /api/v1/a/x/; reverse one by its route name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := app.URL(tt.view, tt.params...)
			require.ErrorIs(t, err, ErrNoReverseMatch)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Empty(t, got)
			assert.PanicsWithError(t, err.Error(), func() { app.MustURL(tt.view, tt.params...) })
		})
	}
}

func TestReverseInView(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"a path without a base URL", nil, "/api/v2/docs/docs/5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"},
		{"absolute with one", []Option{WithBaseURL("https://api.example.com/")},
			"https://api.example.com/api/v2/docs/docs/5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, _ := reverseApp(tt.opts...)
			res := petratest.New(t, app).PostJSON("/api/v2/docs/docs/", `{}`).AssertStatus(status.HTTP_201_CREATED)
			assert.Equal(t, tt.want, res.Header().Get("Location"))
		})
	}
	// Outside an app, a view has nothing to reverse.
	_, err := NewRequest(nil, &http.Request{}).Reverse("docs:get", uuid.NewString())
	assert.ErrorIs(t, err, ErrNoReverseMatch)
}

func TestCheck(t *testing.T) {
	v := &docViewSet{}
	app := New()
	app.Mount(Module{Name: "docs", Routes: v.Routes(
		Post("docs/", v.Get).Reverses(v.Page, "docs:tag"),
	)})
	err := app.Check()
	require.ErrorIs(t, err, ErrNoReverseMatch)
	assert.Contains(t, err.Error(), "POST /api/v1/docs/docs/ reverses: petra: no reverse match: petra.(*docViewSet).Page is no route of the app")
	assert.Contains(t, err.Error(), `"docs:tag" is no route of the app`)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // were it served, it would stop at once
	serveErr := app.Serve(ctx, l)
	require.ErrorIs(t, serveErr, ErrNoReverseMatch, "a faulty app is not served")
	_, err = l.Accept()
	assert.True(t, errors.Is(err, net.ErrClosed), "and its listener is closed: %v", err)

	app.Mount(Module{Name: "docs", Version: "v2", Routes: v.Routes(Get("pages/<slug:slug>", v.Page), Get("tags/<name>", v.Tag))})
	assert.NoError(t, app.Check(), "a target mounted after the route that reverses it")
	assert.NoError(t, New().Check(), "the project routes")

	assert.PanicsWithValue(t, "petra: Reverses of POST docs/: petra: no reverse match: a view (a method value, a function, a Handler) or a route name, got int",
		func() { Post("docs/", v.Get).Reverses(7) })
}

// FuzzURL reverses any value into a str and a path parameter: either it fits
// and the URL answers the view with the value unchanged, or it is refused
// with ErrNoReverseMatch.
func FuzzURL(f *testing.F) {
	for _, s := range []string{"a", "a b", "é/ü", "%2F", "..", "a?b#c", "x//y", "/", "\x00", ";,=&+$"} {
		f.Add(s)
	}
	app, v := reverseApp()
	f.Fuzz(func(t *testing.T, s string) {
		for _, tc := range []struct {
			view   any
			answer string
		}{{v.Tag, "tag "}, {v.File, "file "}} {
			u, err := app.URL(tc.view, s)
			if err != nil {
				require.ErrorIs(t, err, ErrNoReverseMatch)
				continue
			}
			req, err := http.NewRequest(http.MethodGet, "http://petra.test"+u, nil)
			require.NoError(t, err, u)
			want, err := json.Marshal(tc.answer + s)
			require.NoError(t, err)
			petratest.New(t, app).Do(req).AssertJSON(status.HTTP_200_OK, string(want))
		}
	})
}
