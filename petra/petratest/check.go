package petratest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// Check inspects one exchange of a [Client] after the handler answered: req is
// the request as sent, its body readable again, and res the answer. It
// reports problems to t; petra/openapi/openapitest's checks every exchange
// against the app's OpenAPI document.
type Check func(t testing.TB, req *http.Request, res *http.Response)

// WithCheck returns a copy of c that runs check on every exchange, after the
// checks it already runs.
func (c *Client) WithCheck(check Check) *Client {
	cp := *c
	cp.checks = append(c.checks[:len(c.checks):len(c.checks)], check)
	return &cp
}

// serve sends req to the handler, running the client's checks on the exchange.
func (c *Client) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	if len(c.checks) == 0 {
		c.handler.ServeHTTP(rec, req)
		return rec
	}
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		require.NoError(c.t, err, "petratest: reading the request body")
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	sent := req.Clone(req.Context())
	c.handler.ServeHTTP(rec, req)
	for _, check := range c.checks {
		sent.Body = io.NopCloser(bytes.NewReader(body))
		check(c.t, sent, rec.Result())
	}
	return rec
}
