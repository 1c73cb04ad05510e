package dto

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// eventForm is one form for PUT and PATCH: its end may not precede its start,
// its note may be cleared with null, and its title and start are unique
// together among the stored events, which its Clean asks the store.
type eventForm struct {
	ID    int      `json:"-"     path:"id"`
	Title string   `json:"title" form:"title" validate:"required,max=20"`
	Start int      `json:"start" form:"start" validate:"gte=0"`
	End   int      `json:"end"   form:"end"   validate:"gtefield=Start"`
	Note  *string  `json:"note"  validate:"omitempty,max=10"`
	Tags  []string `json:"tags"  validate:"max=2"`
	trace []string
}

// CleanTitle trims the title; it runs only when a title is sent.
func (f *eventForm) CleanTitle(_ *petra.Request, s *eventStore) error {
	f.trace = append(f.trace, "CleanTitle")
	f.Title = strings.TrimSpace(f.Title)
	if s.reserved == f.Title {
		return petra.Invalid("title", "The title is reserved")
	}
	return nil
}

// Clean refuses a title and start that another event has: on the merged
// object, whichever of the two the request sent.
func (f *eventForm) Clean(_ *petra.Request, s *eventStore) error {
	f.trace = append(f.trace, "Clean")
	for id, e := range s.events {
		if id != f.ID && strings.EqualFold(e.Title, f.Title) && e.Start == f.Start {
			return petra.Invalid("title", "An event with this title and start already exists")
		}
	}
	return nil
}

// eventStore holds the events the views update.
type eventStore struct {
	events   map[int]eventForm
	reserved string
}

func (s *eventStore) patch(r *petra.Request, patch *Partial[eventForm]) petra.Result {
	id, _ := strconv.Atoi(r.PathParam("id"))
	e, ok := s.events[id]
	if !ok {
		return petra.Fail(petra.NotFound("No such event"))
	}
	if err := patch.Apply(&e); err != nil {
		return petra.Fail(err)
	}
	var sent []string
	for _, name := range []string{"id", "title", "start", "end", "note", "tags"} {
		if patch.Sent(name) {
			sent = append(sent, name)
		}
	}
	return petra.Response(map[string]any{"event": e, "sent": sent, "trace": e.trace})
}

func (s *eventStore) put(r *petra.Request, form *eventForm) petra.Result {
	return petra.Response(map[string]any{"event": form, "trace": form.trace})
}

func newEventApp(t *testing.T) *petra.App {
	hi := "hi"
	s := &eventStore{reserved: "Admin", events: map[int]eventForm{
		1: {ID: 1, Title: "Launch", Start: 10, End: 20, Note: &hi, Tags: []string{"a"}},
		2: {ID: 2, Title: "Review", Start: 10, End: 40},
	}}
	return newApp(t, nil,
		petra.Patch("events/<int:id>", Form(func(r *petra.Request, p *Partial[eventForm]) petra.Result { return s.patch(r, p) }, With(s))),
		petra.Put("events/<int:id>", Form(func(r *petra.Request, f *eventForm) petra.Result { return s.put(r, f) }, With(s))))
}

func TestPartial(t *testing.T) {
	app := newEventApp(t)
	const launch = `"title":"Launch","start":10,"end":20`
	tests := []struct {
		name, path, body string
		want             status.Code
		wantBody         string
	}{
		{"absent fields keep their stored values and are not required", "1", `{"end":25}`, 200,
			`{"event":{` + `"title":"Launch","start":10,"end":25,"note":"hi","tags":["a"]},"sent":["id","end"],"trace":["Clean"]}`},
		{"an empty object changes nothing", "1", `{}`, 200,
			`{"event":{` + launch + `,"note":"hi","tags":["a"]},"sent":["id"],"trace":["Clean"]}`},
		{"an empty body changes nothing", "1", ``, 200,
			`{"event":{` + launch + `,"note":"hi","tags":["a"]},"sent":["id"],"trace":["Clean"]}`},
		{"a sent field is validated", "1", `{"note":"far too long a note"}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"note":["The note must not be greater than 10 characters"]}}`},
		{"a sent field must not be blank when required", "1", `{"title":""}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title field is required"]}}`},
		{"nor spaces", "1", `{"title":"   "}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title field is required"]}}`},
		{"null clears a pointer", "1", `{"note":null}`, 200,
			`{"event":{` + launch + `,"note":null,"tags":["a"]},"sent":["id","note"],"trace":["Clean"]}`},
		{"null clears a list", "1", `{"tags":null}`, 200,
			`{"event":{` + launch + `,"note":"hi","tags":null},"sent":["id","tags"],"trace":["Clean"]}`},
		{"null is refused where the field cannot be nil", "1", `{"title":null,"start":null}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{
				"title":["The title must not be null"],"start":["The start must not be null"]}}`},
		{"a list sent replaces the stored one", "1", `{"tags":["b","c"]}`, 200,
			`{"event":{` + launch + `,"note":"hi","tags":["b","c"]},"sent":["id","tags"],"trace":["Clean"]}`},
		{"a list sent is validated whole", "1", `{"tags":["b","c","d"]}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"tags":["The tags must not have more than 2 items"]}}`},
		{"a value that does not fit is refused, keyed by its field", "1", `{"start":"soon","tags":["b",2]}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{
				"start":["The start must be an integer"],"tags[1]":["The tags must be a string"]}}`},
		{"cross-field rules see the merged object", "1", `{"start":25}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"end":["The end must not be less than the start"]}}`},
		{"and pass when both are sent", "1", `{"start":25,"end":30}`, 200,
			`{"event":{"title":"Launch","start":25,"end":30,"note":"hi","tags":["a"]},"sent":["id","start","end"],"trace":["Clean"]}`},
		{"uniqueness sees the merged object: the title alone clashes with the stored start", "1", `{"title":"review"}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["An event with this title and start already exists"]}}`},
		{"the start alone clashes with the stored title", "2", `{"title":"Launch","start":11}`, 200,
			`{"event":{"title":"Launch","start":11,"end":40,"note":null,"tags":null},"sent":["id","title","start"],"trace":["CleanTitle","Clean"]}`},
		{"an object may keep its own values", "2", `{"start":10}`, 200,
			`{"event":{"title":"Review","start":10,"end":40,"note":null,"tags":null},"sent":["id","start"],"trace":["Clean"]}`},
		{"a field hook runs on a sent field, with the dependency", "1", `{"title":" Admin "}`, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title is reserved"]}}`},
		{"a field hook cleans what was sent", "1", `{"title":" Launch 2 "}`, 200,
			`{"event":{"title":"Launch 2","start":10,"end":20,"note":"hi","tags":["a"]},"sent":["id","title"],"trace":["CleanTitle","Clean"]}`},
		{"keys match as encoding/json matches them", "1", `{"TITLE":"Loud"}`, 200,
			`{"event":{"title":"Loud","start":10,"end":20,"note":"hi","tags":["a"]},"sent":["id","title"],"trace":["CleanTitle","Clean"]}`},
		{"unknown keys are ignored", "1", `{"colour":"red"}`, 200,
			`{"event":{` + launch + `,"note":"hi","tags":["a"]},"sent":["id"],"trace":["Clean"]}`},
		{"a body that is not an object", "1", `["title"]`, 400,
			`{"success":false,"message":"The request body must be a JSON object"}`},
		{"null as the body", "1", `null`, 400, `{"success":false,"message":"The request body must be a JSON object"}`},
		{"malformed JSON", "1", `{"title":`, 400, `{"success":false,"message":"The request body is not valid JSON: unexpected end of JSON input at line 1, column 9"}`},
		{"the view's 404", "9", `{"title":"x"}`, 404, `{"success":false,"message":"No such event"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).PatchJSON("/api/v1/t/events/"+tt.path, tt.body).AssertJSON(tt.want, tt.wantBody)
		})
	}
}

func TestPartialFormBody(t *testing.T) {
	app := newEventApp(t)
	tests := []struct {
		name     string
		values   url.Values
		want     status.Code
		wantBody string
	}{
		{"a form body sends its keys; a blank number is not sent", url.Values{"title": {"Launch 2"}, "start": {" "}}, 200,
			`{"event":{"title":"Launch 2","start":10,"end":20,"note":"hi","tags":["a"]},"sent":["id","title"],"trace":["CleanTitle","Clean"]}`},
		{"a blank text is sent", url.Values{"title": {""}}, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"title":["The title field is required"]}}`},
		{"cross-field rules see the merged object", url.Values{"end": {"5"}}, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"end":["The end must not be less than the start"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Send("PATCH", "/api/v1/t/events/1", "application/x-www-form-urlencoded",
				strings.NewReader(tt.values.Encode())).AssertJSON(tt.want, tt.wantBody)
		})
	}
	petratest.New(t, app).Send("PATCH", "/api/v1/t/events/1", "text/plain", strings.NewReader("x")).
		AssertJSON(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, `{"success":false,"message":"Unsupported media type: send application/json, application/x-www-form-urlencoded or multipart/form-data"}`)
}

// The same form serves PUT in full: what is not sent is zero, and required.
func TestPartialFormServesPutInFull(t *testing.T) {
	app := newEventApp(t)
	c := petratest.New(t, app)
	c.PutJSON("/api/v1/t/events/1", `{"start":5}`).AssertJSON(status.HTTP_400_BAD_REQUEST,
		`{"success":false,"message":"The given data was invalid","errors":{
			"title":["The title field is required"],"end":["The end must not be less than the start"]}}`)
	c.PutJSON("/api/v1/t/events/1", `{"title":"Review","start":10,"end":12}`).AssertJSON(status.HTTP_400_BAD_REQUEST,
		`{"success":false,"message":"The given data was invalid","errors":{"title":["An event with this title and start already exists"]}}`)
	c.PutJSON("/api/v1/t/events/2", `{"title":"Review","start":10,"end":12}`).AssertJSON(status.HTTP_200_OK,
		`{"event":{"title":"Review","start":10,"end":12,"note":null,"tags":null},"trace":["CleanTitle","Clean"]}`)
}

func TestPartialApplyLeavesStoredValuesOnRefusal(t *testing.T) {
	hi := "hi"
	tags := []string{"a"}
	s := &eventStore{events: map[int]eventForm{}}
	var stored eventForm
	app := newApp(t, nil, petra.Patch("events/<int:id>", Form(func(r *petra.Request, p *Partial[eventForm]) petra.Result {
		stored = eventForm{Title: "Launch", Start: 1, End: 2, Note: &hi, Tags: tags}
		if err := p.Apply(&stored); err != nil {
			return petra.Fail(err)
		}
		return petra.Response(nil, status.HTTP_204_NO_CONTENT)
	}, With(s))))
	petratest.New(t, app).PatchJSON("/api/v1/t/events/1", `{"start":"x","tags":["b"]}`).
		AssertStatus(status.HTTP_400_BAD_REQUEST)
	assert.Equal(t, 1, stored.Start, "a value that does not fit leaves the stored one")
	assert.Equal(t, []string{"a"}, tags, "the list sent replaces the stored one without writing into it")
}

func TestZeroPartialPanics(t *testing.T) {
	assert.PanicsWithValue(t, "dto: a zero Partial; a view receives it from Form or Resource", func() {
		_ = (&Partial[eventForm]{}).Apply(&eventForm{})
	})
}

// depForm's hooks take a *eventStore; otherDepForm's take two kinds.
type (
	depForm struct {
		Name string `json:"name"`
	}
	otherDepForm struct {
		Name string `json:"name"`
	}
)

func (*depForm) CleanName(*petra.Request, *eventStore) error      { return nil }
func (*otherDepForm) CleanName(*petra.Request, *eventStore) error { return nil }
func (*otherDepForm) Clean(*petra.Request, *petra.App) error      { return nil }

func TestWithPanicsAtDeclaration(t *testing.T) {
	view := func(r *petra.Request, f *depForm) petra.Result { return petra.Response(nil) }
	tests := []struct {
		name  string
		build func()
		want  string
	}{
		{"a hook takes a dependency the declaration does not give", func() { Form(view) },
			"dto: the clean hooks of dto.depForm take a *dto.eventStore: declare the form with dto.With(…)"},
		{"another type", func() { Form(view, With(&petra.App{})) },
			"dto: the clean hooks of dto.depForm take a *dto.eventStore, but dto.With gives a *petra.App"},
		{"a Binder too", func() { NewBinder[depForm]() },
			"dto: the clean hooks of dto.depForm take a *dto.eventStore: declare the form with dto.With(…)"},
		{"a partial form too", func() {
			Form(func(r *petra.Request, f *Partial[depForm]) petra.Result { return petra.Response(nil) })
		}, "dto: the clean hooks of dto.depForm take a *dto.eventStore: declare the form with dto.With(…)"},
		{"hooks that take two kinds", func() { planFor[otherDepForm]() },
			"dto: the clean hooks of dto.otherDepForm take a *dto.eventStore and a *petra.App (Clean): they must share one dependency"},
		{"not a pointer", func() { With(eventStore{}) },
			"dto: With needs a non-nil pointer, such as the viewset, got dto.eventStore"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				v := recover()
				require.NotNil(t, v, "no panic")
				assert.Equal(t, tt.want, fmt.Sprint(v))
			}()
			tt.build()
		})
	}
}

// A Binder gives its dependency to the hooks, as Form does.
func TestBinderWith(t *testing.T) {
	s := &eventStore{reserved: "Admin"}
	b := NewBinder[eventForm](With(s))
	app := newApp(t, nil, petra.Post("events/<int:id>", func(r *petra.Request) petra.Result {
		f, err := b.Bind(r)
		if err != nil {
			return petra.Fail(err)
		}
		return petra.Response(f.trace)
	}))
	c := petratest.New(t, app)
	c.PostJSON("/api/v1/t/events/1", `{"title":"Admin"}`).AssertJSON(status.HTTP_400_BAD_REQUEST,
		`{"success":false,"message":"The given data was invalid","errors":{"title":["The title is reserved"]}}`)
	c.PostJSON("/api/v1/t/events/1", `{"title":"Fine"}`).AssertJSON(status.HTTP_200_OK, `["CleanTitle","Clean"]`)
}

// FuzzPartialJSON applies any JSON body to a stored fuzzForm: it is answered
// 2xx or with an enveloped 4xx, never a 5xx, which is also what a panic becomes.
func FuzzPartialJSON(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Ann"}`, `{}`, ``, `null`, `[1]`, `{`, `{"a":1} x`,
		`{"name":null,"billing":null,"tags":null,"labels":null,"ptr":null,"any":null,"raw":null}`,
		`{"NAME":"x","name":"y","Name":null}`,
		`{"age":0,"active":false,"items":[{"sku":"A","qty":0}],"address":{"city":"Oslo"}}`,
		`{"age":"x","items":[{"sku":2}],"labels":{"a":-1},"when":"soon","score":1e400}`,
		"{\"name\":\"\\u0000\"}", "{\"name\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	var log petratest.LogBuffer
	app := newApp(f, &log, petra.Patch("f/", Form(func(r *petra.Request, p *Partial[fuzzForm]) petra.Result {
		stored := fuzzForm{Name: "Ann", Age: 30, Active: true, Tags: []string{"a"}}
		if err := p.Apply(&stored); err != nil {
			return petra.Fail(err)
		}
		return petra.Response(stored)
	})))
	f.Fuzz(func(t *testing.T, body []byte) {
		res := petratest.New(t, app).PatchJSON("/api/v1/t/f/?page=1", body)
		switch code := res.Code(); {
		case code.IsSuccess():
		case code.IsClientError():
			res.Envelope()
		default:
			t.Fatalf("answered %d %s\nlog: %s", code, res.Body(), log.String())
		}
	})
}

// A field tagged json:",string" is decoded as encoding/json decodes it into
// the whole form.
func TestPartialQuotedField(t *testing.T) {
	type counter struct {
		Count int    `json:"count,string" validate:"gte=0"`
		Label string `json:"label"`
	}
	app := newApp(t, nil, petra.Patch("c/", Form(func(r *petra.Request, p *Partial[counter]) petra.Result {
		stored := counter{Count: 1, Label: "a"}
		if err := p.Apply(&stored); err != nil {
			return petra.Fail(err)
		}
		return petra.Response(stored)
	})))
	c := petratest.New(t, app)
	c.PatchJSON("/api/v1/t/c/", `{"count":"7"}`).AssertJSON(status.HTTP_200_OK, `{"count":"7","label":"a"}`)
	c.PatchJSON("/api/v1/t/c/", `{"count":"-1"}`).AssertJSON(status.HTTP_400_BAD_REQUEST,
		`{"success":false,"message":"The given data was invalid","errors":{"count":["The count must be at least 0"]}}`)
	c.PatchJSON("/api/v1/t/c/", `{"count":7}`).AssertStatus(status.HTTP_400_BAD_REQUEST)
}
