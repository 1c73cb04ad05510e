package apilog

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-petra/petra/petra"
)

// truncated ends a stored value that was cut short.
const truncated = "…[truncated]"

// render turns a captured body into what is stored: JSON and urlencoded
// bodies redacted, other response text kept when it is whole and fits,
// anything else described by its type and size. A request body is stored
// only as JSON or urlencoded, the forms the server parses and redaction
// understands: one without a Content-Type (refused 415) or of another type
// is described, never stored raw. Redaction can lengthen a body ("[redacted]"
// for 1), so redacted text may be up to twice maxBody before it is cut.
//
// secrets are the request's: rendering a request body adds the values it
// redacts, and marks them unknown when the body could not be read whole as
// JSON or urlencoded data; a response body's error messages are checked
// against them (see [keyMatcher.redactJSON]).
func (l *Logger) render(b body, secrets *secretSet) string {
	if l.maxBody == 0 || b.size == 0 && len(b.data) == 0 {
		return ""
	}
	found, known := secrets, (*secretSet)(nil)
	if !b.request {
		found, known = nil, secrets
	}
	s, whole := l.redact(b, found, known)
	if b.request && !whole {
		secrets.unknown = true
	}
	return s
}

// redact is render once a body is known to have something to store. whole
// reports that b was read to its end as JSON or urlencoded data, so that
// found holds all of its secrets.
func (l *Logger) redact(b body, found, known *secretSet) (s string, whole bool) {
	limit := 2 * l.maxBody
	mt := mediaType(b.contentType)
	if len(b.data) == 0 && !b.complete {
		return describe(mt, b.size, "not read by the handler"), false
	}
	switch {
	case petra.IsJSONMediaType(mt) || mt == "application/x-ndjson":
		s, end := l.keys.redactJSON(b.data, limit, found, known)
		return withEnd(s, end, b.complete), end == jsonDone && b.complete
	case mt == "application/x-www-form-urlencoded":
		s := l.keys.redactQuery(clean(string(validPrefix(b.data, b.complete))), found)
		if !b.complete || len(s) > limit {
			return clip(s, limit) + truncated, false
		}
		return s, true
	case b.request && (mt == "" || !looksLikeJSON(b.data)):
		return placeholder(mt, b.size), false
	case (mt == "" || isTextType(mt)) && isText(validPrefix(b.data, b.complete)):
		if looksLikeJSON(b.data) {
			// JSON sent as text is redacted as JSON; text that only
			// starts like it ("[INFO] …") is text, but never in a request.
			if s, end := l.keys.redactJSON(b.data, limit, found, known); end != jsonInvalid || b.request {
				return withEnd(s, end, b.complete), end == jsonDone && b.complete
			}
		}
		if !b.complete {
			return placeholder(mt, b.size), false
		}
		return redactTokens(string(b.data)), false
	}
	return placeholder(mt, b.size), false
}

// withEnd marks redacted JSON that is cut short or stops being JSON.
func withEnd(s string, end jsonEnd, complete bool) string {
	switch {
	case end == jsonCut || !complete:
		return s + truncated
	case end == jsonInvalid:
		return s + "…[invalid JSON]"
	}
	return s
}

// placeholder describes a body that is not kept.
func placeholder(mt string, size int64) string { return describe(mt, size, "not kept") }

// describe says what a body was, and why it is not stored.
func describe(mt string, size int64, why string) string {
	if mt == "" {
		mt = "application/octet-stream"
	}
	return "[" + clip(clean(mt), 100) + " body of " + strconv.FormatInt(size, 10) + " bytes, " + why + "]"
}

// mediaType returns a Content-Type without parameters, in lower case.
func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

// isTextType reports whether mt is a textual media type other than JSON.
func isTextType(mt string) bool {
	return strings.HasPrefix(mt, "text/") || mt == "application/xml" || strings.HasSuffix(mt, "+xml") ||
		mt == "application/javascript" || mt == "application/yaml"
}

// isText reports whether data is UTF-8 text without NUL bytes, which
// PostgreSQL's TEXT refuses.
func isText(data []byte) bool {
	return utf8.Valid(data) && bytes.IndexByte(data, 0) < 0
}

// validPrefix drops a rune cut in two at the end of data, when data is the
// start of a longer body.
func validPrefix(data []byte, complete bool) []byte {
	if complete {
		return data
	}
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				return data[:i]
			}
			break
		}
	}
	return data
}

// looksLikeJSON reports whether data starts, after white space, as a JSON
// object or array does: such a body is redacted as JSON whatever its type
// says, as a client may send JSON as text/plain.
func looksLikeJSON(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && (data[0] == '{' || data[0] == '[')
}

// clean makes s valid UTF-8 without NUL bytes, which every database stores.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return s
}

// clip cuts s to at most n bytes without splitting a rune.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// capped is clip that says when it cut.
func capped(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return clip(s, n) + truncated
}
