package openapitest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

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

func accept(*petra.Request) petra.Result { return petra.Response(Note{ID: 1}, status.HTTP_201_CREATED) }

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
		// Leaves out the header it declares.
		petra.Get("header-lie/", func(*petra.Request) petra.Result {
			return petra.Response(Note{ID: 1})
		}).Returns(petra.Schema[Note](), status.HTTP_200_OK, petra.Header[url.URL]("Location", "Where the note is")),
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
		{"unlisted method", func(c *petratest.Client) { c.Delete("/api/v1/notes/notes/") }, ""},
		{"unknown path", func(c *petratest.Client) { c.Get("/nowhere") }, ""},
		{"status lie", func(c *petratest.Client) { c.Get("/api/v1/notes/status-lie/") }, "the answer is not what the document says"},
		{"body lie", func(c *petratest.Client) { c.Get("/api/v1/notes/body-lie/") }, "the answer is not what the document says"},
		{"declared header", func(c *petratest.Client) { c.Get("/api/v1/notes/header/?count=3") }, ""},
		{"header of the wrong type", func(c *petratest.Client) { c.Get("/api/v1/notes/header/?count=three") },
			"the answer is not what the document says"},
		{"declared header left out", func(c *petratest.Client) { c.Get("/api/v1/notes/header-lie/") },
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
				assert.Empty(t, rec.errs)
				return
			}
			if assert.Len(t, rec.errs, 1) {
				assert.Contains(t, rec.errs[0], tt.report)
			}
		})
	}
}
