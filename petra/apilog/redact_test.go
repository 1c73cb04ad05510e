package apilog

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// jwt is a token in the shape every JWT has: base64url JSON header, payload
// and signature, joined by dots.
const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"

func TestSecretKeys(t *testing.T) {
	m := newKeyMatcher([]string{"x-pin", ""})
	tests := []struct {
		key    string
		secret bool
	}{
		{"password", true}, {"Password", true}, {"password_confirmation", true}, {"new-password", true},
		{"passwd", true}, {"pwd", true}, {"token", true}, {"access_token", true}, {"refreshToken", true},
		{"REFRESH.TOKEN", true}, {"secret", true}, {"client_secret", true}, {"authorization", true},
		{"Authorization", true}, {"api_key", true}, {"X-Api-Key", true}, {"apiKey", true},
		{"card", true}, {"card_number", true}, {"cvv", true}, {"cvc", true}, {"cookie", true},
		{"session_id", true}, {"auth", true}, {"pin", true}, {"otp", true}, {"private_key", true},
		{"paſſword", true}, {"refresh_toKen", true}, {"PAſſWORD", true}, {"ſecret", true}, // as encoding/json folds
		{"xPin", true}, {"my_x_pin_code", true}, // from RedactKeys
		{"email", false}, {"name", false}, {"author", false}, {"pinned", false}, {"page", false},
		{"id", false}, {"", false}, {"passage", false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.secret, m.secret(tt.key))
		})
	}
}

func TestRedactQuery(t *testing.T) {
	var m keyMatcher
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain", "page=2&per_page=10", "page=2&per_page=10"},
		{"secrets", "token=abc&page=2&password=x%20y", "token=[redacted]&page=2&password=[redacted]"},
		{"escaped key", "pass%77ord=abc", "pass%77ord=[redacted]"},
		{"plus in key", "api+key=abc", "api+key=[redacted]"},
		{"no value", "token&page=1", "token&page=1"},
		{"empty value", "token=&a=1", "token=[redacted]&a=1"},
		{"repeated", "token=a&token=b", "token=[redacted]&token=[redacted]"},
		{"bad escape", "to%zzken=a&secret=b", "to%zzken=a&secret=[redacted]"},
		{"empty segments", "&&token=a&", "&&token=[redacted]&"},
		{"a token under any key", "q=" + jwt + "&page=1", "q=[redacted]&page=1"},
		{"a bearer token under any key", "h=Bearer%20" + jwt, "h=Bearer%20[redacted]"},
		{"a token as a key", jwt + "=1", "[redacted]=1"},
		{"two segments are no token", "cursor=eyJvIjoiLWNyZWF0ZWQifQ.c2ln", "cursor=eyJvIjoiLWNyZWF0ZWQifQ.c2ln"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, m.redactQuery(tt.in, nil))
		})
	}
}

func TestRedactJSON(t *testing.T) {
	var m keyMatcher
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
		end   jsonEnd
	}{
		{"object", `{"a": 1, "b": [true, null, "x"]}`, 100, `{"a":1,"b":[true,null,"x"]}`, jsonDone},
		{"secret string", `{"password": "x"}`, 100, `{"password":"[redacted]"}`, jsonDone},
		{"secret object", `{"token": {"a": [1, {"b": 2}]}, "c": 3}`, 100, `{"token":"[redacted]","c":3}`, jsonDone},
		{"secret array", `{"tokens": [[1], [2]], "c": 3}`, 100, `{"tokens":"[redacted]","c":3}`, jsonDone},
		{"in arrays", `[[{"secret": 1}], {"x": [{"pin": 2}]}]`, 100, `[[{"secret":"[redacted]"}],{"x":[{"pin":"[redacted]"}]}]`, jsonDone},
		{"secret-looking value kept", `{"note": "password"}`, 100, `{"note":"password"}`, jsonDone},
		{"a token under any key", `{"email": "` + jwt + `"}`, 200, `{"email":"[redacted]"}`, jsonDone},
		{"a token in an array", `["` + jwt + `", 1]`, 200, `["[redacted]",1]`, jsonDone},
		{"a bare token", `"` + jwt + `"`, 200, `"[redacted]"`, jsonDone},
		{"a bearer token in a value", `{"h": "Bearer ` + jwt + `"}`, 200, `{"h":"Bearer [redacted]"}`, jsonDone},
		{"a dotted name is no token", `{"email": "eyJohn.doe.smith@x.io"}`, 200, `{"email":"eyJohn.doe.smith@x.io"}`, jsonDone},
		{"numbers exact", `{"n": 12345678901234567890.5e3}`, 100, `{"n":12345678901234567890.5e3}`, jsonDone},
		{"escapes", `{"s": "a\"b\u00e9\n<&>"}`, 100, `{"s":"a\"bé\n<&>"}`, jsonDone},
		{"json lines", "{\"token\":1}\n{\"a\":2}\n", 100, "{\"token\":\"[redacted]\"}\n{\"a\":2}", jsonDone},
		{"scalar", `"hello"`, 100, `"hello"`, jsonDone},
		{"empty", ``, 100, ``, jsonDone},
		{"cut in a value", `{"a": "hello wor`, 100, `{"a":`, jsonCut},
		{"cut in a secret", `{"token": "abcd`, 100, `{"token":`, jsonCut},
		{"cut in a redacted object", `{"token": {"a": 1, "b`, 100, `{"token":"[redacted]"`, jsonCut},
		{"cut after a value", `{"a": [1, "b"`, 100, `{"a":[1,"b"`, jsonCut},
		{"cut in a number", `{"a": [1, 23`, 100, `{"a":[1`, jsonCut},
		{"number before the end", `{"a": [1, 23 `, 100, `{"a":[1,23`, jsonCut},
		{"over the limit", `{"a": "0123456789", "b": 1}`, 10, `{"a":"0123`, jsonCut},
		{"limit inside a rune", `{"a": "ééééé"}`, 8, `{"a":"é`, jsonCut},
		{"invalid", `{"a": 1 "b": 2}`, 100, `{"a":1`, jsonInvalid},
		{"invalid after a value", `{"a": 1} x`, 100, `{"a":1}`, jsonInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, end := m.redactJSON([]byte(tt.in), tt.limit, nil, nil)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.end, end)
		})
	}
}

// TestRedactJSONEveryCut cuts a document at every byte, as a capped capture
// does, and checks that no part of any secret survives any cut.
func TestRedactJSONEveryCut(t *testing.T) {
	var m keyMatcher
	doc := `{"user": {"email": "ann@x.io", "password": "SECRETone"}, "tokens": [{"access_token": "SECRETtwo"}],` +
		` "items": [{"id": 1, "api_key": "SECRETthree", "n": 42}], "card": {"number": "SECRETfour"}, "pin": 98765}`
	for cut := range len(doc) + 1 {
		got, _ := m.redactJSON([]byte(doc[:cut]), 1000, nil, nil)
		for _, leak := range []string{"SECR", "987"} {
			assert.NotContains(t, got, leak, "cut at %d", cut)
		}
	}
}

func TestCollectSecrets(t *testing.T) {
	var m keyMatcher
	var found secretSet
	got, end := m.redactJSON([]byte(`{"password":"A b","x":{"token":{"v":["T1",2]}},"pin":1234,"secret":true,"otp":"","name":"Ann"}`), 1000, &found, nil)
	assert.Equal(t, `{"password":"[redacted]","x":{"token":"[redacted]"},"pin":"[redacted]","secret":"[redacted]","otp":"[redacted]","name":"Ann"}`, got)
	assert.Equal(t, jsonDone, end)
	assert.Equal(t, m.redactQuery("password=x%20Y&a=1&token=%zz&pin=", &found), "password=[redacted]&a=1&token=[redacted]&pin=[redacted]")
	assert.Equal(t, []string{"a b", "t1", "2", "1234", "x y", "%zz"}, found.values, "lower-cased, the empty left out")
	assert.False(t, found.unknown)
}

func TestSecretSetReveals(t *testing.T) {
	var s secretSet
	for _, v := range []string{`quo"te`, "Hunter2", "tab\tbed", "café", ""} {
		s.add(v)
	}
	tests := []struct {
		msg    string
		reveal bool
	}{
		{"The password field is required", false},
		{"The password must be at least 8 characters", false},
		{"The password hunter2 is common", true},
		{"The password HUNTER2 is common", true},
		{`The password "quo\"te" is common`, true}, // as %q writes it
		{`The password "tab\tbed" is common`, true},
		{`The password "caf\u00e9" is common`, true}, // as %+q writes it
		{"The password CAFÉ is common", true},
		{"The password hunter is common", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.reveal, s.reveals(tt.msg), tt.msg)
	}
	assert.Equal(t, []string{`quo"te`, `quo\"te`, "hunter2", "tab\tbed", `tab\tbed`, "café", `caf\u00e9`}, s.values)
	assert.True(t, (&secretSet{unknown: true}).reveals("The password field is required"), "secrets unknown")
	assert.True(t, (*secretSet)(nil).reveals("The password field is required"), "no secrets given")
}

func TestRedactErrorMessages(t *testing.T) {
	var m keyMatcher
	known := &secretSet{values: []string{"hunter22"}}
	env := func(errors string) string {
		return `{"success":false,"message":"The given data was invalid","errors":{` + errors + `}}`
	}
	tests := []struct {
		name  string
		in    string
		known *secretSet
		want  string
	}{
		{"readable", env(`"password":["The password field is required"],"email":["The email must be a valid email address"]`), known,
			env(`"password":["The password field is required"],"email":["The email must be a valid email address"]`)},
		{"a message repeats a secret", env(`"password":["The password HUNTER22 is common","The password must be at least 10 characters"]`), known,
			env(`"password":["[redacted]","The password must be at least 10 characters"]`)},
		{"a message as a string", env(`"pin":"The pin is wrong"`), known, env(`"pin":"The pin is wrong"`)},
		{"no messages", env(`"token":null,"otp":[]`), known, env(`"token":null,"otp":[]`)},
		{"values that are no messages", env(`"token":[{"a":"hunter22"},["x"],5,true,null,"ok"],"pin":42,"card":{"n":1}`), known,
			env(`"token":["[redacted]","[redacted]","[redacted]","[redacted]",null,"ok"],"pin":"[redacted]","card":"[redacted]"`)},
		{"a token in a message", env(`"token":["The token ` + jwt + ` has expired"]`), known, env(`"token":["The token [redacted] has expired"]`)},
		{"secrets unknown", env(`"password":["The password field is required"]`), &secretSet{unknown: true}, env(`"password":"[redacted]"`)},
		{"no secrets given", env(`"password":["The password field is required"]`), nil, env(`"password":"[redacted]"`)},
		{"not petra's envelope", `{"errors":{"password":["x"]}}`, known, `{"errors":{"password":"[redacted]"}}`},
		{"a success", `{"success":true,"errors":{"password":["x"]}}`, known, `{"success":true,"errors":{"password":"[redacted]"}}`},
		{"errors deeper", `{"success":false,"data":{"errors":{"password":["x"]}}}`, known, `{"success":false,"data":{"errors":{"password":"[redacted]"}}}`},
		{"errors in a message list", env(`"password":[{"errors":{"token":["x"]}}]`), known, env(`"password":["[redacted]"]`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, end := m.redactJSON([]byte(tt.in), 1000, nil, tt.known)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, jsonDone, end)
		})
	}
}

func TestRender(t *testing.T) {
	l := &Logger{maxBody: 16}
	tests := []struct {
		name string
		b    body
		want string
	}{
		{"empty", body{contentType: "application/json", complete: true}, ""},
		{"json", body{contentType: "application/json; charset=utf-8", data: []byte(`{"token":"x"}`), size: 13, complete: true}, `{"token":"[redacted]"}`},
		{"problem json", body{contentType: "application/problem+json", data: []byte(`{"a":1}`), size: 7, complete: true}, `{"a":1}`},
		{"json cut", body{contentType: "application/json", data: []byte(`{"a":1,"b":2,"c":`), size: 40}, `{"a":1,"b":2,"c":…[truncated]`},
		{"form", body{contentType: "application/x-www-form-urlencoded", data: []byte("a=1&pin=12"), size: 10, complete: true}, "a=1&pin=[redacted]"},
		{"form cut", body{contentType: "application/x-www-form-urlencoded", data: []byte("a=1&b=2&password"), size: 30}, "a=1&b=2&password…[truncated]"},
		{"text", body{contentType: "text/plain", data: []byte("hello"), size: 5, complete: true}, "hello"},
		{"text with a token", body{contentType: "text/plain", data: []byte("t=" + jwt), size: 2 + int64(len(jwt)), complete: true}, "t=[redacted]"},
		{"text cut", body{contentType: "text/plain", data: []byte("hello"), size: 50}, "[text/plain body of 50 bytes, not kept]"},
		{"no type, text", body{data: []byte("hi"), size: 2, complete: true}, "hi"},
		{"no type, binary", body{data: []byte{0xff, 0}, size: 2, complete: true}, "[application/octet-stream body of 2 bytes, not kept]"},
		{"request text", body{contentType: "text/plain", data: []byte("password=x"), size: 10, complete: true, request: true}, "[text/plain body of 10 bytes, not kept]"},
		{"request without a type", body{data: []byte(`{"password":"x"}`), size: 16, complete: true, request: true}, "[application/octet-stream body of 16 bytes, not kept]"},
		{"request JSON as text", body{contentType: "text/plain", data: []byte(`{"password":"x"}`), size: 16, complete: true, request: true}, `{"password":"[redacted]"}`},
		{"request invalid JSON as text", body{contentType: "text/plain", data: []byte(`{"password":"x"} y`), size: 18, complete: true, request: true}, `{"password":"[redacted]"}…[invalid JSON]`},
		{"text with NUL", body{contentType: "text/plain", data: []byte("a\x00b"), size: 3, complete: true}, "[text/plain body of 3 bytes, not kept]"},
		{"text that starts like JSON", body{contentType: "text/plain", data: []byte("[INFO] ok"), size: 9, complete: true}, "[INFO] ok"},
		{"xml", body{contentType: "application/xml", data: []byte("<a/>"), size: 4, complete: true}, "<a/>"},
		{"not read", body{contentType: "application/json", size: 50}, "[application/json body of 50 bytes, not read by the handler]"},
		{"image", body{contentType: "image/png", data: []byte("\x89PNG"), size: 4000}, "[image/png body of 4000 bytes, not kept]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, l.render(tt.b, &secretSet{}))
		})
	}
	assert.Empty(t, (&Logger{}).render(body{contentType: "text/plain", data: []byte("x"), size: 1, complete: true}, &secretSet{}), "MaxBody < 0 keeps nothing")
}

func TestValidPrefix(t *testing.T) {
	s := []byte("aé") // 'a', 0xC3, 0xA9
	assert.Equal(t, []byte("a"), validPrefix(s[:2], false))
	assert.Equal(t, s[:2], validPrefix(s[:2], true))
	assert.Equal(t, s, validPrefix(s, false))
	assert.Empty(t, validPrefix(nil, false))
}

func TestClean(t *testing.T) {
	assert.Equal(t, "a\uFFFDb\uFFFD", clean("a\xffb\x00"))
	assert.Equal(t, "ab", clip("abc", 2))
	assert.Equal(t, "a", clip("aé", 2))
	assert.Equal(t, "ab…[truncated]", capped("abc", 2))
	assert.Equal(t, "abc", capped("abc", 3))
}

// FuzzRedactJSON checks that any input, cut anywhere, gives valid UTF-8
// within the limit, without panicking.
func FuzzRedactJSON(f *testing.F) {
	for _, seed := range []string{`{"a":1}`, `{"token":{"x":[1,2]}}`, `[{"password":"x"}]`, "{\"a\":\"\xff\"}", `{"a":"\u0000"}`, `{"a"`, `]`, `{"a":1}{"b":2}`, `{"paſſword":"x"}`, `{"refresh_toKen":"x"}`, `{"a":{"ſecret":[1]}}`} {
		f.Add([]byte(seed), 8)
	}
	var m keyMatcher
	f.Fuzz(func(t *testing.T, data []byte, limit int) {
		limit = max(0, limit%4096)
		got, _ := m.redactJSON(data, limit, nil, nil)
		if !utf8.ValidString(got) || len(got) > limit || strings.IndexByte(got, 0) >= 0 {
			t.Fatalf("redactJSON(%q, %d) = %q", data, limit, got)
		}
		// A key the JSON decoder binds to a Password field is redacted.
		var v struct{ Password any }
		if json.Unmarshal(data, &v) == nil && v.Password != nil && v.Password != Redacted {
			if all, _ := m.redactJSON(data, 1<<20, nil, nil); json.Unmarshal([]byte(all), &v) == nil && v.Password != Redacted {
				t.Fatalf("redactJSON(%q) = %q keeps the password", data, all)
			}
		}
	})
}

// FuzzRedactQuery checks that redacting keeps every non-secret byte and
// never panics.
func FuzzRedactQuery(f *testing.F) {
	for _, seed := range []string{"a=1&token=2", "%zz=1", "&&=", "password"} {
		f.Add(seed)
	}
	var m keyMatcher
	f.Fuzz(func(t *testing.T, raw string) {
		got := m.redactQuery(raw, nil)
		if strings.Count(got, "&") != strings.Count(raw, "&") {
			t.Fatalf("redactQuery(%q) = %q changed the segments", raw, got)
		}
	})
}

// FuzzRedactErrorMessages checks that keeping error messages readable never
// shows a secret of the request that redacting them by key would hide.
func FuzzRedactErrorMessages(f *testing.F) {
	for _, seed := range []string{
		`{"success":false,"message":"m","errors":{"password":["The password hunter2 is common","ok"]}}`,
		`{"success":false,"errors":{"token":"HUNTER2","pin":[{"a":"hunter2"}],"otp":[["hunter2"]]}}`,
		`{"success":false,"errors":{"email":["hunter2"]}}`, `{"errors":{"password":["hunter2"]}}`,
	} {
		f.Add([]byte(seed))
	}
	var m keyMatcher
	known := &secretSet{values: []string{"hunter2"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		byKey, _ := m.redactJSON(data, 1<<20, nil, nil)
		readable, _ := m.redactJSON(data, 1<<20, nil, known)
		if n, max := strings.Count(strings.ToLower(readable), "hunter2"), strings.Count(strings.ToLower(byKey), "hunter2"); n > max {
			t.Fatalf("redactJSON(%q) with the request's secrets = %q shows one that %q hides", data, readable, byKey)
		}
	})
}
