package middleware_test

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// assertLimited checks that res is the 429 envelope with its headers.
func assertLimited(t *testing.T, res *petratest.Response, limit int) {
	t.Helper()
	res.AssertError(status.HTTP_429_TOO_MANY_REQUESTS, "Too many requests")
	h := res.Header()
	assert.Equal(t, strconv.Itoa(limit), h.Get("X-RateLimit-Limit"))
	assert.Equal(t, "0", h.Get("X-RateLimit-Remaining"))
	secs, err := strconv.Atoi(h.Get("Retry-After"))
	require.NoError(t, err, "Retry-After must be whole seconds, got %q", h.Get("Retry-After"))
	assert.GreaterOrEqual(t, secs, 1)
}

func TestRateLimitAllowsLimitThenAnswers429(t *testing.T) {
	const limit = 3
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			var hits atomic.Int64
			h := tg.build(t, &hits, middleware.RateLimit(middleware.RateLimitOptions{Limit: limit}))
			c := petratest.New(t, h)
			for i := range limit {
				res := c.WithRemoteAddr("198.51.100.7:5000").Get(tg.path).AssertJSON(status.HTTP_200_OK, okJSON)
				assert.Equal(t, "3", res.Header().Get("X-RateLimit-Limit"))
				assert.Equal(t, strconv.Itoa(limit-1-i), res.Header().Get("X-RateLimit-Remaining"))
			}
			for range 2 {
				res := c.WithRemoteAddr("198.51.100.7:5001").Get(tg.path) // another port, the same client
				assertLimited(t, res, limit)
				assert.Equal(t, "60", res.Header().Get("Retry-After"), "the in-memory window frees a slot within a minute")
			}
			assert.Equal(t, int64(limit), hits.Load(), "a limited request must not reach the app")
		})
	}
}

func TestRateLimitKeys(t *testing.T) {
	const client = "198.51.100.7:5000"
	tests := []struct {
		name    string
		opts    middleware.RateLimitOptions
		path    func(tg target) string
		remote  string
		xff     string
		limited bool
	}{
		{name: "same client, same path", path: samePath, remote: client, limited: true},
		{name: "same path with a trailing slash or without", path: trimmedPath, remote: client, limited: true},
		{name: "same client, another path", path: otherPath, remote: client},
		{name: "another client", path: samePath, remote: "203.0.113.9:5000"},
		{name: "forged X-Forwarded-For is ignored by default", path: samePath, remote: client, xff: "203.0.113.9", limited: true},
		{name: "Key by client alone", path: otherPath, remote: client,
			opts: middleware.RateLimitOptions{Key: middleware.ClientIP}, limited: true},
		{name: "trusted proxy forwards another client", path: samePath, remote: "10.0.0.2:80", xff: "203.0.113.9",
			opts: middleware.RateLimitOptions{TrustedProxies: []string{"10.0.0.0/8"}}},
		{name: "trusted proxy forwards the same client", path: samePath, remote: "10.0.0.3:80", xff: "203.0.113.9, 198.51.100.7",
			opts: middleware.RateLimitOptions{TrustedProxies: []string{"10.0.0.0/8"}}, limited: true},
		{name: "untrusted peer forging X-Forwarded-For", path: samePath, remote: client, xff: "203.0.113.9",
			opts: middleware.RateLimitOptions{TrustedProxies: []string{"10.0.0.0/8"}}, limited: true},
	}
	for _, tg := range targets {
		for _, tt := range tests {
			t.Run(tg.name+"/"+tt.name, func(t *testing.T) {
				opts := tt.opts
				opts.Limit = 1
				var hits atomic.Int64
				h := tg.build(t, &hits, middleware.RateLimit(opts))
				c := petratest.New(t, h)
				first := c.WithRemoteAddr(client)
				if len(opts.TrustedProxies) > 0 {
					first = c.WithRemoteAddr("10.0.0.1:80").WithHeader("X-Forwarded-For", "198.51.100.7")
				}
				first.Get(tg.path).AssertJSON(status.HTTP_200_OK, okJSON)

				next := c.WithRemoteAddr(tt.remote)
				if tt.xff != "" {
					next = next.WithHeader("X-Forwarded-For", tt.xff)
				}
				res := next.Get(tt.path(tg))
				if tt.limited {
					assertLimited(t, res, 1)
				} else {
					res.AssertJSON(status.HTTP_200_OK, okJSON)
				}
			})
		}
	}
}

func samePath(tg target) string  { return tg.path }
func otherPath(tg target) string { return tg.other }

// trimmedPath is the target's path with its trailing slash toggled.
func trimmedPath(tg target) string {
	if p, ok := strings.CutSuffix(tg.path, "/"); ok {
		return p
	}
	return tg.path + "/"
}

func TestRateLimitIPv6ByPrefix(t *testing.T) {
	var hits atomic.Int64
	h := buildBare(t, &hits, middleware.RateLimit(middleware.RateLimitOptions{Limit: 1}))
	c := petratest.New(t, h)
	c.WithRemoteAddr("[2001:db8:1:2::1]:443").Get("/ping").AssertJSON(status.HTTP_200_OK, okJSON)
	assert.Equal(t, status.HTTP_429_TOO_MANY_REQUESTS, c.WithRemoteAddr("[2001:db8:1:2::ffff]:443").Get("/ping").Code(),
		"one /64 is one client")
	c.WithRemoteAddr("[2001:db8:1:3::1]:443").Get("/ping").AssertJSON(status.HTTP_200_OK, okJSON)
}

func TestRateLimitZeroDisables(t *testing.T) {
	for _, limit := range []int{0, -1} {
		for _, tg := range targets {
			t.Run(tg.name+"/"+strconv.Itoa(limit), func(t *testing.T) {
				var hits atomic.Int64
				h := tg.build(t, &hits, middleware.RateLimit(middleware.RateLimitOptions{Limit: limit}))
				c := petratest.New(t, h)
				for range 100 {
					res := c.Get(tg.path).AssertJSON(status.HTTP_200_OK, okJSON)
					assert.Empty(t, res.Header().Get("X-RateLimit-Limit"))
				}
				assert.Equal(t, int64(100), hits.Load())
			})
		}
	}
}

func TestRateLimitPanicsOnInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opts middleware.RateLimitOptions
		want string
	}{
		{"negative window", middleware.RateLimitOptions{Limit: 1, Window: -time.Second},
			"middleware: RateLimit Window must be positive, got -1s"},
		{"bad proxy prefix", middleware.RateLimitOptions{Limit: 1, TrustedProxies: []string{"10.0.0.1"}},
			`middleware: RateLimit TrustedProxies has "10.0.0.1", which is not a CIDR prefix such as 10.0.0.0/8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tt.want, func() { middleware.RateLimit(tt.opts) })
		})
	}
}
