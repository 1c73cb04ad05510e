package apilog

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
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
// unescaped, so pass%77ord is password. The values it redacts, unescaped,
// are added to found (which may be nil).
func (m keyMatcher) redactQuery(raw string, found *secretSet) string {
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
			value := seg[len(key)+1:]
			if v, err := url.QueryUnescape(value); err == nil {
				value = v
			}
			found.add(value)
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
	errors   bool // the errors object of petra's error envelope
	messages bool // a list of messages in it, under a secret key
}

// redactJSON rewrites the JSON in data compactly, with the value of every
// secret key, at any depth and inside arrays, replaced by "[redacted]",
// whatever its type, and every token in a string value too (see
// [redactTokens]). It reads data token by token, so data may be the start
// of a longer document: a token is written only once it is complete, so a
// secret cut in two is never half kept. It stops at the first syntax error
// and once the output passes limit bytes; the output is then cut to limit.
// data may hold several JSON values one after another (JSON lines).
//
// A request's body is redacted with found: the text of every number and
// string redacted is added to it. A response's is redacted with known, the
// secrets of its request: in petra's error envelope (an object that starts
// "success": false), the messages under a secret key of its errors object
// are petra's or the application's words, kept unless one holds a secret
// of known, or known is nil or does not know them all (see [secretSet]).
// Anything there that is not a message (a string) or a list of messages is
// redacted.
func (m keyMatcher) redactJSON(data []byte, limit int, found, known *secretSet) (string, jsonEnd) {
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
	writeMessage := func(msg string) {
		if known.reveals(msg) {
			msg = Redacted
		}
		writeString(redactTokens(msg))
	}
	var (
		stack        []frame
		redactNext   bool
		messagesNext bool // the value of a secret key in an envelope's errors
		envelope     bool // the top-level object started "success": false
		successNext  bool // the value of that first "success"
		errorsNext   bool // the value of the envelope's "errors"
		values       int  // top-level values written
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
			secret := m.secret(key)
			messagesNext = secret && top.errors && !known.incomplete()
			redactNext = secret && !messagesNext
			topLevel := len(stack) == 1
			successNext = topLevel && top.n == 1 && key == "success"
			errorsNext = topLevel && envelope && key == "errors"
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
		if successNext {
			successNext = false
			envelope = tok == false
		}
		inMessages := messagesNext || top != nil && top.messages
		messagesNext = false
		switch msg, isString := tok.(string); {
		case inMessages && isString:
			writeMessage(msg)
			continue
		case inMessages && tok == nil:
			out.WriteString("null")
			continue
		case inMessages && tok == json.Delim('[') && !top.messages:
			out.WriteByte('[')
			stack = append(stack, frame{messages: true})
			continue
		case inMessages:
			redactNext = true // not a message: a number, a boolean, an object
		}
		if redactNext {
			redactNext = false
			out.WriteString(`"` + Redacted + `"`)
			switch v := tok.(type) {
			case json.Delim:
				if end := skipValue(dec, v, found); end != jsonDone {
					return result(end)
				}
			case string:
				found.add(v)
			case json.Number:
				found.add(string(v))
			}
			continue
		}
		switch v := tok.(type) {
		case json.Delim:
			out.WriteByte(byte(v))
			stack = append(stack, frame{object: v == '{', errors: errorsNext && v == '{'})
			errorsNext = false
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

// skipValue reads the rest of an object or array whose opening delimiter,
// open, was just read, adding the text of its numbers and of its strings
// other than keys to found (which may be nil).
func skipValue(dec *json.Decoder, open json.Delim, found *secretSet) jsonEnd {
	levels := []frame{{object: open == '{'}}
	for len(levels) > 0 {
		tok, err := dec.Token()
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return jsonCut
		case err != nil:
			return jsonInvalid
		}
		top := &levels[len(levels)-1]
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			levels = levels[:len(levels)-1]
			continue
		}
		if top.object && !top.afterKey { // a key
			top.afterKey = true
			continue
		}
		top.afterKey = false
		switch v := tok.(type) {
		case json.Delim:
			levels = append(levels, frame{object: v == '{'})
		case string:
			found.add(v)
		case json.Number:
			found.add(string(v))
		}
	}
	return jsonDone
}

// headerSecrets returns the secrets of a request's headers: the values of
// those whose names look secret, such as Authorization, X-Api-Key and
// Cookie, with the credentials after an Authorization scheme ("Bearer
// abc": abc) and each cookie's value too.
func (m keyMatcher) headerSecrets(h http.Header) secretSet {
	var s secretSet
	for name, values := range h {
		if !m.secret(name) {
			continue
		}
		for _, v := range values {
			s.add(v)
			if _, credentials, ok := strings.Cut(v, " "); ok {
				s.add(strings.TrimSpace(credentials))
			}
			if name == "Cookie" {
				for c := range strings.SplitSeq(v, ";") {
					_, value, _ := strings.Cut(c, "=")
					s.add(strings.TrimSpace(value))
				}
			}
		}
	}
	return s
}

// secretSet is what the log learnt of a request's secrets: the values it
// redacted from the query string, the body and the headers. The messages of
// the response's error envelope are checked against it. Its zero value
// knows that the request has no secrets; a nil *secretSet knows nothing.
type secretSet struct {
	values  []string // lower-cased, none empty
	unknown bool     // some secrets of the request could not be read
}

// add adds a secret value, and the forms Go's %q and %+q quote it in when
// they differ (a"b as a\"b, é as \u00e9), so that a message that quotes it
// is caught too; s may be nil, and an empty value holds nothing.
func (s *secretSet) add(v string) {
	if s == nil || v == "" {
		return
	}
	v = strings.ToLower(v)
	s.values = append(s.values, v)
	last := v
	for _, q := range []string{strconv.Quote(v), strconv.QuoteToASCII(v)} {
		if q = q[1 : len(q)-1]; q != v && q != last {
			s.values = append(s.values, q)
			last = q
		}
	}
}

// incomplete reports whether s may lack some of the request's secrets.
func (s *secretSet) incomplete() bool { return s == nil || s.unknown }

// reveals reports whether msg may show a secret of the request: it holds
// one, ignoring case, or s is incomplete.
func (s *secretSet) reveals(msg string) bool {
	if s.incomplete() {
		return true
	}
	lower := strings.ToLower(msg)
	for _, v := range s.values {
		if strings.Contains(lower, v) {
			return true
		}
	}
	return false
}
