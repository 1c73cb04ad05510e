package petratest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/status"
)

// Response is the answer to one request. Its Assert methods stop the test on a
// mismatch (they use require) and return the Response, so they chain.
type Response struct {
	t testing.TB
	// Recorder holds the status, headers and body.
	Recorder *httptest.ResponseRecorder
}

// Code returns the response's status.
func (r *Response) Code() status.Code { return status.Code(r.Recorder.Code) }

// Header returns the response's headers.
func (r *Response) Header() http.Header { return r.Recorder.Header() }

// Body returns the response's body.
func (r *Response) Body() string { return r.Recorder.Body.String() }

// AssertStatus checks the status; the failure message shows the body.
func (r *Response) AssertStatus(code status.Code) *Response {
	r.t.Helper()
	require.Equal(r.t, int(code), r.Recorder.Code, "body: %s", r.Body())
	return r
}

// AssertJSON checks the status and that the body is the JSON document want,
// whatever the spacing and key order.
func (r *Response) AssertJSON(code status.Code, want string) *Response {
	r.t.Helper()
	r.AssertStatus(code)
	require.JSONEq(r.t, want, r.Body())
	return r
}

// AssertError checks the status and that the body is exactly petra's error
// envelope {"success":false,"message":message}, with no field errors.
func (r *Response) AssertError(code status.Code, message string) *Response {
	r.t.Helper()
	r.AssertStatus(code)
	r.Envelope()
	want, err := json.Marshal(Envelope{Message: message})
	require.NoError(r.t, err)
	require.JSONEq(r.t, string(want), r.Body())
	return r
}

// AssertFieldErrors checks the status and that the body is petra's error
// envelope with exactly the field errors want.
func (r *Response) AssertFieldErrors(code status.Code, want map[string][]string) *Response {
	r.t.Helper()
	r.AssertStatus(code)
	require.Equal(r.t, want, r.Envelope().Errors)
	return r
}

// Envelope is petra's error body, decoded.
type Envelope struct {
	Success bool                `json:"success"`
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors,omitempty"`
}

// Envelope decodes the body as petra's error envelope, failing the test when it
// is not one: the Content-Type must be application/json and the body one JSON
// object with "success": false, a non-empty "message", an optional "errors"
// and nothing else.
func (r *Response) Envelope() Envelope {
	r.t.Helper()
	require.Equal(r.t, "application/json", r.Header().Get("Content-Type"), "an error envelope is JSON: %s", r.Body())
	var env struct {
		Success *bool               `json:"success"`
		Message string              `json:"message"`
		Errors  map[string][]string `json:"errors"`
	}
	dec := json.NewDecoder(bytes.NewReader(r.Recorder.Body.Bytes()))
	dec.DisallowUnknownFields()
	require.NoError(r.t, dec.Decode(&env), "an error envelope has only success, message and errors: %s", r.Body())
	_, err := dec.Token()
	require.ErrorIs(r.t, err, io.EOF, "an error envelope is one JSON object: %s", r.Body())
	require.NotNil(r.t, env.Success, "an error envelope has success: %s", r.Body())
	require.False(r.t, *env.Success, "an error envelope has success false: %s", r.Body())
	require.NotEmpty(r.t, env.Message, "an error envelope has a message: %s", r.Body())
	return Envelope{Message: env.Message, Errors: env.Errors}
}

// Decode decodes the body of r as JSON into a T, failing the test when it
// cannot.
func Decode[T any](r *Response) T {
	r.t.Helper()
	var v T
	require.NoError(r.t, json.Unmarshal(r.Recorder.Body.Bytes(), &v), "body: %s", r.Body())
	return v
}
