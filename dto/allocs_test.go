package dto

import (
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// allocForm is a valid form whose field hook does nothing: a hook must cost no
// allocation of its own.
type allocForm struct {
	Name string `json:"name" validate:"required"`
	Age  int    `json:"age"  validate:"required,gte=1"`
}

type hookedAllocForm struct {
	Name string `json:"name" validate:"required"`
	Age  int    `json:"age"  validate:"required,gte=1"`
}

func (f *hookedAllocForm) CleanName(r *petra.Request) error { return nil }

type allocViewSet struct{ petra.ViewSet }

func (v *allocViewSet) Create(r *petra.Request, f *allocForm) petra.Result {
	return petra.Response(nil, status.HTTP_201_CREATED)
}

// allocsPerRequest counts the allocations of one valid JSON POST to target.
func allocsPerRequest(t *testing.T, route petra.Route) float64 {
	t.Helper()
	app := petra.New(petra.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	app.Mount(petra.Module{Name: "t", Routes: []petra.Route{route}})
	body := []byte(`{"name":"Ann","age":3}`)
	reader := &rewindBody{}
	req, err := http.NewRequest(http.MethodPost, "/api/v1/t/f/", reader)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(body))
	w := &benchWriter{header: http.Header{}}
	return testing.AllocsPerRun(200, func() {
		reader.Reset(body)
		req.Body = reader
		clear(w.header)
		app.ServeHTTP(w, req)
		if w.code != http.StatusCreated {
			t.Fatalf("answered %d", w.code)
		}
	})
}

// Clean hooks and Resource's form actions are resolved when the route is
// declared: per request they cost what dto.Form without them costs.
func TestNoReflectionPerRequest(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector, whose sync.Pool drops items at random")
	}
	created := func(r *petra.Request, f *allocForm) petra.Result { return petra.Response(nil, status.HTTP_201_CREATED) }
	hooked := func(r *petra.Request, f *hookedAllocForm) petra.Result {
		return petra.Response(nil, status.HTTP_201_CREATED)
	}
	form := allocsPerRequest(t, petra.Post("f/", Form(created)))
	assert.Equal(t, form, allocsPerRequest(t, petra.Post("f/", Form(hooked))), "a Clean<Field> hook")
	assert.Equal(t, form, allocsPerRequest(t, Resource("f/", &allocViewSet{})[0]), "a Resource action")
}

// bindAllocs counts the allocations binding body into a userForm costs, beyond
// those of the request and of reading its body, which are petra's.
func bindAllocs(t *testing.T, body []byte) float64 {
	t.Helper()
	p := planFor[userForm]()
	reader := &rewindBody{}
	hr, err := http.NewRequest(http.MethodPost, "/", reader)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.ContentLength = int64(len(body))
	var form userForm
	run := func(bind bool) float64 {
		return testing.AllocsPerRun(200, func() {
			reader.Reset(body)
			hr.Body = reader
			r := petra.NewRequest(nil, hr)
			if _, err := r.RawBody(); err != nil {
				t.Fatal(err)
			}
			if bind {
				form = userForm{}
				_ = p.bind(r, &form, nil)
			}
		})
	}
	return run(true) - run(false)
}

// Binding a valid JSON form costs its strings and the validator's own
// allocations (none of them checking a plain email address); an invalid one
// adds the validator's failures and one allocation for the answer, whose messages are
// worded once per form. The counts catch a decode or a message that starts
// allocating again; a new version of the validator may lower them.
func TestBindAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector, whose sync.Pool drops items at random")
	}
	bindAllocs(t, []byte(`{"name":"","email":"nope","age":0}`)) // words the messages
	assert.LessOrEqual(t, bindAllocs(t, []byte(`{"name":"Ann Example","email":"ann@example.com","age":42}`)), 5.0, "a valid form")
	assert.LessOrEqual(t, bindAllocs(t, []byte(`{"name":"","email":"nope","age":0}`)), 22.0, "an invalid form")
}

// The one-pass decode allocates the strings it fills and nothing else.
func TestDecodeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector")
	}
	d := planFor[userForm]().decoder
	for _, tt := range []struct {
		body    string
		strings float64
	}{
		{`{"name":"Ann Example","email":"ann@example.com","age":42}`, 2},
		{`{"name":"","email":"nope","age":0}`, 1},
		{` {"NAME":"Ann","unknown":{"x":[1,2,{"y":null}]},"age":10,"age":7} `, 1},
		{`{"name":"Ann \u00e9","email":"a@b.c"}`, 2},
	} {
		var form userForm
		v, body := reflect.ValueOf(&form).Elem(), []byte(tt.body)
		allocs := testing.AllocsPerRun(100, func() {
			v.SetZero()
			if _, ok := d.decode(body, v); !ok {
				t.Fatalf("declined %s", tt.body)
			}
		})
		assert.Equal(t, tt.strings, allocs, tt.body)
	}
}
