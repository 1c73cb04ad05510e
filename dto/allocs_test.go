package dto

import (
	"io"
	"log/slog"
	"net/http"
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
