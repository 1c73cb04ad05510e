package modules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/project"
)

// The fault tests run the example app under faults: a shutdown during load,
// a database outage, slow clients, hostile bodies. Each test is bounded: a
// call that could hang runs under a context deadline, so a hang fails the
// test instead of stalling it.

// faultSecret signs the tokens of the apps the fault tests build.
var faultSecret = strings.Repeat("f", 32)

// cheapApp is the example app as the runtime (petra/project) assembles it (request IDs,
// access log, bearer tokens, every module of modules.All), with two
// differences: passwords are hashed at bcrypt.MinCost, because at the default
// cost one hash takes seconds under the race detector and these tests
// register hundreds of accounts; and extra middleware, run first, lets a test
// observe requests as they arrive. The runtime's own assembly is under test in
// TestOutageAnswers503 and TestSIGTERMChildProcess.
func cheapApp(t *testing.T, d *db.DB, logger *slog.Logger, extra ...func(http.Handler) http.Handler) *petra.App {
	t.Helper()
	tokens, err := auth.NewTokens(auth.Config{Secret: []byte(faultSecret)})
	require.NoError(t, err)
	app := petra.New(petra.WithLogger(logger), petra.WithShutdownTimeout(20*time.Second))
	app.Use(extra...)
	deps := project.Deps{DB: d, Tokens: tokens, Hasher: auth.Hasher{Cost: bcrypt.MinCost}}
	deps.Sessions = auth.NewSessions(tokens, d, modules.Principals(deps))
	app.Use(middleware.RequestID, middleware.AccessLog(logger), deps.Sessions.Middleware)
	app.Mount(modules.All(deps)...)
	return app
}

// reply is what a client got for one request: a status and body, or the
// error that kept it from getting one.
type reply struct {
	code int
	body string
	err  error
}

// do sends a request to url with body (JSON when not empty) and an optional
// bearer token, and waits at most bound for the whole answer.
func do(client *http.Client, method, url, body, token string, bound time.Duration) reply {
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return reply{err: err}
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return reply{code: res.StatusCode, body: string(b), err: err}
}

// registration is the body of a registration of email.
func registration(email string) string {
	return fmt.Sprintf(`{"name":"Load","email":%q,"password":"S3cret!pw"}`, email)
}

// registeredUUID returns the uuid in the body of a 201 registration.
func registeredUUID(t *testing.T, body string) string {
	t.Helper()
	var out struct {
		User struct {
			UUID string `json:"uuid"`
		} `json:"user"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &out), body)
	require.NotEmpty(t, out.User.UUID, body)
	return out.User.UUID
}

// isEnvelope reports whether body is petra's error envelope.
func isEnvelope(body string) bool {
	var env struct {
		Success *bool   `json:"success"`
		Message *string `json:"message"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	return dec.Decode(&env) == nil && env.Success != nil && !*env.Success && env.Message != nil && *env.Message != ""
}

// signalHandler is a slog.Handler that closes a channel the first time a
// record with a given message is logged, and drops every record.
type signalHandler struct {
	msg  string
	ch   chan struct{}
	once sync.Once
}

func newSignalHandler(msg string) *signalHandler {
	return &signalHandler{msg: msg, ch: make(chan struct{})}
}

func (h *signalHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *signalHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.once.Do(func() { close(h.ch) })
	}
	return nil
}

func (h *signalHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *signalHandler) WithGroup(string) slog.Handler      { return h }
