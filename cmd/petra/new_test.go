package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/cli"
)

// TestNewProjectEndToEnd does what the README's "Start a project" says: it
// creates a project with `petra new` pointed at this checkout, adds a module
// with fields of its own with the project's `make module`, named by its
// plural, runs the project's tests (which check every answer against the
// OpenAPI document), then serves it and walks a CRUD session over HTTP, on
// SQLite and on each database whose DSN is set.
func TestNewProjectEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a project: skipped under -short")
	}
	start := time.Now()
	checkout, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "shop")
	t.Setenv("GOFLAGS", "-mod=mod")

	var out bytes.Buffer
	code := cli.Run(context.Background(), example(), []string{"new", dir, "--module", "example.com/shop", "--petra", checkout},
		cli.Streams{In: strings.NewReader(""), Out: &out, Err: &out}, cli.NewProject)
	require.Equal(t, cli.ExitOK, code, out.String())

	bin := filepath.Join(t.TempDir(), "shop")
	goTool(t, dir, "build", "-o", bin, ".")
	run := exec.Command(bin, "make", "module", "products", "name:string", "price:int", "in_stock:bool", "description:text:optional")
	run.Dir = dir
	made, err := run.CombinedOutput()
	require.NoError(t, err, "%s", made)
	assert.Contains(t, string(made), filepath.Join("modules", "product", "store.go"))
	assert.Contains(t, string(made), "The module product (products read as its plural) will be served at /api/v1/product/products/",
		"make module says which name it took and where the module is served")

	goTool(t, dir, "vet", "./...")
	goTool(t, dir, "test", "./...")
	goTool(t, dir, "build", "-o", bin, ".")

	for _, driver := range []string{"sqlite", "postgres", "mysql"} {
		t.Run(driver, func(t *testing.T) {
			env := databaseEnv(t, driver)
			base := serve(t, bin, env)
			walkCRUD(t, base)
			if driver == "sqlite" {
				t.Logf("new, make module, vet, test, build and the first 201 on SQLite: %s", time.Since(start).Round(time.Second))
			}

			check := exec.Command(bin, "check") // serve migrated the database
			check.Dir = t.TempDir()
			check.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + check.Dir}, env...)
			out, err := check.CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.Contains(t, string(out), "System check identified no problems.")
		})
	}
}

// goTool runs the go command with args in dir and fails the test on an error.
func goTool(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
}

// databaseEnv returns the settings of a fresh database of driver for the
// served project: a SQLite file, or a PostgreSQL schema or MySQL database
// of its own, dropped at the end of the test. Without a DSN it skips, except
// in CI.
func databaseEnv(t *testing.T, driver string) []string {
	t.Helper()
	if driver == "sqlite" {
		return []string{"DB_CONNECTION=sqlite", "DB_DATABASE=" + filepath.Join(t.TempDir(), "shop.sqlite3")}
	}
	key := map[string]string{"postgres": "TEST_POSTGRES_DSN", "mysql": "TEST_MYSQL_DSN"}[driver]
	dsn := os.Getenv(key)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must test every database", key)
		}
		t.Skipf("%s is not set", key)
	}
	name := "petra_new_" + randomHex(t)
	if driver == "postgres" {
		u, err := url.Parse(dsn)
		require.NoError(t, err, "%s must be a postgres:// URL", key)
		admin(t, "pgx", dsn, "CREATE SCHEMA "+name, "DROP SCHEMA "+name+" CASCADE")
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		return []string{"DATABASE_URL=" + u.String()}
	}
	cfg, err := mysql.ParseDSN(dsn)
	require.NoError(t, err)
	admin(t, "mysql", dsn, "CREATE DATABASE "+name, "DROP DATABASE "+name)
	host, port, err := net.SplitHostPort(cfg.Addr)
	require.NoError(t, err)
	return []string{"DB_CONNECTION=mysql", "DB_HOST=" + host, "DB_PORT=" + port,
		"DB_USERNAME=" + cfg.User, "DB_PASSWORD=" + cfg.Passwd, "DB_DATABASE=" + name}
}

// admin runs create on the server of dsn now and drop when the test ends.
func admin(t *testing.T, driver, dsn, create, drop string) {
	t.Helper()
	conn, err := sql.Open(driver, dsn)
	require.NoError(t, err)
	_, err = conn.Exec(create)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := conn.Exec(drop)
		assert.NoError(t, err)
		_ = conn.Close()
	})
}

func randomHex(t *testing.T) string {
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// serve starts the project's `serve` on a free 127.0.0.1 port with env,
// waits for its "serving" log line, and returns its base URL. The process
// gets SIGTERM when the test ends.
func serve(t *testing.T, bin string, env []string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	cmd := exec.Command(bin, "serve", "--addr", addr)
	cmd.Dir = t.TempDir() // no .env
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + cmd.Dir, "RATE_LIMIT_PER_MINUTE=0", "LOG_FORMAT=json"}, env...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var logs bytes.Buffer
	serving := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.Write(append(sc.Bytes(), '\n'))
			var rec struct{ Msg string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "petra: serving" {
				close(serving)
				_, _ = io.Copy(io.Discard, stderr)
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			assert.NoError(t, err, "serve exits 0 on SIGINT")
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("serve did not stop within 30s of SIGINT")
		}
	})
	select {
	case <-serving:
	case err := <-exited:
		t.Fatalf("serve exited: %v\n%s", err, logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start within 60s\n%s", logs.String())
	}
	return "http://" + addr
}

// walkCRUD creates, lists, retrieves, updates and deletes a product over
// HTTP, and checks that an invalid one is refused in the envelope.
func walkCRUD(t *testing.T, base string) {
	t.Helper()
	products := base + "/api/v1/product/products/"
	code, body := call(t, http.MethodPost, products, `{"name":"Widget","price":1250,"in_stock":false,"description":"A widget"}`)
	require.Equal(t, http.StatusCreated, code, body)
	created := decode[map[string]any](t, body)
	assert.EqualValues(t, 1250, created["price"], body)
	assert.Equal(t, false, created["in_stock"], body)
	id, _ := created["uuid"].(string)
	require.NotEmpty(t, id, body)

	code, body = call(t, http.MethodGet, products+"?page=1&per_page=10", "")
	require.Equal(t, http.StatusOK, code, body)
	page := decode[map[string]any](t, body)
	assert.EqualValues(t, 1, page["total"])
	assert.EqualValues(t, 10, page["per_page"])
	assert.EqualValues(t, 1, page["current_page"])
	assert.EqualValues(t, 1, page["last_page"])
	assert.Len(t, page["data"], 1)

	code, body = call(t, http.MethodGet, products+id, "")
	require.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, "Widget", decode[map[string]any](t, body)["name"])

	code, body = call(t, http.MethodPatch, products+id, `{"name":"Gadget"}`)
	require.Equal(t, http.StatusOK, code, body)
	patched := decode[map[string]any](t, body)
	assert.Equal(t, "Gadget", patched["name"])
	assert.Equal(t, "A widget", patched["description"])
	assert.EqualValues(t, 1250, patched["price"])

	code, body = call(t, http.MethodPatch, products+id, `{"price":null}`)
	require.Equal(t, http.StatusBadRequest, code, body)
	assert.JSONEq(t, `{"success":false,"message":"The given data was invalid","errors":{"price":["The price must not be null"]}}`, body)

	code, body = call(t, http.MethodDelete, products+id, "")
	assert.Equal(t, http.StatusNoContent, code, body)
	assert.Empty(t, body)
	code, _ = call(t, http.MethodGet, products+id, "")
	assert.Equal(t, http.StatusNotFound, code)

	code, body = call(t, http.MethodPost, products, `{"description":"no name","price":"x"}`)
	require.Equal(t, http.StatusBadRequest, code, body)
	assert.JSONEq(t, `{"success":false,"message":"The given data was invalid","errors":{`+
		`"name":["The name field is required"],"price":["The price must be an integer"],"in_stock":["The in_stock field is required"]}}`, body)

	code, body = call(t, http.MethodGet, base+"/openapi.json", "")
	require.Equal(t, http.StatusOK, code, body)
	doc := decode[openAPIPaths](t, body)
	assert.Contains(t, doc.Paths["/api/v1/product/products/"]["post"].Responses, "201", "the document says what Create answers")
	assert.Contains(t, doc.Paths["/api/v1/product/products/{product_id}"]["delete"].Responses, "204")
}

// openAPIPaths is what walkCRUD reads of the OpenAPI document.
type openAPIPaths struct {
	Paths map[string]map[string]struct {
		Responses map[string]any `json:"responses"`
	} `json:"paths"`
}

// call sends one request with a JSON body (when not empty) and returns the
// status and body, within a bound that only a hung server exceeds.
func call(t *testing.T, method, target, body string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err, "%s %s", method, target)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(body), &v), body)
	return v
}
