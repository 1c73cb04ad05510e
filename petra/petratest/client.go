package petratest

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/internal/principal"
)

// Client sends requests to a handler in-process. Its With methods return a
// copy, so one client can serve as the base of several. A Client is safe for
// concurrent use when its handler is.
type Client struct {
	t       testing.TB
	handler http.Handler
	header  http.Header
	remote  string
	checks  []Check
	forced  any // the principal of ForceAuthenticate, nil for none
}

// New returns a Client of h that reports to t.
func New(t testing.TB, h http.Handler) *Client {
	return &Client{t: t, handler: h, header: http.Header{}}
}

// WithTest returns a copy of c that reports to t, so a client built once in a
// test serves its subtests: each t.Run body asserts through its own t.
func (c *Client) WithTest(t testing.TB) *Client {
	cp := *c
	cp.t = t
	return &cp
}

// WithHeader returns a copy of c that sends the header key on every request.
func (c *Client) WithHeader(key, value string) *Client {
	cp := *c
	cp.header = c.header.Clone()
	cp.header.Set(key, value)
	return &cp
}

// WithToken returns a copy of c that sends "Authorization: Bearer token".
func (c *Client) WithToken(token string) *Client {
	return c.WithHeader("Authorization", "Bearer "+token)
}

// ForceAuthenticate returns a copy of c whose requests are authenticated as
// principal without a token, as DRF's APIClient.force_authenticate: views and
// permissions see it as petra.Request.Principal, as if an authentication
// middleware had set it. Pass what the app's authentication would, such as
// the *auth.Principal (with the app's user in User) that auth.Sessions loads,
// or the *auth.Claims of auth.Tokens. A nil principal makes the copy
// anonymous again.
//
// The principal travels in the request's context, which only an in-process
// caller can set: no header or setting does it, so it exists in tests alone.
// A bearer token the copy also sends is authenticated by the app's middleware,
// whose principal then replaces the forced one.
func (c *Client) ForceAuthenticate(principal any) *Client {
	cp := *c
	cp.forced = principal
	return &cp
}

// WithRemoteAddr returns a copy of c whose requests come from addr
// ("203.0.113.7:4242"), for tests of per-client behaviour such as rate limits.
func (c *Client) WithRemoteAddr(addr string) *Client {
	cp := *c
	cp.remote = addr
	return &cp
}

// Get sends GET path.
func (c *Client) Get(path string) *Response { return c.Send(http.MethodGet, path, "", nil) }

// Delete sends DELETE path.
func (c *Client) Delete(path string) *Response { return c.Send(http.MethodDelete, path, "", nil) }

// PostJSON sends POST path with body as JSON: a string or []byte is sent as it
// is, anything else is encoded.
func (c *Client) PostJSON(path string, body any) *Response {
	return c.Send(http.MethodPost, path, "application/json", c.jsonBody(body))
}

// PutJSON sends PUT path with body as JSON, as [Client.PostJSON] does.
func (c *Client) PutJSON(path string, body any) *Response {
	return c.Send(http.MethodPut, path, "application/json", c.jsonBody(body))
}

// PatchJSON sends PATCH path with body as JSON, as [Client.PostJSON] does.
func (c *Client) PatchJSON(path string, body any) *Response {
	return c.Send(http.MethodPatch, path, "application/json", c.jsonBody(body))
}

// PostForm sends POST path with values as an urlencoded form.
func (c *Client) PostForm(path string, values url.Values) *Response {
	return c.Send(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
}

// Send sends a request with the given method, path, Content-Type (none when
// empty) and body (none when nil).
func (c *Client) Send(method, path, contentType string, body io.Reader) *Response {
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.Do(req)
}

// Do sends req, adding the client's headers, remote address and forced
// principal.
func (c *Client) Do(req *http.Request) *Response {
	maps.Copy(req.Header, c.header)
	if c.remote != "" {
		req.RemoteAddr = c.remote
	}
	if c.forced != nil {
		req = req.WithContext(principal.With(req.Context(), c.forced))
	}
	return &Response{t: c.t, Recorder: c.serve(req)}
}

func (c *Client) jsonBody(body any) io.Reader {
	switch b := body.(type) {
	case string:
		return strings.NewReader(b)
	case []byte:
		return strings.NewReader(string(b))
	}
	data, err := json.Marshal(body)
	require.NoError(c.t, err, "petratest: encoding the request body")
	return strings.NewReader(string(data))
}
