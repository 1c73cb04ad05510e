package petra_test

import (
	"net/url"
	"reflect"
	"testing"

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
			if tt.valid {
				assert.NotPanics(t, declare)
			} else {
				assert.PanicsWithValue(t, `petra: Header: "`+tt.name+`" is not a valid header name`, declare)
			}
		})
	}
}
