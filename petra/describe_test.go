package petra_test

import (
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// The headers a route declares with Returns reach its Operation, with the
// answer they belong to.
func TestReturnsHeaders(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Post("orders/", func(*petra.Request) petra.Result { return petra.Response(nil) }).
			Returns(petra.NoBody, status.HTTP_201_CREATED, petra.Header[url.URL]("Location", "The new order")).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT),
	}})
	ops := app.Operations()
	require.NotEmpty(t, ops)
	orders := ops[len(ops)-1] // after the project's own routes
	require.Equal(t, "/api/v1/shop/orders/", orders.Path)
	assert.Equal(t, []petra.Returned{
		{Status: status.HTTP_201_CREATED, Headers: []petra.ResponseHeader{
			{Name: "Location", Description: "The new order", Type: reflect.TypeFor[url.URL]()},
		}},
		{Status: status.HTTP_204_NO_CONTENT},
	}, orders.Responses)
}

func TestHeaderRefusesInvalidNames(t *testing.T) {
	tests := []struct {
		name  string
		valid bool
	}{
		{"Location", true},
		{"X-Total-Count", true},
		{"", false},
		{"Content Type", false},
		{"Location:", false},
		{"Ubicación", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			declare := func() { petra.Header[string](tt.name, "") }
			declareOptional := func() { petra.OptionalHeader[string](tt.name, "") }
			if tt.valid {
				assert.NotPanics(t, declare)
				assert.NotPanics(t, declareOptional)
			} else {
				assert.PanicsWithValue(t, `petra: Header: "`+tt.name+`" is not a valid header name`, declare)
				assert.PanicsWithValue(t, `petra: OptionalHeader: "`+tt.name+`" is not a valid header name`, declareOptional)
			}
		})
	}
}

// The error answers a route declares with Fails and FailsWith reach its
// Operation in order, each with the headers declared for it; an optional
// header says so.
func TestFailsHeaders(t *testing.T) {
	view := func(*petra.Request) petra.Result { return petra.Response(nil) }
	retry := petra.OptionalHeader[int]("Retry-After", "How many seconds to wait")
	locked := petra.Header[time.Time]("X-Locked-Until", "When the order may change again")
	tests := []struct {
		name  string
		route petra.Route
		want  []petra.Failed
	}{
		{"none", petra.Get("a", view), nil},
		{"codes without headers", petra.Get("b", view).Fails(status.HTTP_401_UNAUTHORIZED, status.HTTP_409_CONFLICT),
			[]petra.Failed{{Status: status.HTTP_401_UNAUTHORIZED}, {Status: status.HTTP_409_CONFLICT}}},
		{"a code with headers", petra.Get("c", view).FailsWith(status.HTTP_423_LOCKED, locked, retry),
			[]petra.Failed{{Status: status.HTTP_423_LOCKED, Headers: []petra.ResponseHeader{
				{Name: "X-Locked-Until", Description: "When the order may change again", Type: reflect.TypeFor[time.Time]()},
				{Name: "Retry-After", Description: "How many seconds to wait", Type: reflect.TypeFor[int](), Optional: true},
			}}}},
		{"both, in order", petra.Get("d", view).Fails(status.HTTP_409_CONFLICT).FailsWith(status.HTTP_503_SERVICE_UNAVAILABLE, retry),
			[]petra.Failed{{Status: status.HTTP_409_CONFLICT},
				{Status: status.HTTP_503_SERVICE_UNAVAILABLE, Headers: []petra.ResponseHeader{retry}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := petra.New()
			app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{tt.route}})
			ops := app.Operations()
			require.NotEmpty(t, ops)
			assert.Equal(t, tt.want, ops[len(ops)-1].Errors)
		})
	}
}

// A route's declarations are copies: declaring more on one does not change
// another made from the same route.
func TestFailsWithCopies(t *testing.T) {
	base := petra.Get("x", func(*petra.Request) petra.Result { return petra.Response(nil) }).Fails(status.HTTP_409_CONFLICT)
	a := base.FailsWith(status.HTTP_423_LOCKED, petra.Header[string]("X-A", ""))
	b := base.FailsWith(status.HTTP_429_TOO_MANY_REQUESTS, petra.Header[string]("X-B", ""))
	app := petra.New()
	app.Mount(petra.Module{Name: "a", Routes: []petra.Route{a}}, petra.Module{Name: "b", Routes: []petra.Route{b}})
	ops := app.Operations()
	errs := map[string][]petra.Failed{}
	for _, op := range ops {
		errs[op.Module] = op.Errors
	}
	assert.Equal(t, status.HTTP_423_LOCKED, errs["a"][1].Status)
	assert.Equal(t, status.HTTP_429_TOO_MANY_REQUESTS, errs["b"][1].Status)
}

// Languages names the languages an app answers in as Content-Language does.
func TestLanguages(t *testing.T) {
	french := petra.NewCatalog("fr-CA", map[string]string{"Not found": "Introuvable"})
	tests := []struct {
		name string
		opts []petra.Option
		want []string
	}{
		{"English only", nil, nil},
		{"with catalogs", []petra.Option{petra.WithCatalog(petra.Spanish, french)}, []string{"en", "es", "fr-CA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, petra.New(tt.opts...).Languages())
		})
	}
}
