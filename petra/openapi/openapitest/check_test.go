package openapitest_test

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/openapi/openapitest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// recorder keeps what a check reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

type Note struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

// Shelf's lists are nil until filled.
type Shelf struct {
	Books []string       `json:"books"`
	Index map[string]int `json:"index"`
}

// Catalog promises that its list is never nil.
type Catalog struct {
	Items []Note `json:"items" openapi:"nonnull"`
}

func accept(*petra.Request) petra.Result { return petra.Response(Note{ID: 1}, status.HTTP_201_CREATED) }

// UploadForm is the multipart body of the upload route, which reads it itself.
type UploadForm struct {
	File *multipart.FileHeader `form:"file" validate:"required"`
}

type NoteForm struct {
	Text string `json:"text" validate:"required,max=10"`
}

func TestCheck(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "notes", Routes: []petra.Route{
		// Truthful: answers what it declares.
		petra.Post("notes/", dto.Form(func(_ *petra.Request, f *NoteForm) petra.Result {
			return petra.Response(Note{ID: 1, Text: f.Text}, status.HTTP_201_CREATED)
		})).Returns(petra.Schema[Note](), status.HTTP_201_CREATED),
		// Lies about its status.
		petra.Get("status-lie/", func(*petra.Request) petra.Result {
			return petra.Response(Note{ID: 1}, status.HTTP_202_ACCEPTED)
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK),
		// Lies about its body.
		petra.Get("body-lie/", func(*petra.Request) petra.Result {
			return petra.Response(map[string]any{"id": "one", "text": "x"})
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK),
		// Sends the header it declares, and one that breaks its promise.
		petra.Get("header/", func(r *petra.Request) petra.Result {
			return petra.Response(Note{ID: 1}).WithHeader("X-Count", r.URL.Query().Get("count"))
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK, petra.Header[int]("X-Count", "How many notes")),
		// Sends a header it does not declare.
		petra.Get("header-unlisted/", func(*petra.Request) petra.Result {
			return petra.Response(Note{ID: 1}).WithHeader("X-Count", "1").WithHeader("Cache-Control", "no-store")
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK),
		// Leaves out the header it declares.
		petra.Get("header-lie/", func(*petra.Request) petra.Result {
			return petra.Response(Note{ID: 1})
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK, petra.Header[url.URL]("Location", "Where the note is")),
		// Sends its optional header with some answers only.
		petra.Get("optional-header/", func(r *petra.Request) petra.Result {
			res := petra.Response(Note{ID: 1})
			if r.URL.Query().Has("count") {
				res = res.WithHeader("X-Count", r.URL.Query().Get("count"))
			}
			return res
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK, petra.OptionalHeader[int]("X-Count", "How many notes, when counted")),
		// Sends a time as the date it is given.
		petra.Get("modified/", func(r *petra.Request) petra.Result {
			return petra.Response(Note{ID: 1}).WithHeader("Last-Modified", r.URL.Query().Get("at"))
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK, petra.Header[time.Time]("Last-Modified", "When the note changed")),
		// Refused by petra: its 401 carries the challenge.
		petra.Get("private/", accept).Permission(petra.IsAuthenticated).Returns(petra.Schema[Note](), status.HTTP_201_CREATED),
		// Answers 401 without the challenge every 401 carries.
		petra.Post("login/", func(*petra.Request) petra.Result {
			return petra.Fail(petra.NewError(status.HTTP_401_UNAUTHORIZED, "Invalid credentials"))
		}).Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).Fails(status.HTTP_401_UNAUTHORIZED),
		// Answers an error with the header it declares for it, when asked to.
		petra.Delete("locked/", func(r *petra.Request) petra.Result {
			err := petra.NewError(status.HTTP_423_LOCKED, "Locked")
			if r.URL.Query().Has("retry") {
				err = err.WithHeader("Retry-After", r.URL.Query().Get("retry"))
			}
			return petra.Fail(err)
		}).Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).
			FailsWith(status.HTTP_423_LOCKED, petra.Header[int]("Retry-After", "How many seconds to wait")),
		// Answers nil slices and maps, which encoding/json writes null.
		petra.Get("shelf/", func(*petra.Request) petra.Result { return petra.Response(Shelf{}) }).
			Returns(petra.Schema[Shelf](), status.HTTP_200_OK),
		petra.Get("shelves/", func(*petra.Request) petra.Result { return petra.Response([]Shelf(nil)) }).
			Returns(petra.Schema[[]Shelf](), status.HTTP_200_OK),
		// Promises a list that is never nil, and breaks the promise.
		petra.Get("nonnull-lie/", func(*petra.Request) petra.Result { return petra.Response(Catalog{}) }).
			Returns(petra.Schema[Catalog](), status.HTTP_200_OK),
		// Reads its multipart body itself, at most 1 KiB of it.
		petra.Post("upload/", func(r *petra.Request) petra.Result {
			fh, err := r.File("file")
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(Note{ID: int(fh.Size), Text: fh.Filename}, status.HTTP_201_CREATED)
		}).BodyLimit(1<<10).Multipart(petra.Schema[UploadForm]()).Returns(petra.Schema[Note](), status.HTTP_201_CREATED),
		// Accepts more than its document says: it declares a form it never checks.
		petra.Post("lenient/", petra.NewHandler(accept, accept).Binds(reflect.TypeFor[NoteForm]())).
			Returns(petra.Schema[Note](), status.HTTP_201_CREATED),
	}})
	check := openapitest.Check(t, app, openapi.Config{})
	// The same app with a route its document (built above) does not know.
	app.Mount(petra.Module{Name: "extra", Routes: []petra.Route{petra.Get("x/", accept)}})

	tests := []struct {
		name   string
		send   func(c *petratest.Client)
		report string // "" for none
	}{
		{"truthful", func(c *petratest.Client) { c.PostJSON("/api/v1/notes/notes/", `{"text":"hi"}`) }, ""},
		{"truthful refusal", func(c *petratest.Client) { c.PostJSON("/api/v1/notes/notes/", `{"text":"far too long a note"}`) }, ""},
		{"wrong media type", func(c *petratest.Client) {
			c.Send(http.MethodPost, "/api/v1/notes/notes/", "text/plain", strings.NewReader("hi"))
		}, ""},
		{"upload", func(c *petratest.Client) {
			c.PostMultipart("/api/v1/notes/upload/", petratest.Multipart{}.File("file", "a.txt", "text/plain", []byte("hi"))).
				AssertStatus(status.HTTP_201_CREATED)
		}, ""},
		{"upload without its file", func(c *petratest.Client) {
			c.PostMultipart("/api/v1/notes/upload/", petratest.Multipart{}.Field("text", "hi")).
				AssertStatus(status.HTTP_400_BAD_REQUEST)
		}, ""},
		{"upload of the wrong media type", func(c *petratest.Client) {
			c.PostJSON("/api/v1/notes/upload/", `{"file":"hi"}`).AssertStatus(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
		}, ""},
		{"upload too large", func(c *petratest.Client) {
			c.PostMultipart("/api/v1/notes/upload/", petratest.Multipart{}.File("file", "a.txt", "text/plain", make([]byte, 1<<10))).
				AssertStatus(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
		}, ""},
		{"unlisted method", func(c *petratest.Client) { c.Delete("/api/v1/notes/notes/") }, ""},
		{"unknown path", func(c *petratest.Client) { c.Get("/nowhere") }, ""},
		{"status lie", func(c *petratest.Client) { c.Get("/api/v1/notes/status-lie/") }, "the answer is not what the document says"},
		{"body lie", func(c *petratest.Client) { c.Get("/api/v1/notes/body-lie/") }, "the answer is not what the document says"},
		{"declared header", func(c *petratest.Client) { c.Get("/api/v1/notes/header/?count=3") }, ""},
		{"header of the wrong type", func(c *petratest.Client) { c.Get("/api/v1/notes/header/?count=three") },
			"the answer is not what the document says"},
		{"undeclared header", func(c *petratest.Client) { c.Get("/api/v1/notes/header-unlisted/") },
			"it carries X-Count, which the document does not list"},
		{"declared header left out", func(c *petratest.Client) { c.Get("/api/v1/notes/header-lie/") },
			"the answer is not what the document says"},
		{"optional header left out", func(c *petratest.Client) { c.Get("/api/v1/notes/optional-header/") }, ""},
		{"optional header sent", func(c *petratest.Client) { c.Get("/api/v1/notes/optional-header/?count=3") }, ""},
		{"optional header of the wrong type", func(c *petratest.Client) { c.Get("/api/v1/notes/optional-header/?count=three") },
			"the answer is not what the document says"},
		{"HTTP date", func(c *petratest.Client) { c.Get(modifiedAt("Sun, 06 Nov 1994 08:49:37 GMT")) }, ""},
		{"obsolete HTTP date", func(c *petratest.Client) { c.Get(modifiedAt("Sunday, 06-Nov-94 08:49:37 GMT")) }, ""},
		{"RFC 3339 date", func(c *petratest.Client) { c.Get(modifiedAt("1994-11-06T08:49:37Z")) },
			"the answer is not what the document says"},
		{"not a date", func(c *petratest.Client) { c.Get(modifiedAt("yesterday")) },
			"the answer is not what the document says"},
		{"petra's 401", func(c *petratest.Client) { c.Get("/api/v1/notes/private/") }, ""},
		{"401 without its challenge", func(c *petratest.Client) { c.PostJSON("/api/v1/notes/login/", `{}`) },
			"the answer is not what the document says"},
		{"error with its header", func(c *petratest.Client) { c.Delete("/api/v1/notes/locked/?retry=60") }, ""},
		{"error without its header", func(c *petratest.Client) { c.Delete("/api/v1/notes/locked/") },
			"the answer is not what the document says"},
		{"nil slice and map", func(c *petratest.Client) { c.Get("/api/v1/notes/shelf/") }, ""},
		{"nil list", func(c *petratest.Client) { c.Get("/api/v1/notes/shelves/") }, ""},
		{"nil list promised non-null", func(c *petratest.Client) { c.Get("/api/v1/notes/nonnull-lie/") },
			"the answer is not what the document says"},
		{"too lenient", func(c *petratest.Client) {
			c.PostJSON("/api/v1/notes/lenient/", `{"text":"short"}`) // valid: a control
			c.PostJSON("/api/v1/notes/lenient/", `{"text":"far too long a note"}`)
		}, "the document calls the request invalid"},
		{"undocumented route", func(c *petratest.Client) { c.Get("/api/v1/extra/x/") }, "not answered 404 or 405"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			tt.send(petratest.New(rec, app).WithCheck(check))
			if tt.report == "" {
				assert.Empty(t, rec.errs, "%q", rec.errs)
				return
			}
			if assert.Len(t, rec.errs, 1) {
				assert.Contains(t, rec.errs[0], tt.report)
			}
		})
	}
}

// modifiedAt is the path of the route that answers with Last-Modified: at.
func modifiedAt(at string) string {
	return "/api/v1/notes/modified/?at=" + url.QueryEscape(at)
}
