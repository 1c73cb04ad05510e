package modules_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestDocsFollowSettings(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want status.Code
	}{
		{"development serves them", nil, status.HTTP_200_OK},
		{"production does not by default", map[string]string{"PETRA_ENV": "production"}, status.HTTP_404_NOT_FOUND},
		{"production when asked", map[string]string{"PETRA_ENV": "production", "PETRA_DOCS": "true"}, status.HTTP_200_OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := petratest.New(t, newApp(t, settings(t, tt.env), migrated(t, "sqlite"), nil))
			for _, path := range []string{"/openapi.json", "/openapi.yaml", "/docs"} {
				c.Get(path).AssertStatus(tt.want)
			}
		})
	}
}

// TestDocsInBrowser opens /docs of the example app in headless Chromium: the
// user module's operations are rendered, every resource the page loads comes
// from the app, and nothing could leave 127.0.0.1 (other hosts do not
// resolve). The screenshot is kept in the test's artifact directory (go test
// -artifacts). It runs when chromium is on PATH or PETRA_BROWSER_TEST is set.
func TestDocsInBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("PETRA_BROWSER_TEST") != "" {
			t.Fatal("PETRA_BROWSER_TEST is set but chromium is not on PATH")
		}
		t.Skip("chromium is not on PATH")
	}
	app := newApp(t, settings(t, nil), migrated(t, "sqlite"), nil)
	var mu sync.Mutex
	var served []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, r.URL.Path)
		mu.Unlock()
		app.ServeHTTP(w, r)
	}))
	defer srv.Close()

	out := t.ArtifactDir()
	shot := filepath.Join(out, "docs.png")
	run := func(extra ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		args := append([]string{
			"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--no-first-run", "--disable-sync", "--disable-component-update", "--disable-default-apps",
			"--user-data-dir=" + t.TempDir(),
			"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
			"--virtual-time-budget=15000", "--window-size=1280,2400",
		}, extra...)
		cmd := exec.CommandContext(ctx, chromium, append(args, srv.URL+"/docs")...)
		var stdout strings.Builder
		cmd.Stdout = &stdout
		require.NoError(t, cmd.Run(), "chromium")
		return stdout.String()
	}
	dom := run("--dump-dom")
	for _, want := range []string{
		"/api/v1/user/registration/", "/api/v1/user/login/", "/api/v1/user/token/refresh/",
		"/api/v1/user/users/", "/api/v1/user/users/{user_id}", "Register an account", "petra example app",
	} {
		assert.Contains(t, dom, want, "the docs render the operation")
	}
	assert.Contains(t, dom, "opblock", "Swagger UI rendered its operation blocks")
	// Every resource the page names lives on the app.
	for _, m := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(dom, -1) {
		u := m[1]
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "//") {
			if strings.Contains(m[0], "href=") && !strings.Contains(u, ".css") {
				continue // a link a reader may follow, not something the page loads
			}
			assert.True(t, strings.HasPrefix(u, srv.URL), "the page loads %s from another host", u)
		}
	}
	mu.Lock()
	assert.Subset(t, served, []string{"/docs", "/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/openapi.json"})
	mu.Unlock()

	run("--screenshot=" + shot)
	info, err := os.Stat(shot)
	require.NoError(t, err, "chromium saved no screenshot")
	assert.Greater(t, info.Size(), int64(10_000))
	t.Logf("screenshot: %s", shot)
}
