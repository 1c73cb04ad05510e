package modules_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// sampleParam is a value of a parameter checked by converter, as a client
// would send it.
var sampleParam = map[string]string{
	"uuid": uuid.NewString(),
	"int":  "7",
	"slug": "a-slug",
	"str":  "a b",
	"path": "dir/a b.txt",
}

// chiPattern is the pattern the router files a declared path under:
// "<uuid:user_id>" as "{user_id}", "<path:rest>" as "*".
func chiPattern(path string) string {
	path = regexp.MustCompile(`<path:\w+>`).ReplaceAllString(path, "*")
	return regexp.MustCompile(`<(?:\w+:)?(\w+)>`).ReplaceAllString(path, "{$1}")
}

// TestReverseEveryRoute reverses every route of the example app, API log and
// docs included, by its name, and proves that the URL reaches that very route:
// the router matches it to the route's own pattern, whose converters accept
// it, and the path serves the route's method.
func TestReverseEveryRoute(t *testing.T) {
	app := newApp(t, settings(t, map[string]string{"API_LOG_ENABLED": "true", "PETRA_DOCS": "true"}), migrated(t, "sqlite"), nil)
	var routed string
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			routed = chi.RouteContext(r.Context()).RoutePattern()
		})
	})
	c := petratest.New(t, app)
	ops := app.Operations()
	require.Greater(t, len(ops), 10)
	for _, op := range ops {
		t.Run(op.Method+" "+op.Path, func(t *testing.T) {
			require.NotEmpty(t, op.Name, "every route of the example app has a name to reverse it by")
			var params []any
			for _, p := range op.Params {
				require.Contains(t, sampleParam, p.Converter, "a parameter checked by a converter")
				params = append(params, sampleParam[p.Converter])
			}
			if strings.HasSuffix(op.Path, "/*") {
				params = append(params, "dir/a.txt")
			}
			u := c.WithTest(t).URL(op.Name, params...)
			assert.NotContains(t, u, " ", "escaped")

			routed = ""
			res := c.WithTest(t).Send(http.MethodOptions, u, "", nil)
			want := chiPattern(op.Path)
			assert.Equal(t, strings.TrimSuffix(want, "/"), strings.TrimSuffix(routed, "/"), "%s reaches its own route", u)
			if op.Method != "*" { // Handle and Mount answer every method themselves
				res.AssertStatus(status.HTTP_204_NO_CONTENT)
				assert.Contains(t, strings.Split(res.Header().Get("Allow"), ", "), op.Method)
			}
		})
	}
}

// TestReverseErrorsOfTheExampleApp: what cannot be reversed says why.
func TestReverseErrorsOfTheExampleApp(t *testing.T) {
	app := newApp(t, settings(t, nil), migrated(t, "sqlite"), nil)
	tests := []struct {
		name   string
		view   any
		params []any
	}{
		{"an unknown name", "user:nope", nil},
		{"no parameter", "user:get_single_user", nil},
		{"one too many", "user:get_single_user", []any{uuid.NewString(), "x"}},
		{"not a uuid", "user:get_single_user", []any{"42"}},
		{"a uuid in upper case", "user:delete_user", []any{strings.ToUpper(uuid.NewString())}},
		{"a path through the parameter", "user:upload_avatar", []any{"../../hello-petra/status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := app.URL(tt.view, tt.params...)
			assert.ErrorIs(t, err, petra.ErrNoReverseMatch)
		})
	}
}
