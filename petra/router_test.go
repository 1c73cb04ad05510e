package petra

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trees is one set of patterns filed both in chi's tree and in a router.
type trees struct {
	mux      *chi.Mux
	router   *router
	handlers map[string]*pathHandler // by pattern
}

// newTrees files patterns, in order, in chi's tree and in a router, each
// pattern with a handler of its own.
func newTrees(t testing.TB, patterns []string) trees {
	t.Helper()
	tr := trees{mux: chi.NewMux(), handlers: map[string]*pathHandler{}}
	entries := make([]routerEntry, len(patterns))
	for i, pat := range patterns {
		if tr.handlers[pat] == nil {
			tr.handlers[pat] = &pathHandler{firstPath: pat}
		}
		entries[i] = routerEntry{pat, tr.handlers[pat]}
		tr.mux.Handle(pat, tr.handlers[pat])
	}
	tr.router = newRouter(entries)
	require.NotNil(t, tr.router, "the router takes %q", patterns)
	return tr
}

// assertSame checks that the router finds for path what chi's tree finds:
// the handler, and the route context it records.
func (tr trees) assertSame(t testing.TB, path string) {
	t.Helper()
	want := chi.NewRouteContext()
	wantHandler := tr.handlers[tr.mux.Find(want, http.MethodGet, path)]
	got := chi.NewRouteContext()
	assert.Same(t, wantHandler, tr.router.find(got, path), "path %q", path)
	assert.Equal(t, want.RoutePatterns, got.RoutePatterns, "path %q", path)
	assert.Equal(t, want.URLParams, got.URLParams, "path %q", path)
}

// pathsFor returns paths around patterns: each pattern spelt as a path,
// with its parameters and catch-all filled with empty, plain, escaped and
// non-ASCII values, and each of those cut short, lengthened and given an
// empty segment; and paths no pattern suggests.
func pathsFor(patterns []string) []string {
	paths := []string{"", "/", "//", "///", "x", "x/", "*", "/*", "/{x}", "/%2F", "/%2f/", "/é", "/é/ü/",
		"/" + strings.Repeat("a/", 500), "/" + strings.Repeat("x", 5000)}
	for _, pat := range patterns {
		for _, value := range []string{"", "v", "a%2Fb", "é", "{x}"} {
			segments := strings.Split(pat, "/")
			for i, seg := range segments {
				if isParamSegment(seg) {
					segments[i] = value
				} else if seg == "*" {
					segments[i] = value + "/rest/" + value
				}
			}
			path := strings.Join(segments, "/")
			paths = append(paths, pat, path, path+"/", path+"//", strings.TrimSuffix(path, "/"),
				path[:strings.LastIndexByte(path, '/')+1], strings.Replace(path, "/", "//", 1), path+"/x")
		}
	}
	return paths
}

func TestRouterAsChisTree(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
	}{
		{"the example app, as buildMux files it", []string{
			"/hello-petra/status", "/hello-petra/status/", "/hello-petra/api/show-routes", "/hello-petra/api/show-routes/",
			"/api/v1/user/registration", "/api/v1/user/registration/", "/api/v1/user/login", "/api/v1/user/login/",
			"/api/v1/user/token/refresh", "/api/v1/user/token/refresh/", "/api/v1/user/logout", "/api/v1/user/logout/",
			"/api/v1/user/password/change", "/api/v1/user/password/change/", "/api/v1/user/users", "/api/v1/user/users/",
			"/api/v1/user/users/{user_id}", "/api/v1/user/users/{user_id}/",
			"/api/v1/user/users/{user_id}/avatar", "/api/v1/user/users/{user_id}/avatar/",
			"/hello-petra/api/show-api-logs", "/hello-petra/api/show-api-logs/", "/hello-petra/jobs/*", "/media/public/*",
			"/openapi.json", "/openapi.json/", "/openapi.yaml", "/openapi.yaml/", "/docs", "/docs/",
			"/docs/assets/{file}", "/docs/assets/{file}/",
		}},
		{"literal before parameter before catch-all", []string{
			"/a/b", "/a/{x}", "/a/*", "/a/{x}/c", "/a/b/d", "/{y}/b/e",
		}},
		{"backtracking out of dead ends", []string{
			"/a/b/c", "/a/{x}/d", "/{y}/b/f", "/{y}/{z}/g", "/*", "/a/b/c/{w}/h", "/a/{x}/c/i",
		}},
		{"empty segments", []string{
			"/a//b", "/a/{x}/", "/a/{x}", "/a/{x}/{y}", "//", "/b/{x}//", "/c/",
		}},
		{"the root", []string{"/", "/*", "/{x}", "/{x}/"}},
		{"a parameter at the root only", []string{"/{x}"}},
		{"a catch-all at the root only", []string{"/*"}},
		{"one shape, two spellings: the last wins", []string{"/u/{id}", "/u/{pk}", "/u/{pk}/x", "/u/{id}/x/{y}", "/u/*", "/u/*"}},
		{"a catch-all beside literals and parameters", []string{
			"/static/*", "/static", "/static/a.css", "/static/{f}/", "/static/{f}/{g}/*", "/static/a.css/*",
		}},
		{"literals sharing prefixes", []string{
			"/ab", "/a", "/abc/{x}", "/a/{x}", "/abcd", "/a/bc", "/a/b", "/ab/{x}/c",
		}},
		{"escapes and non-ASCII", []string{"/caf%C3%A9/{x}", "/café/{x}", "/%2F/{x}", "/a%2Fb"}},
		{"parameters in a row", []string{"/{a}/{b}/{c}", "/{a}/x/{c}", "/x/{b}/{c}/", "/{a}/{b}/*", "/x/y/z"}},
		{"braces and stars in names", []string{"/{a_1}/{B}", "/{}/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTrees(t, tt.patterns)
			for _, path := range pathsFor(tt.patterns) {
				tr.assertSame(t, path)
			}
		})
	}
}

// Random sets of short patterns over a few segments, each compared with
// chi's tree on the paths around them and on random paths of the same
// segments: the cases the tables above miss.
func TestRouterAsChisTreeOnRandomSets(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	segments := []string{"a", "b", "ab", ""}
	segment := func() string { return segments[rng.IntN(len(segments))] }
	for range 500 {
		patterns := make([]string, 1+rng.IntN(8))
		for i := range patterns {
			var b strings.Builder
			for depth := range rng.IntN(4) + 1 {
				b.WriteByte('/')
				switch rng.IntN(4) {
				case 0:
					fmt.Fprintf(&b, "{p%d}", depth)
				case 1:
					if rng.IntN(2) == 0 {
						b.WriteByte('*')
						break
					}
					fallthrough
				default:
					b.WriteString(segment())
				}
				if strings.HasSuffix(b.String(), "*") {
					break
				}
			}
			patterns[i] = b.String()
		}
		tr := newTrees(t, patterns)
		paths := pathsFor(patterns)
		for range 20 {
			var b strings.Builder
			for range rng.IntN(5) {
				b.WriteString("/" + segment())
			}
			paths = append(paths, b.String())
		}
		for _, path := range paths {
			tr.assertSame(t, path)
		}
	}
}

func TestNewRouterTakesWholeSegments(t *testing.T) {
	tests := []struct {
		pattern string
		takes   bool
	}{
		{"/", true},
		{"/users/{id}", true},
		{"/users/{id}/", true},
		{"/files/*", true},
		{"/*", true},
		{"//{a}//", true},
		{"/x/{id:[0-9]+}", false},
		{"/x/{a}-{b}", false},
		{"/x/file.{ext}", false},
		{"/x/{a}{b}", false},
		{"/files*", false},
		{"/x/a*b", false},
		{"/x/{a}/*/y", false},
		{"/x/{a{b}}", false},
		{"/x/}", false},
		{"GET /x", false},
		{"x", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			rt := newRouter([]routerEntry{{"/ping", &pathHandler{}}, {tt.pattern, &pathHandler{}}})
			assert.Equal(t, tt.takes, rt != nil)
		})
	}
}

// A lookup allocates nothing once the route context has room: the values are
// the path's substrings, the keys and the pattern the router's own.
func TestRouterFindAllocs(t *testing.T) {
	tr := newTrees(t, []string{"/api/v1/user/users/", "/api/v1/user/users/{user_id}", "/api/v1/user/users/{user_id}/avatar/", "/media/*"})
	rctx := chi.NewRouteContext()
	for path, keys := range map[string][]string{
		"/api/v1/user/users/0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90/avatar/": {"user_id"},
		"/media/a/b.png": {"*"},
		"/nowhere":       nil,
	} {
		allocs := testing.AllocsPerRun(100, func() {
			rctx.Reset()
			tr.router.find(rctx, path)
		})
		assert.Zero(t, allocs, path)
		assert.ElementsMatch(t, keys, rctx.URLParams.Keys, path)
	}
}

// FuzzRouterAsChisTree files the patterns of a fuzzed list, one a line, that
// chi's tree and the router both take, and checks that the router finds
// what chi's tree finds for the fuzzed path and for paths around the patterns.
func FuzzRouterAsChisTree(f *testing.F) {
	f.Add("/a/b\n/a/{x}\n/a/*\n/{y}/b/e", "/a/b/e")
	f.Add("/a/b/c\n/a/{x}/d\n/*", "/a/b/d")
	f.Add("/users/{id}\n/users/{id}/\n/users/\n/users", "/users//")
	f.Add("/\n/{x}\n/{x}/", "//")
	f.Add("/static/*\n/static", "/static/")
	f.Add("/u/{id}\n/u/{pk}", "/u/1")
	f.Add("/a//b\n/a/{x}/b", "/a//b")
	f.Add("/{a}/{b}/{c}\n/{a}/x/{c}", "/q/x/")
	f.Add("/caf%C3%A9/{x}", "/caf%C3%A9/%2F")
	f.Add("/x/{id:[0-9]+}\n/x/{id}", "/x/1")
	f.Fuzz(func(t *testing.T, list, path string) {
		var patterns []string
		for _, pat := range strings.Split(list, "\n") {
			if len(patterns) < 16 && new(router).add(pat, nil) && chiTakes(pat) {
				patterns = append(patterns, pat)
			}
		}
		if !chiTakesAll(patterns) {
			return
		}
		tr := newTrees(t, patterns)
		tr.assertSame(t, path)
		for _, pat := range patterns {
			tr.assertSame(t, pat)
			tr.assertSame(t, pat+"/")
			tr.assertSame(t, strings.TrimSuffix(pat, "/"))
		}
	})
}

// chiTakes reports whether chi's tree takes pattern without panicking.
func chiTakes(pattern string) bool {
	return chiTakesAll([]string{pattern})
}

// chiTakesAll reports whether chi's tree takes patterns, together, without
// panicking.
func chiTakesAll(patterns []string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	mux := chi.NewMux()
	for _, pat := range patterns {
		mux.Handle(pat, http.NotFoundHandler())
	}
	return true
}

// BenchmarkFind compares the router with chi's tree on the bench's GET with a
// UUID, among the bench app's paths.
func BenchmarkFind(b *testing.B) {
	tr := newTrees(b, []string{
		"/hello-petra/status", "/hello-petra/status/", "/hello-petra/api/show-routes", "/hello-petra/api/show-routes/",
		"/api/v1/bench/ping", "/api/v1/bench/ping/", "/api/v1/bench/users", "/api/v1/bench/users/",
		"/api/v1/bench/users/{user_id}", "/api/v1/bench/users/{user_id}/",
	})
	const path = "/api/v1/bench/users/0b8e2b5e-3c5e-4d8e-9a4f-2f7c1e6d8a90"
	rctx := chi.NewRouteContext()
	b.Run("router", func(b *testing.B) {
		for b.Loop() {
			rctx.Reset()
			tr.router.find(rctx, path)
		}
	})
	b.Run("chi", func(b *testing.B) {
		for b.Loop() {
			rctx.Reset()
			tr.mux.Find(rctx, http.MethodGet, path)
		}
	})
}

// paramValue answers as chi's Context.URLParam: the last value of a name.
func TestParamValueAsChis(t *testing.T) {
	rctx := chi.NewRouteContext()
	rctx.URLParams.Add("tenant", "acme")
	rctx.URLParams.Add("id", "7")
	rctx.URLParams.Add("*", "a/b")
	rctx.URLParams.Add("id", "8")
	for _, key := range []string{"tenant", "id", "*", "missing", ""} {
		assert.Equal(t, rctx.URLParam(key), paramValue(&rctx.URLParams, key), key)
	}
	assert.Empty(t, paramValue(&chi.RouteParams{}, "id"))
}
