package petra

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/status"
)

// encodingJSON is what encoding/json writes for v without HTML escaping, the
// reference the envelope's own encoding is checked against.
func encodingJSON(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return string(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}))
}

func TestEnvelopeJSON(t *testing.T) {
	many := map[string][]string{}
	for _, k := range []string{"q", "p", "o", "n", "m", "l", "k", "j", "i", "h", "g", "f", "e", "d", "c", "b", "a", "items[10].sku", "items[2].sku"} {
		many[k] = []string{"The " + k + " is invalid"}
	}
	for _, body := range []envelope{
		{Message: "Not found"},
		{Success: true, Message: ""},
		{Message: validationMessage, Errors: map[string][]string{}},
		{Message: validationMessage, Errors: map[string][]string{"email": {"The email must be a valid email address"},
			"age": {"The age must be at least 1", "second"}, "name": nil, "tags": {}}},
		{Message: validationMessage, Errors: many},
		{Message: "<a href=\"x\">&</a> \\ \b\f\n\r\t\x00\x1f\x7f \u2028\u2029 é \xff\xfe \ufffd", Errors: map[string][]string{
			"\x01\"": {"\u2028", "\xc3"}, "é": {"<>&"}}},
	} {
		assert.Equal(t, encodingJSON(t, body), string(body.appendJSON(nil)))
	}
}

// FuzzEnvelopeJSON checks the envelope's encoding against encoding/json's.
func FuzzEnvelopeJSON(f *testing.F) {
	f.Add("The given data was invalid", "email", "The email must be a valid email address", "items[0].sku", "")
	f.Add("\"\\\b\f\n\r\t\x00\x1f\x7f", "\u2028", "\u2029", "\xff", "\xe2\x80")
	f.Add("é ñ 日本", "<", ">", "&", "\ufffd")
	f.Fuzz(func(t *testing.T, message, k1, m1, k2, m2 string) {
		body := envelope{Message: message, Errors: map[string][]string{k1: {m1, m2}, k2: {m2}}}
		assert.Equal(t, encodingJSON(t, body), string(body.appendJSON(nil)))
	})
}

func TestStringMapJSON(t *testing.T) {
	many := map[string]string{}
	for _, k := range []string{"q", "p", "o", "n", "m", "l", "k", "j", "i", "h", "g", "f", "e", "d", "c", "b", "a", "Z", ""} {
		many[k] = "<" + k + ">"
	}
	for _, m := range []map[string]string{nil, {}, {"ping": "pong"}, {"b": "2", "a": "1", "é": "\u2028\xff\"\\\n"}, many} {
		w := httptest.NewRecorder()
		require.NoError(t, send(w, httptest.NewRequest(http.MethodGet, "/", nil), status.HTTP_200_OK, m))
		assert.Equal(t, encodingJSON(t, m), w.Body.String())
	}
}

// FuzzStringMapJSON checks the encoding of a map[string]string against
// encoding/json's.
func FuzzStringMapJSON(f *testing.F) {
	f.Add("ping", "pong", "status", "ok")
	f.Add("\"\\\b\f\n\r\t\x00\x1f\x7f", "\u2028\u2029", "\xff", "\xe2\x80 <&>")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		m := map[string]string{k1: v1, k2: v2}
		assert.Equal(t, encodingJSON(t, m), string(appendStringMap(nil, m)))
	})
}

// TestJSONStringEscapesEveryByteAnywhere puts each byte value at each place
// of a string long enough to be read eight bytes at a time, alone and after
// a byte that must be escaped, and checks the encoding against encoding/json's.
func TestJSONStringEscapesEveryByteAnywhere(t *testing.T) {
	for b := range 256 {
		for at := range 17 {
			for _, before := range []string{"", "\x01", "é"} {
				s := []byte(before + "abcdefghijklmnopq")
				s[len(before)+at] = byte(b)
				want := encodingJSON(t, string(s))
				if got := string(appendJSONString(nil, string(s))); got != want {
					t.Fatalf("%q: got %s, want %s", s, got, want)
				}
			}
		}
	}
}

// FuzzJSONString checks the encoding of a string against encoding/json's.
func FuzzJSONString(f *testing.F) {
	f.Add("an ordinary sentence of plain ASCII")
	f.Add("twelve bytes\"then a quote and a backslash\\ and a tab\t")
	f.Add("accents é ñ 日本 and \u2028 and \xff after eight bytes")
	f.Fuzz(func(t *testing.T, s string) {
		assert.Equal(t, encodingJSON(t, s), string(appendJSONString(nil, s)))
	})
}
