package petra

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

const testUUID = "123e4567-e89b-12d3-a456-426614174000"

func TestConverters(t *testing.T) {
	tests := []struct {
		route, path string
		match       bool
		params      map[string]string // what PathParam returns when it matches
	}{
		{"items/<int:id>", "items/42", true, map[string]string{"id": "42"}},
		{"items/<int:id>", "items/007", true, map[string]string{"id": "007"}},
		{"items/<int:id>", "items/-1", false, nil},
		{"items/<int:id>", "items/1.5", false, nil},
		{"items/<int:id>", "items/1e3", false, nil},
		{"items/<int:id>", "items/abc", false, nil},
		{"items/<int:id>", "items/%EF%BC%91", false, nil}, // a full-width digit
		{"items/<int:id>", "items/", false, nil},

		{"users/<uuid:id>", "users/" + testUUID, true, map[string]string{"id": testUUID}},
		{"users/<uuid:id>", "users/" + strings.ToUpper(testUUID), false, nil}, // lower case only, as Django
		{"users/<uuid:id>", "users/123E4567-e89b-12d3-a456-426614174000", false, nil},
		{"users/<uuid:id>", "users/123e4567e89b12d3a456426614174000", false, nil},
		{"users/<uuid:id>", "users/123e4567-e89b-12d3-a456-42661417400", false, nil},
		{"users/<uuid:id>", "users/123e4567-e89b-12d3-a456-4266141740000", false, nil},
		{"users/<uuid:id>", "users/123e4567-e89b-12d3-a456_426614174000", false, nil},
		{"users/<uuid:id>", "users/g23e4567-e89b-12d3-a456-426614174000", false, nil},
		{"users/<uuid:id>", "users/{" + testUUID + "}", false, nil},

		{"posts/<slug:s>", "posts/hello-world_2", true, map[string]string{"s": "hello-world_2"}},
		{"posts/<slug:s>", "posts/Hello", true, map[string]string{"s": "Hello"}},
		{"posts/<slug:s>", "posts/a.b", false, nil},
		{"posts/<slug:s>", "posts/hello%20world", false, nil},
		{"posts/<slug:s>", "posts/h%C3%A9llo", false, nil},
		{"posts/<slug:s>", "posts/", false, nil},

		{"tags/<str:t>", "tags/go%20lang.v2", true, map[string]string{"t": "go lang.v2"}},
		{"tags/<str:t>", "tags/h%C3%A9llo", true, map[string]string{"t": "héllo"}},
		{"tags/<str:t>", "tags/a/b", false, nil},
		{"tags/<str:t>", "tags/", false, nil},
		{"tags/<t>", "tags/x", true, map[string]string{"t": "x"}}, // <t> is <str:t>

		{"files/<path:p>", "files/a/b/c.txt", true, map[string]string{"p": "a/b/c.txt"}},
		{"files/<path:p>", "files/a", true, map[string]string{"p": "a"}},
		{"files/<path:p>", "files/a/", true, map[string]string{"p": "a/"}},
		{"files/<path:p>", "files/", false, nil},
		{"files/<path:p>", "files", false, nil},

		{"orgs/<slug:org>/repos/<int:n>/", "orgs/go-petra/repos/3/", true, map[string]string{"org": "go-petra", "n": "3"}},
		{"orgs/<slug:org>/repos/<int:n>/", "orgs/go-petra/repos/3", true, map[string]string{"org": "go-petra", "n": "3"}},
		{"orgs/<slug:org>/repos/<int:n>/", "orgs/go.petra/repos/3", false, nil},
		{"orgs/<slug:org>/repos/<int:n>/", "orgs/go-petra/repos/x", false, nil},
		{"v<int:major>.<int:minor>", "v1.2", true, map[string]string{"major": "1", "minor": "2"}},

		{"chi/{id}", "chi/anything", true, map[string]string{"id": "anything"}},
		{"chi/{id:[0-9]+}", "chi/12", true, map[string]string{"id": "12"}},
		{"chi/{id:[0-9]+}", "chi/ab", false, nil},
		{"chi/{code:[a-z]{2}}-<int:n>", "chi/en-5", true, map[string]string{"code": "en", "n": "5"}},
		{"chi/{code:[a-z]{2}}-<int:n>", "chi/eng-5", false, nil},
		{"chi/*", "chi/x/y", true, map[string]string{"*": "x/y"}},
	}
	for _, tt := range tests {
		t.Run(tt.route+" "+tt.path, func(t *testing.T) {
			called := false
			var got map[string]string
			app := newApp()
			app.Mount(Module{Name: "c", Routes: []Route{Get(tt.route, func(r *Request) Result {
				called = true
				got = map[string]string{}
				for name := range tt.params {
					got[name] = r.PathParam(name)
				}
				return Response("ok")
			})}})
			res := petratest.New(t, app).Get("/api/v1/c/" + tt.path)
			if !tt.match {
				res.AssertError(status.HTTP_404_NOT_FOUND, "Not found")
				assert.False(t, called, "the view must not run")
				return
			}
			res.AssertStatus(status.HTTP_200_OK)
			assert.Equal(t, tt.params, got)
		})
	}
}

func TestParsePattern(t *testing.T) {
	tests := []struct {
		path, chi, shape string
		keys             []string
		checks           []string // "name:converter"
		wildcard         string
	}{
		{"users/", "users/", "users/", nil, nil, ""},
		{"users/<uuid:user_id>/", "users/{user_id}/", "users/{}/", []string{"user_id"}, []string{"user_id:uuid"}, ""},
		{"a/<id>/b/<int:n>", "a/{id}/b/{n}", "a/{}/b/{}", []string{"id", "n"}, []string{"id:str", "n:int"}, ""},
		{"files/<path:rest>", "files/*", "files/*", []string{"rest"}, nil, "rest"},
		{"chi/{id}/{n:[0-9]+}", "chi/{id}/{n:[0-9]+}", "chi/{}/{:[0-9]+}", []string{"id", "n"}, nil, ""},
		{"re/{c:[<>]{1,2}}", "re/{c:[<>]{1,2}}", "re/{:[<>]{1,2}}", []string{"c"}, nil, ""},
		{"chi/*", "chi/*", "chi/*", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := parsePattern(tt.path)
			assert.Equal(t, tt.chi, p.chi)
			assert.Equal(t, tt.shape, p.shape)
			assert.Equal(t, tt.keys, p.keys)
			var checks []string
			for _, c := range p.params {
				checks = append(checks, c.name+":"+c.conv.name)
			}
			assert.Equal(t, tt.checks, checks)
			assert.Equal(t, tt.wildcard, p.wildcard)
		})
	}
}

func TestParsePatternPanics(t *testing.T) {
	tests := []struct{ path, want string }{
		{"users/<uuid:id", `petra: route "users/<uuid:id" has an unclosed converter`},
		{"users/<", `petra: route "users/<" has an unclosed converter`},
		{"users/id>", `petra: route "users/id>" has a '>' without its '<'`},
		{"users/<float:x>", `petra: route "users/<float:x>" uses the unknown converter "float" (use str, int, slug, uuid or path)`},
		{"users/<UUID:x>", `petra: route "users/<UUID:x>" uses the unknown converter "UUID" (use str, int, slug, uuid or path)`},
		{"users/<int:>", `petra: route "users/<int:>" has the parameter name "": use letters, digits and underscores`},
		{"users/<>", `petra: route "users/<>" has the parameter name "": use letters, digits and underscores`},
		{"users/<int:1id>", `petra: route "users/<int:1id>" has the parameter name "1id": use letters, digits and underscores`},
		{"users/<int:user-id>", `petra: route "users/<int:user-id>" has the parameter name "user-id": use letters, digits and underscores`},
		{"users/<int:a:b>", `petra: route "users/<int:a:b>" has the parameter name "a:b": use letters, digits and underscores`},
		{"users/<int:id>/<slug:id>", `petra: route "users/<int:id>/<slug:id>" names the parameter "id" twice`},
		{"users/{id}/<int:id>", `petra: route "users/{id}/<int:id>" names the parameter "id" twice`},
		{"users/{id}/{id}", `petra: route "users/{id}/{id}" names the parameter "id" twice`},
		{"files/<path:p>/edit", `petra: route "files/<path:p>/edit": a <path:...> parameter must end the route`},
		{"files/<path:p>/", `petra: route "files/<path:p>/": a <path:...> parameter must end the route`},
		{"users/{id", `petra: route "users/{id" has an unclosed '{'`},
		{"users/{id:[0-9]{2}", `petra: route "users/{id:[0-9]{2}" has an unclosed '{'`},
		{"users/id}", `petra: route "users/id}" has a '}' without its '{'`},
		{"users/{}", `petra: route "users/{}" has the parameter name "": use letters, digits and underscores`},
		{"users/{id:(}", `petra: route "users/{id:(}" is not a pattern chi accepts: chi: invalid regexp pattern '^($' in route param`},
		{"files/*/edit", `petra: route "files/*/edit" is not a pattern chi accepts: chi: wildcard '*' must be the last value in a route. trim trailing text or use a '{param}' instead`},
		{"*/{id}", `petra: route "*/{id}" is not a pattern chi accepts: chi: wildcard '*' must be the last pattern in a route, otherwise use a '{param}'`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			assert.Equal(t, tt.want, panicMessage(func() { parsePattern(tt.path) }))
		})
	}
}

// djangoConverters are Django's own regular expressions for its converters, the
// reference petra's matchers follow (str and path within what chi passes them).
var djangoConverters = map[string]*regexp.Regexp{
	"int":  regexp.MustCompile(`^[0-9]+$`),
	"str":  regexp.MustCompile(`^[^/]+$`),
	"slug": regexp.MustCompile(`^[-a-zA-Z0-9_]+$`),
	"uuid": regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`),
	"path": regexp.MustCompile(`(?s)^.+$`),
}

// The uuid converter answers as Django's for every byte at every position
// of a UUID.
func TestUUIDConverterEveryByte(t *testing.T) {
	for i := range len(testUUID) {
		for b := range 256 {
			value := testUUID[:i] + string([]byte{byte(b)}) + testUUID[i+1:]
			if djangoConverters["uuid"].MatchString(value) != isUUID(value) {
				t.Errorf("isUUID(%q) = %v", value, isUUID(value))
			}
		}
	}
}

// FuzzConverters checks that each converter accepts exactly what Django's accepts.
func FuzzConverters(f *testing.F) {
	for _, seed := range []string{"", "0", "42", "-1", "1.5", "a", "hello-world_1", "héllo", "a b", "a/b",
		testUUID, strings.ToUpper(testUUID), testUUID + "0", "\x00", "\n7", "7\n", "٣"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		for name, conv := range converters {
			if name == "str" && strings.Contains(value, "/") {
				continue // chi never hands str a slash: the segment ends there
			}
			assert.Equal(t, djangoConverters[name].MatchString(value), conv.match(value), "%s(%q)", name, value)
		}
	})
}

// FuzzParsePattern checks that any route either panics with a petra message when
// declared, or serves any request without a panic or a 5xx.
func FuzzParsePattern(f *testing.F) {
	seeds := [][2]string{
		{"users/<uuid:user_id>", "users/" + testUUID},
		{"users/<int:id>/", "users/1/"},
		{"<slug:s>", "a-b"},
		{"<str:s>/<int:n>", "x/1"},
		{"files/<path:p>", "files/a/b"},
		{"{id}", "x"},
		{"{id:[0-9]+}", "12"},
		{"{a}-{b}", "1-2"},
		{"<int:a><int:b>", "12"},
		{"{a}{b}", "12"},
		{"*", "x/y"},
		{"", ""},
		{"/", "/"},
		{"//", "//"},
		{"<", "x"},
		{">", "x"},
		{"{", "x"},
		{"}", "x"},
		{"{:}", "x"},
		{"{a:}", "x"},
		{"{a:{}", "x"},
		{"<path:>", "x"},
		{"<int:a>*", "1x"},
		{"*{a}", "x"},
		{"a*b", "ab"},
		{"{a:[}", "x"},
		{"{a:.*}", "x/y"},
		{"{a:(?P<n>x)}", "x"},
		{"{a}/{*}", "x/y"},
		{"%2F<int:n>", "%2F1"},
		{"a b/<int:n>", "a%20b/1"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, path, value string) {
		var declared bool
		msg := panicMessage(func() {
			app := newApp()
			app.Mount(Module{Name: "f", Routes: []Route{Get(path, func(r *Request) Result {
				for _, p := range parsePattern("/api/v1/f/" + strings.TrimPrefix(path, "/")).params {
					if !p.conv.match(r.PathParam(p.name)) {
						t.Errorf("the view ran with %s=%q, which its converter refuses", p.name, r.PathParam(p.name))
					}
				}
				return Response("ok")
			})}})
			declared = true
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path = "/api/v1/f/" + value
			for _, method := range []string{http.MethodGet, http.MethodPost, "FROB"} {
				req.Method = method
				rec := httptest.NewRecorder()
				app.ServeHTTP(rec, req)
				if rec.Code >= 500 {
					t.Errorf("%s %q on %q: %d %s", method, value, path, rec.Code, rec.Body)
				}
			}
		})
		if msg != "" {
			assert.False(t, declared, "a panic while serving: %s", msg)
			assert.True(t, strings.HasPrefix(msg, "petra: "), "panic without petra's prefix: %s", msg)
		}
	})
}
