package petra

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// teapotError is a project's own error that knows its status.
type teapotError struct{ secret string }

func (e teapotError) Error() string       { return "teapot: " + e.secret }
func (e teapotError) Status() status.Code { return status.HTTP_418_IM_A_TEAPOT }

// brokenError is a project's own error with a 5xx status.
type brokenError struct{}

func (brokenError) Error() string       { return "broken: disk full at /var/lib/x" }
func (brokenError) Status() status.Code { return status.HTTP_502_BAD_GATEWAY }

// serveResult answers res from a GET view and returns the response and the log.
func serveResult(t *testing.T, res Result, method ...string) (*petratest.Response, string) {
	t.Helper()
	logger, logs := petratest.NewLogger()
	app := New(WithLogger(logger))
	app.Mount(Module{Name: "r", Routes: []Route{Get("x", func(*Request) Result { return res })}})
	m := http.MethodGet
	if len(method) > 0 {
		m = method[0]
	}
	return petratest.New(t, app).Send(m, "/api/v1/r/x", "", nil), logs.String()
}

func TestResponse(t *testing.T) {
	tests := []struct {
		name        string
		res         Result
		code        status.Code
		body        string // "" for none
		contentType string
	}{
		{"default status", Response(map[string]int{"a": 1}), 200, `{"a":1}`, "application/json"},
		{"created", Response([]string{"x"}, status.HTTP_201_CREATED), 201, `["x"]`, "application/json"},
		{"accepted", Response("queued", 202), 202, `"queued"`, "application/json"},
		{"no content with data", Response(map[string]int{"a": 1}, status.HTTP_204_NO_CONTENT), 204, "", ""},
		{"not modified", Response("x", status.HTTP_304_NOT_MODIFIED), 304, "", ""},
		{"nil data", Response(nil), 200, "", ""},
		{"nil data, created", Response(nil, status.HTTP_201_CREATED), 201, "", ""},
		{"zero result", Result{}, 204, "", ""},
		{"html is not escaped", Response("<b>&</b>"), 200, `"<b>&</b>"`, "application/json"},
		{"raw json", Response(json.RawMessage(`{"pre":"encoded"}`)), 200, `{"pre":"encoded"}`, "application/json"},
		{"client error status", Response(map[string]string{"detail": "custom"}, status.HTTP_409_CONFLICT), 409, `{"detail":"custom"}`, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := serveResult(t, tt.res)
			res.AssertStatus(tt.code)
			assert.Equal(t, tt.contentType, res.Header().Get("Content-Type"))
			if tt.body == "" {
				assert.Empty(t, res.Body())
				return
			}
			assert.Equal(t, tt.body, res.Body())
		})
	}
}

func TestResultAccessors(t *testing.T) {
	res := Response("data", status.HTTP_201_CREATED)
	assert.Equal(t, status.HTTP_201_CREATED, res.Status())
	assert.Equal(t, "data", res.Data())
	assert.NoError(t, res.Err())

	failed := Fail(NotFound("User not found"))
	assert.Equal(t, status.HTTP_404_NOT_FOUND, failed.Status())
	assert.Nil(t, failed.Data())
	assert.Equal(t, NotFound("User not found"), failed.Err())

	assert.Equal(t, status.HTTP_204_NO_CONTENT, Result{}.Status())
	assert.Equal(t, status.HTTP_500_INTERNAL_SERVER_ERROR, Fail(errors.New("x")).Status())
	assert.Equal(t, status.HTTP_200_OK, Response(nil).Status())
}

func TestWithHeaderAndCookie(t *testing.T) {
	base := Response("x").WithHeader("X-Base", "1").WithCookie(&http.Cookie{Name: "base", Value: "1"})
	a := base.WithHeader("X-Extra", "a").WithCookie(&http.Cookie{Name: "extra", Value: "a"})
	b := base.WithHeader("X-Extra", "b").WithHeader("X-Base", "2").WithCookie(&http.Cookie{Name: "extra", Value: "b"})

	cookies := func(res *petratest.Response) []string {
		var out []string
		for _, c := range res.Recorder.Result().Cookies() {
			out = append(out, c.Name+"="+c.Value)
		}
		return out
	}
	res, _ := serveResult(t, base)
	assert.Equal(t, "1", res.Header().Get("X-Base"))
	assert.Empty(t, res.Header().Get("X-Extra"))
	assert.Equal(t, []string{"base=1"}, cookies(res))

	res, _ = serveResult(t, a)
	assert.Equal(t, "1", res.Header().Get("X-Base"))
	assert.Equal(t, "a", res.Header().Get("X-Extra"))
	assert.Equal(t, []string{"base=1", "extra=a"}, cookies(res))

	res, _ = serveResult(t, b)
	assert.Equal(t, "2", res.Header().Get("X-Base"))
	assert.Equal(t, "b", res.Header().Get("X-Extra"))
	assert.Equal(t, []string{"base=1", "extra=b"}, cookies(res))

	res, _ = serveResult(t, Fail(ErrTooManyRequests).WithHeader("Retry-After", "30"))
	assert.Equal(t, status.HTTP_429_TOO_MANY_REQUESTS, res.Code())
	assert.Equal(t, "30", res.Header().Get("Retry-After"), "a failed result keeps its headers")

	res, _ = serveResult(t, Response(nil, status.HTTP_204_NO_CONTENT).WithHeader("ETag", `"v1"`))
	assert.Equal(t, `"v1"`, res.Header().Get("ETag"))
}

func TestFail(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   status.Code
		body   string
		logged string // "" when nothing is logged
	}{
		{"not found", NotFound("User not found"), 404, `{"success":false,"message":"User not found"}`, ""},
		{"bad request", BadRequest("Send a body"), 400, `{"success":false,"message":"Send a body"}`, ""},
		{"new error", NewError(status.HTTP_409_CONFLICT, "Already there"), 409, `{"success":false,"message":"Already there"}`, ""},
		{"unauthenticated", ErrUnauthenticated, 401, `{"success":false,"message":"Authentication credentials were not provided or are invalid"}`, ""},
		{"forbidden", ErrForbidden, 403, `{"success":false,"message":"You do not have permission to perform this action"}`, ""},
		{"method not allowed", ErrMethodNotAllowed, 405, `{"success":false,"message":"Method not allowed"}`, ""},
		{"unsupported media type", ErrUnsupportedMediaType, 415,
			`{"success":false,"message":"Unsupported media type: send application/json, application/x-www-form-urlencoded or multipart/form-data"}`, ""},
		{"too many requests", ErrTooManyRequests, 429, `{"success":false,"message":"Too many requests"}`, ""},
		{"service unavailable", ErrServiceUnavailable, 503,
			`{"success":false,"message":"The service is temporarily unavailable, try again later"}`, ""},
		{"wrapped service unavailable", fmt.Errorf("db: pool exhausted: %w", ErrServiceUnavailable), 503,
			`{"success":false,"message":"The service is temporarily unavailable, try again later"}`, `"status":503`},
		{"wrapped petra error", fmt.Errorf("user: lookup: %w", NotFound("User not found")), 404, `{"success":false,"message":"User not found"}`, ""},
		{"validation", Invalid("email", "The email is already registered").Add("name", "The name field is required"), 400,
			`{"success":false,"message":"The given data was invalid","errors":{"email":["The email is already registered"],"name":["The name field is required"]}}`, ""},
		{"wrapped validation", fmt.Errorf("form: %w", Invalid("age", "The age must be at least 1")), 400,
			`{"success":false,"message":"The given data was invalid","errors":{"age":["The age must be at least 1"]}}`, ""},
		{"foreign field errors", fmt.Errorf("list: %w", fieldErrs{"ordering": {"The ordering must name only name"}}), 400,
			`{"success":false,"message":"The given data was invalid","errors":{"ordering":["The ordering must name only name"]}}`, ""},
		{"max bytes", &http.MaxBytesError{Limit: 10}, 413, `{"success":false,"message":"The request body is too large"}`, ""},
		{"wrapped max bytes", fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 10}), 413, `{"success":false,"message":"The request body is too large"}`, ""},
		{"body too large", ErrBodyTooLarge, 413, `{"success":false,"message":"The request body is too large"}`, ""},
		{"foreign status error", teapotError{secret: "the kettle's serial"}, 418, `{"success":false,"message":"I'm a teapot"}`, ""},
		{"foreign 5xx status error", brokenError{}, 502, `{"success":false,"message":"Bad Gateway"}`, "broken: disk full at /var/lib/x"},
		{"plain error", errors.New("pq: password authentication failed for user app"), 500,
			`{"success":false,"message":"Internal server error"}`, "pq: password authentication failed for user app"},
		{"client gone", fmt.Errorf("db: query: %w", context.Canceled), 499,
			`{"success":false,"message":"The client closed the request"}`, ""},
		{"nil error", nil, 500, `{"success":false,"message":"Internal server error"}`, "petra: Fail called with a nil error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, logs := serveResult(t, Fail(tt.err))
			res.AssertStatus(tt.code).Envelope()
			assert.Equal(t, tt.body, res.Body())
			if tt.logged == "" {
				assert.Empty(t, logs)
				return
			}
			assert.Contains(t, logs, "petra: request failed")
			assert.Contains(t, logs, tt.logged)
			assert.Contains(t, logs, `"path":"/api/v1/r/x"`)
			assert.Contains(t, logs, `"method":"GET"`)
		})
	}
}

// fieldErrs is an error of another package that reports messages by field.
type fieldErrs map[string][]string

func (e fieldErrs) Error() string                    { return "invalid fields" }
func (e fieldErrs) FieldErrors() map[string][]string { return e }

func TestFailOnHead(t *testing.T) {
	res, _ := serveResult(t, Fail(NotFound("User not found")), http.MethodHead)
	assert.Equal(t, status.HTTP_404_NOT_FOUND, res.Code())
	assert.Empty(t, res.Body())
	assert.Equal(t, "application/json", res.Header().Get("Content-Type"))
}

func TestUnencodableData(t *testing.T) {
	res, logs := serveResult(t, Response(map[string]any{"ch": make(chan int)}).WithHeader("X-Kept", "yes"))
	assert.Equal(t, status.HTTP_500_INTERNAL_SERVER_ERROR, res.Code())
	assert.Equal(t, `{"success":false,"message":"Internal server error"}`, res.Body())
	assert.Contains(t, logs, "json: unsupported type: chan int")

	res, logs = serveResult(t, Response(map[string]float64{"x": 0}).WithHeader("X-A", "a"))
	assert.Equal(t, status.HTTP_200_OK, res.Code(), "sanity: a plain map encodes")
	assert.Empty(t, logs)
}

func TestValidationError(t *testing.T) {
	e := Invalid("email", "The email field is required")
	assert.True(t, e.Has("email"))
	assert.False(t, e.Has("name"))
	e.Add("email", "The email must be a valid email address").Add("name", "The name field is required")
	assert.Equal(t, map[string][]string{
		"email": {"The email field is required", "The email must be a valid email address"},
		"name":  {"The name field is required"},
	}, e.Fields)

	var zero ValidationError
	zero.Add("a", "The a field is required")
	assert.True(t, zero.Has("a"), "Add works on the zero ValidationError")

	merged := (&ValidationError{}).Merge(nil).Merge(e).Merge(Invalid("age", "The age must be at least 1"))
	assert.Equal(t, []string{"The email field is required", "The email must be a valid email address"}, merged.Fields["email"])
	assert.True(t, merged.Has("age"))
	assert.Equal(t, "petra: invalid fields [age email name]", merged.Error())
	assert.Equal(t, status.HTTP_400_BAD_REQUEST, merged.Status())
}

func TestError(t *testing.T) {
	e := NewError(status.HTTP_409_CONFLICT, "The email is taken")
	assert.Equal(t, "petra: 409 The email is taken", e.Error())
	assert.Equal(t, status.HTTP_409_CONFLICT, e.Status())
	assert.True(t, errors.Is(fmt.Errorf("x: %w", ErrNotFound), ErrNotFound))
	assert.False(t, errors.Is(NotFound("Not found"), ErrNotFound), "NotFound builds a new error; compare with errors.As")
	for _, sentinel := range []*Error{ErrUnauthenticated, ErrForbidden, ErrNotFound, ErrMethodNotAllowed, ErrBodyTooLarge,
		ErrUnsupportedMediaType, ErrTooManyRequests, ErrServiceUnavailable} {
		assert.True(t, sentinel.Code.IsClientError() || sentinel.Code == status.HTTP_503_SERVICE_UNAVAILABLE, sentinel.Error())
		assert.NotEmpty(t, sentinel.Message)
	}
}

func TestMalformedJSON(t *testing.T) {
	decode := func(body string) error {
		var v any
		return json.Unmarshal([]byte(body), &v)
	}
	tests := []struct {
		name, body string
		err        error
		want       *Error
	}{
		{"syntax", `{"a" 1}`, decode(`{"a" 1}`), BadRequest("The request body is not valid JSON: invalid character '1' after object key at line 1, column 6")},
		{"second line", "{\n\"a\":}", decode("{\n\"a\":}"), BadRequest("The request body is not valid JSON: invalid character '}' looking for beginning of value at line 2, column 5")},
		{"first byte", "x", decode("x"), BadRequest("The request body is not valid JSON: invalid character 'x' looking for beginning of value at line 1, column 1")},
		{"unexpected end", `{"a":`, decode(`{"a":`), BadRequest("The request body is not valid JSON: unexpected end of JSON input at line 1, column 5")},
		{"unrelated error", `{"a":`, fmt.Errorf("decode: %w", errors.New("x")), nil},
		{"io.ErrUnexpectedEOF", `{"a":`, json.NewDecoder(strings.NewReader(`{"a":`)).Decode(new(any)), BadRequest("The request body is not valid JSON: it ends unexpectedly")},
		{"type error", `[1]`, json.Unmarshal([]byte(`[1]`), new(map[string]any)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MalformedJSON([]byte(tt.body), tt.err)
			if tt.want == nil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tt.want.Code, got.Code)
			assert.Equal(t, tt.want.Message, got.Message)
		})
	}
}

func TestWriteError(t *testing.T) {
	logger, logs := petratest.NewLogger()
	old := slog.Default()
	slog.SetDefault(logger)
	t.Cleanup(func() { slog.SetDefault(old) })

	rec := httptest.NewRecorder()
	WriteError(rec, httptest.NewRequest(http.MethodGet, "/limited", nil), ErrTooManyRequests)
	assert.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.Equal(t, `{"success":false,"message":"Too many requests"}`, rec.Body.String())
	assert.Empty(t, logs.String())

	rec = httptest.NewRecorder()
	WriteError(rec, httptest.NewRequest(http.MethodPost, "/broken", nil), errors.New("redis: connection refused"))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, `{"success":false,"message":"Internal server error"}`, rec.Body.String())
	assert.Contains(t, logs.String(), "redis: connection refused")
	assert.Contains(t, logs.String(), `"path":"/broken"`)
}

// Middleware of an app that answers with WriteError logs through the app's
// logger, as the app's own errors do, not through slog.Default.
func TestWriteErrorInAnAppLogsWithItsLogger(t *testing.T) {
	defaults, defaultLogs := petratest.NewLogger()
	old := slog.Default()
	slog.SetDefault(defaults)
	t.Cleanup(func() { slog.SetDefault(old) })

	logger, logs := petratest.NewLogger()
	app := New(WithLogger(logger))
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			WriteError(w, r, errors.New("quota store: connection refused"))
		})
	})
	app.Mount(Module{Name: "m", Routes: []Route{Get("x", func(*Request) Result { return Response(nil) })}})
	petratest.New(t, app).Get("/api/v1/m/x").AssertError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
	assert.Contains(t, logs.String(), "quota store: connection refused")
	assert.Empty(t, defaultLogs.String())
}

func TestViewWritesItsOwnResponse(t *testing.T) {
	logger, logs := petratest.NewLogger()
	app := New(WithLogger(logger))
	app.Mount(Module{Name: "s", Routes: []Route{
		Get("stream", func(r *Request) Result {
			w := r.ResponseWriter()
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, "line 1\n")
			_ = http.NewResponseController(w).Flush()
			_, _ = io.WriteString(w, "line 2\n")
			return Result{}
		}),
		Get("status", func(r *Request) Result {
			r.ResponseWriter().WriteHeader(http.StatusAccepted)
			return Result{}
		}),
		Get("header-only", func(r *Request) Result {
			r.ResponseWriter().Header().Set("X-Took", "yes")
			return Response(nil, status.HTTP_204_NO_CONTENT)
		}),
	}})
	srv := httptest.NewUnstartedServer(app)
	srv.Config = app.Server("") // its ErrorLog is the app's logger
	srv.Start()
	defer srv.Close()
	tests := []struct {
		path, body, header string
		code               int
	}{
		{"stream", "line 1\nline 2\n", "", 200},
		{"status", "", "", 202},
		{"header-only", "", "yes", 204},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := srv.Client().Get(srv.URL + "/api/v1/s/" + tt.path)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tt.code, resp.StatusCode)
			assert.Equal(t, tt.body, string(body))
			assert.Equal(t, tt.header, resp.Header.Get("X-Took"))
		})
	}
	assert.NotContains(t, logs.String(), "superfluous", "petra writes nothing after the view's own response")
}

// The encoder sends what json.Encoder writes without its newline, whether it
// comes in one call, as encoding/json writes it, or in parts.
func TestEncoderSendsTheValueWithoutItsNewline(t *testing.T) {
	value := []byte(`{"id":"a\nb","n":[1,2]}` + "\n")
	for _, parts := range []int{1, 2, 5, len(value)} {
		w := httptest.NewRecorder()
		e := &encoder{w: w, r: httptest.NewRequest(http.MethodGet, "/", nil), code: status.HTTP_201_CREATED}
		for chunk := range slices.Chunk(value, (len(value)+parts-1)/parts) {
			n, err := e.Write(chunk)
			require.NoError(t, err)
			require.Equal(t, len(chunk), n)
		}
		assert.True(t, e.sent)
		assert.Equal(t, http.StatusCreated, w.Code)
		assert.Equal(t, string(value[:len(value)-1]), w.Body.String(), "in %d parts", parts)
	}
}
