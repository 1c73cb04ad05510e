package petratest_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

type noteForm struct {
	Title string `json:"title" form:"title" validate:"required,max=10"`
}

type note struct {
	Title string `json:"title"`
	Token string `json:"token"`
	From  string `json:"from"`
}

func newApp(logger *petra.Option) *petra.App {
	opts := []petra.Option{}
	if logger != nil {
		opts = append(opts, *logger)
	}
	app := petra.New(opts...)
	app.Mount(petra.Module{Name: "notes", Routes: []petra.Route{
		petra.Post("notes/", dto.Form(func(r *petra.Request, f *noteForm) petra.Result {
			return petra.Response(note{Title: f.Title, Token: r.Header.Get("Authorization"), From: r.RemoteAddr},
				status.HTTP_201_CREATED)
		})),
		petra.Get("boom/", func(*petra.Request) petra.Result { return petra.Fail(errors.New("disk on fire")) }),
		petra.Delete("notes/<int:id>", func(*petra.Request) petra.Result {
			return petra.Response(nil, status.HTTP_204_NO_CONTENT)
		}),
		petra.Put("notes/<int:id>", func(r *petra.Request) petra.Result { return petra.Response(r.Data("title")) }),
		petra.Patch("notes/<int:id>", func(r *petra.Request) petra.Result { return petra.Response(r.Data("title")) }),
	}})
	return app
}

func TestClient(t *testing.T) {
	c := petratest.New(t, newApp(nil))

	got := petratest.Decode[note](c.WithToken("abc").WithRemoteAddr("203.0.113.7:4242").
		PostJSON("/api/v1/notes/notes/", map[string]string{"title": "Go"}).AssertStatus(status.HTTP_201_CREATED))
	assert.Equal(t, note{Title: "Go", Token: "Bearer abc", From: "203.0.113.7:4242"}, got)

	c.PostForm("/api/v1/notes/notes/", url.Values{"title": {"Form"}}).
		AssertJSON(status.HTTP_201_CREATED, `{"title":"Form","token":"","from":"192.0.2.1:1234"}`)
	c.PostJSON("/api/v1/notes/notes/", `{}`).AssertFieldErrors(status.HTTP_400_BAD_REQUEST,
		map[string][]string{"title": {"The title field is required"}})
	c.PutJSON("/api/v1/notes/notes/1", []byte(`{"title":"put"}`)).AssertJSON(status.HTTP_200_OK, `"put"`)
	c.PatchJSON("/api/v1/notes/notes/1", `{"title":"patch"}`).AssertJSON(status.HTTP_200_OK, `"patch"`)
	res := c.Delete("/api/v1/notes/notes/1").AssertStatus(status.HTTP_204_NO_CONTENT)
	assert.Empty(t, res.Body())
	res = c.Get("/api/v1/notes/notes/1").AssertError(status.HTTP_405_METHOD_NOT_ALLOWED, "Method not allowed")
	assert.Equal(t, status.HTTP_405_METHOD_NOT_ALLOWED, res.Code())
	assert.Contains(t, res.Header().Get("Allow"), http.MethodDelete)
}

func TestLogger(t *testing.T) {
	logger, logs := petratest.NewLogger()
	opt := petra.WithLogger(logger)
	c := petratest.New(t, newApp(&opt))
	c.Get("/api/v1/notes/boom/").AssertError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
	records := logs.Records(t)
	if assert.Len(t, records, 1) {
		assert.Equal(t, "ERROR", records[0]["level"])
		assert.Equal(t, "disk on fire", records[0]["error"])
	}
	assert.Contains(t, logs.String(), "/api/v1/notes/boom/")
}

// fakeT stands in for a test that is meant to fail, recording that it did
// and what it said.
type fakeT struct {
	testing.TB
	failed bool
	said   strings.Builder
}

func (f *fakeT) Helper()      {}
func (f *fakeT) Name() string { return "fake" }
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	fmt.Fprintf(&f.said, format, args...)
}
func (f *fakeT) Fatalf(format string, args ...any) { f.Errorf(format, args...); f.FailNow() }
func (f *fakeT) FailNow()                          { f.failed = true; runtime.Goexit() }

// fails reports whether fn fails the test it is given.
func fails(fn func(t testing.TB)) bool {
	failed, _ := failure(fn)
	return failed
}

// failure runs fn and reports whether it failed the test it is given, and
// with what message.
func failure(fn func(t testing.TB)) (bool, string) {
	ft := &fakeT{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(ft)
	}()
	<-done
	return ft.failed, ft.said.String()
}

func TestEnvelopeIsStrict(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		ok                      bool
	}{
		{"the envelope", "application/json", `{"success":false,"message":"Bad"}`, true},
		{"not JSON by its type", "text/plain", `{"success":false,"message":"Bad"}`, false},
		{"no success", "application/json", `{"message":"Bad"}`, false},
		{"success true", "application/json", `{"success":true,"message":"Bad"}`, false},
		{"no message", "application/json", `{"success":false}`, false},
		{"another field", "application/json", `{"success":false,"message":"Bad","detail":"x"}`, false},
		{"trailing data", "application/json", `{"success":false,"message":"Bad"} {}`, false},
		{"not an object", "application/json", `"Bad"`, false},
		{"empty field errors", "application/json", `{"success":false,"message":"Bad","errors":{}}`, false},
		{"another message", "application/json", `{"success":false,"message":"Worse"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, tt.body)
			})
			failed := fails(func(ft testing.TB) {
				petratest.New(ft, h).Get("/").AssertError(status.HTTP_400_BAD_REQUEST, "Bad")
			})
			assert.Equal(t, !tt.ok, failed)
		})
	}
}

func TestWithTest(t *testing.T) {
	c := petratest.New(t, newApp(nil)).WithToken("abc")
	t.Run("subtest", func(t *testing.T) {
		failed := fails(func(ft testing.TB) {
			c.WithTest(ft).Get("/api/v1/notes/nope/").AssertStatus(status.HTTP_200_OK)
		})
		assert.True(t, failed, "the copy reports to the test it was given")
		got := petratest.Decode[note](c.WithTest(t).PostJSON("/api/v1/notes/notes/", `{"title":"Go"}`).
			AssertStatus(status.HTTP_201_CREATED))
		assert.Equal(t, "Bearer abc", got.Token, "the copy keeps the headers")
	})
	c.Get("/api/v1/notes/nope/").AssertError(status.HTTP_404_NOT_FOUND, "Not found")
}
