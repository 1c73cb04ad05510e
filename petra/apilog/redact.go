package apilog

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces the value of every secret-looking key in stored query
// strings and bodies.
const Redacted = "[redacted]"

// secretFragments are the key fragments whose values are redacted wherever
// they appear in a key, once the key is folded by [fold].
var secretFragments = []string{
	"password", "passwd", "passphrase", "pwd",
	"secret", "token", "apikey", "accesskey", "privatekey",
	"authorization", "credential", "cookie", "session", "signature",
	"card", "cvv", "cvc", "iban",
}

// secretKeys are short keys redacted only when they are the whole key, as
// fragments they would catch too much ("author", "pinned").
var secretKeys = []string{"auth", "pass", "pin", "otp", "ssn", "jwt", "bearer"}

// tokenPattern matches a JSON Web Token wherever it is: a base64url header,
// which starts as the base64 of `{"` does, a payload and a signature, joined
// by dots. The lengths keep a dotted name ("eyJohn.doe.smith") out; a
// token's signature alone is 43 characters under HS256.
var tokenPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8,}`)

// redactTokens replaces every JSON Web Token in s with [Redacted], so that a
// token sent under a key that names no secret, in a JSON array, as a bare
// value or after "Bearer " is not stored either.
func redactTokens(s string) string {
	if !strings.Contains(s, "eyJ") {
		return s
	}
	return tokenPattern.ReplaceAllLiteralString(s, Redacted)
}

// keyMatcher decides which keys hold secrets. Its zero value matches the
// defaults only.
type keyMatcher struct {
	extra []string // folded fragments from Options.RedactKeys
}

func newKeyMatcher(extra []string) keyMatcher {
	var m keyMatcher
	for _, k := range extra {
		if f := fold(k); f != "" {
			m.extra = append(m.extra, f)
		}
	}
	return m
}

// secret reports whether the value of key must be redacted.
func (m keyMatcher) secret(key string) bool {
	k := fold(key)
	for _, s := range secretKeys {
		if k == s {
			return true
		}
	}
	for _, f := range secretFragments {
		if strings.Contains(k, f) {
			return true
		}
	}
	for _, f := range m.extra {
		if strings.Contains(k, f) {
			return true
		}
	}
	return false
}

// fold drops everything but letters and digits from key and folds case the
// way encoding/json matches a key to a field (simple Unicode folding), so
// that refreshToken, refresh_token, Refresh-Token and REFRESH.TOKEN are one
// key, and so are paſſword (U+017F) and password, refresh_toKen (U+212A,
// the Kelvin sign) and refresh_token: a key the decoder would bind to a
// Password field is redacted as password is.
func fold(key string) string {
	var b strings.Builder
	b.Grow(len(key))
	for _, r := range key {
		r = foldRune(r)
		switch {
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
		case r >= utf8.RuneSelf:
			b.WriteRune(r) // keep other non-ASCII keys distinct
		}
	}
	return b.String()
}

// foldRune returns the smallest rune of r's simple case-folding orbit, as
// encoding/json does: ſ folds to S, the Kelvin sign K to K.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// redactQuery replaces the values of secret keys in a query string or
// urlencoded body, and every token (see [redactTokens]), with [Redacted],
// keeping the order and spelling of everything else. Keys are compared
// unescaped, so pass%77ord is password.
func (m keyMatcher) redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i, seg := range strings.Split(raw, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		key, _, hasValue := strings.Cut(seg, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			name = key
		}
		if hasValue && m.secret(name) {
			b.WriteString(key)
			b.WriteString("=" + Redacted)
			continue
		}
		b.WriteString(redactTokens(seg))
	}
	return b.String()
}

// jsonEnd says how [keyMatcher.redactJSON] stopped.
type jsonEnd int

const (
	jsonDone    jsonEnd = iota // the input ended where its last value did
	jsonCut                    // the input or the output limit ended inside a value
	jsonInvalid                // the input is not JSON from some point on
)

// frame is an open object or array while redacting.
type frame struct {
	object   bool
	afterKey bool // an object whose key was written, awaiting its value
	n        int  // members written so far
}

// redactJSON rewrites the JSON in data compactly, with the value of every
// secret key, at any depth and inside arrays, replaced by "[redacted]",
// whatever its type, and every token in a string value too (see
// [redactTokens]). It reads data token by token, so data may be the start
// of a longer document: a token is written only once it is complete, so a
// secret cut in two is never half kept. It stops at the first syntax error
// and once the output passes limit bytes; the output is then cut to limit.
// data may hold several JSON values one after another (JSON lines).
func (m keyMatcher) redactJSON(data []byte, limit int) (string, jsonEnd) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out bytes.Buffer
	out.Grow(min(len(data), limit) + 16)
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	writeString := func(s string) {
		_ = enc.Encode(s) // cannot fail for a string
		out.Truncate(out.Len() - 1)
	}
	var (
		stack      []frame
		redactNext bool
		values     int // top-level values written
	)
	result := func(end jsonEnd) (string, jsonEnd) {
		if out.Len() > limit {
			return clip(out.String(), limit), jsonCut
		}
		return out.String(), end
	}
	for out.Len() <= limit {
		tok, err := dec.Token()
		switch {
		case err == io.EOF && len(stack) == 0:
			return result(jsonDone)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return result(jsonCut)
		case err != nil:
			return result(jsonInvalid)
		}
		if _, ok := tok.(json.Number); ok && len(stack) > 0 && dec.InputOffset() == int64(len(data)) {
			// Inside a container, input that ends with a number may have cut it.
			return result(jsonCut)
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			out.WriteByte(byte(d))
			continue
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if top != nil && top.object && !top.afterKey { // tok is a key
			key, _ := tok.(string)
			if top.n > 0 {
				out.WriteByte(',')
			}
			top.n++
			top.afterKey = true
			writeString(key)
			out.WriteByte(':')
			redactNext = m.secret(key)
			continue
		}
		switch {
		case top == nil:
			if values > 0 {
				out.WriteByte('\n')
			}
			values++
		case top.object:
			top.afterKey = false
		default:
			if top.n > 0 {
				out.WriteByte(',')
			}
			top.n++
		}
		if redactNext {
			redactNext = false
			out.WriteString(`"` + Redacted + `"`)
			if _, ok := tok.(json.Delim); ok {
				if end := skipValue(dec); end != jsonDone {
					return result(end)
				}
			}
			continue
		}
		switch v := tok.(type) {
		case json.Delim:
			out.WriteByte(byte(v))
			stack = append(stack, frame{object: v == '{'})
		case string:
			writeString(redactTokens(v))
		case json.Number:
			out.WriteString(string(v))
		case bool:
			out.WriteString(strconv.FormatBool(v))
		case nil:
			out.WriteString("null")
		}
	}
	return result(jsonCut)
}

// skipValue reads the rest of an object or array whose opening delimiter
// was just read.
func skipValue(dec *json.Decoder) jsonEnd {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return jsonCut
		case err != nil:
			return jsonInvalid
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return jsonDone
}
