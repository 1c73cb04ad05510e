package middleware_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestBodyLimit(t *testing.T) {
	tests := []struct {
		name     string
		limit    int64
		body     string
		sized    bool // Content-Length known
		reachApp bool
		want     status.Code
	}{
		{name: "known length within", limit: 16, body: `{"a":1}`, sized: true, reachApp: true, want: 200},
		{name: "known length at the limit", limit: 7, body: `{"a":1}`, sized: true, reachApp: true, want: 200},
		{name: "known length over: 413 at once", limit: 6, body: `{"a":1}`, sized: true, want: 413},
		{name: "unknown length within", limit: 16, body: `{"a":1}`, reachApp: true, want: 200},
		{name: "unknown length over: 413 when read", limit: 6, body: `{"a":1}`, reachApp: true, want: 413},
		{name: "zero allows an empty body", limit: 0, sized: true, reachApp: true, want: 200},
		{name: "zero refuses any body", limit: 0, body: "x", sized: true, want: 413},
		{name: "negative: no limit", limit: -1, body: strings.Repeat("x", 4096), reachApp: true, want: 200},
	}
	for _, tg := range targets {
		for _, tt := range tests {
			t.Run(tg.name+"/"+tt.name, func(t *testing.T) {
				var hits atomic.Int64
				h := tg.build(t, &hits, middleware.BodyLimit(tt.limit))
				var body io.Reader = unsizedReader(tt.body)
				if tt.sized {
					body = strings.NewReader(tt.body)
				}
				res := petratest.New(t, h).Send(http.MethodPost, tg.path, "application/json", body)
				if tt.want == 413 {
					res.AssertError(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "The request body is too large")
				} else {
					res.AssertJSON(status.HTTP_200_OK, okJSON)
				}
				wantHits := int64(0)
				if tt.reachApp {
					wantHits = 1
				}
				assert.Equal(t, wantHits, hits.Load())
			})
		}
	}
}
