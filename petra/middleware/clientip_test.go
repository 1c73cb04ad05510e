package middleware_test

import (
	"net/http"
	"testing"

	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		name       string
		remoteAddr string
		xff        string
		trusted    []string // prefixes for chi's ClientIPFromXFF in front; nil for none
		want       string
	}{
		{name: "IPv4 peer", remoteAddr: "198.51.100.7:5000", want: "198.51.100.7"},
		{name: "IPv6 peer", remoteAddr: "[2001:db8::1]:443", want: "2001:db8::1"},
		{name: "IPv4 through an IPv6 socket", remoteAddr: "[::ffff:198.51.100.7]:5000", want: "198.51.100.7"},
		{name: "no port", remoteAddr: "198.51.100.7", want: "198.51.100.7"},
		{name: "X-Forwarded-For alone is ignored", remoteAddr: "198.51.100.7:5000", xff: "203.0.113.9", want: "198.51.100.7"},
		{name: "resolved by chi behind a trusted proxy", remoteAddr: "10.0.0.1:80", xff: "203.0.113.9",
			trusted: []string{"10.0.0.0/8"}, want: "203.0.113.9"},
		{name: "chi keeps an untrusted peer", remoteAddr: "198.51.100.7:5000", xff: "203.0.113.9",
			trusted: []string{"10.0.0.0/8"}, want: "198.51.100.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			var h http.Handler = http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = middleware.ClientIP(r) })
			if tt.trusted != nil {
				h = chimw.ClientIPFromXFF(tt.trusted...)(h)
			}
			c := petratest.New(t, h).WithRemoteAddr(tt.remoteAddr)
			if tt.xff != "" {
				c = c.WithHeader("X-Forwarded-For", tt.xff)
			}
			c.Get("/")
			assert.Equal(t, tt.want, got)
		})
	}
}
