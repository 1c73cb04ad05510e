package middleware_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// testRedis returns a client of the Redis at TEST_REDIS_URL and a key prefix
// unique to this test, whose keys are deleted when the test ends. Without
// TEST_REDIS_URL the test is skipped, except under CI=true, where it fails:
// CI must always test the real backend.
func testRedis(t *testing.T) (newClient func() *redis.Client, prefix string) {
	t.Helper()
	url := os.Getenv("TEST_REDIS_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TEST_REDIS_URL is not set: CI must test the Redis-backed rate limit against a real Redis (e.g. redis://127.0.0.1:6379/0)")
		}
		t.Skip("TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0); skipping the Redis-backed rate limit")
	}
	opts, err := redis.ParseURL(url)
	require.NoError(t, err, "TEST_REDIS_URL")
	newClient = func() *redis.Client {
		c := redis.NewClient(opts)
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	admin := newClient()
	require.NoError(t, admin.Ping(context.Background()).Err(), "Redis at TEST_REDIS_URL is not answering")

	var b [8]byte
	_, _ = rand.Read(b[:])
	prefix = "petra-test:" + hex.EncodeToString(b[:]) + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		// redis_rate puts "rate:" before every key.
		iter := admin.Scan(ctx, 0, "rate:"+prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			assert.NoError(t, admin.Del(ctx, iter.Val()).Err())
		}
		assert.NoError(t, iter.Err())
	})
	return newClient, prefix
}

func TestRateLimitRedisSharedAcrossInstances(t *testing.T) {
	newClient, prefix := testRedis(t)
	const limit = 5
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			// Two app instances, each with its own middleware and connection,
			// as two processes behind a load balancer.
			opts := middleware.RateLimitOptions{Limit: limit, RedisPrefix: prefix + tg.name + ":"}
			var hits atomic.Int64
			opts.Redis = newClient()
			one := tg.build(t, &hits, middleware.RateLimit(opts))
			opts.Redis = newClient()
			two := tg.build(t, &hits, middleware.RateLimit(opts))
			const client = "198.51.100.7:5000"
			instances := []*petratest.Client{
				petratest.New(t, one).WithRemoteAddr(client),
				petratest.New(t, two).WithRemoteAddr(client),
			}

			for i := range limit {
				res := instances[i%2].Get(tg.path).AssertJSON(status.HTTP_200_OK, okJSON)
				assert.Equal(t, strconv.Itoa(limit), res.Header().Get("X-RateLimit-Limit"))
				assert.Equal(t, strconv.Itoa(limit-1-i), res.Header().Get("X-RateLimit-Remaining"))
			}
			for _, c := range instances {
				res := c.Get(tg.path)
				assertLimited(t, res, limit)
				secs, _ := strconv.Atoi(res.Header().Get("Retry-After"))
				assert.LessOrEqual(t, secs, 12, "GCRA frees one request every Window/Limit (12s)")
			}
			assert.Equal(t, int64(limit), hits.Load(), "the instances share one limit")

			instances[0].Get(tg.other).AssertJSON(status.HTTP_200_OK, okJSON)                                   // another path
			instances[1].WithRemoteAddr("203.0.113.9:5000").Get(tg.path).AssertJSON(status.HTTP_200_OK, okJSON) // another client
			assert.Equal(t, status.HTTP_429_TOO_MANY_REQUESTS, instances[0].Get(tg.path+"?page=2").Code(),
				"the query is not part of the key")
		})
	}
}

func TestRateLimitRedisPrefixesKeepAppsApart(t *testing.T) {
	newClient, prefix := testRedis(t)
	var hits atomic.Int64
	rdb := newClient()
	a := buildBare(t, &hits, middleware.RateLimit(middleware.RateLimitOptions{Limit: 1, Redis: rdb, RedisPrefix: prefix + "a:"}))
	b := buildBare(t, &hits, middleware.RateLimit(middleware.RateLimitOptions{Limit: 1, Redis: rdb, RedisPrefix: prefix + "b:"}))
	ca, cb := petratest.New(t, a), petratest.New(t, b)
	ca.Get("/ping").AssertJSON(status.HTTP_200_OK, okJSON)
	cb.Get("/ping").AssertJSON(status.HTTP_200_OK, okJSON)
	assert.Equal(t, status.HTTP_429_TOO_MANY_REQUESTS, ca.Get("/ping").Code())

	n, err := rdb.Exists(context.Background(), "rate:"+prefix+"a:192.0.2.1 /ping").Result()
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "keys are rate:<prefix><client> <path>")

	long := "/ping/" + strings.Repeat("x", 300)
	ca.Get(long).AssertJSON(status.HTTP_200_OK, okJSON)
	assert.Equal(t, status.HTTP_429_TOO_MANY_REQUESTS, ca.Get(long).Code())
	keys, err := rdb.Keys(context.Background(), "rate:"+prefix+"a:sha256:*").Result()
	require.NoError(t, err)
	assert.Len(t, keys, 1, "a long key is stored hashed")
}

func TestRateLimitRedisDownFailsOpen(t *testing.T) {
	logger, logs := petratest.NewLogger()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialerRetries: 1, DialerRetryTimeout: time.Millisecond})
	t.Cleanup(func() { _ = rdb.Close() })
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			var hits atomic.Int64
			h := tg.build(t, &hits, middleware.RateLimit(middleware.RateLimitOptions{Limit: 1, Redis: rdb, Logger: logger}))
			c := petratest.New(t, h)
			for range 3 {
				res := c.Get(tg.path).AssertJSON(status.HTTP_200_OK, okJSON)
				assert.Empty(t, res.Header().Get("X-RateLimit-Limit"))
			}
			assert.Equal(t, int64(3), hits.Load(), "requests pass while Redis is down")
		})
	}
	lines := logs.Records(t)
	require.Len(t, lines, 2, "one warning per middleware instance, not one per request: %s", logs)
	for _, line := range lines {
		assert.Equal(t, "WARN", line["level"])
		assert.Contains(t, line["msg"], "Redis")
		assert.Contains(t, line["error"], "127.0.0.1:1")
		assert.EqualValues(t, 1, line["failures"])
	}
}
