package dto

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type presenceForm struct {
	Age     int  `json:"age"    validate:"required"`
	Active  bool `json:"active" validate:"required"`
	Address struct {
		Zip int `json:"zip" validate:"required"`
	} `json:"address"`
	Limit int      `json:"limit" validate:"omitempty,gte=1"`
	Note  string   `json:"note"`
	Tags  []string `json:"tags"`
	Count int      `json:"count"` // optional without rules: not tracked
}

func TestSentKeys(t *testing.T) {
	p := loadPlan(reflect.TypeFor[presenceForm]())
	tests := []struct {
		name, body string
		want       []string // keys of the scalars found
	}{
		{"empty object", `{}`, nil},
		{"one", `{"age":1}`, []string{"age"}},
		{"0 and false", `{"age":0,"active":false,"limit":0}`, []string{"age", "active", "limit"}},
		{"null is not sent", `{"age":null,"active":null}`, nil},
		{"whitespace everywhere", " \n{ \"age\" \t:\r\n 0 , \"active\"\n:\nfalse\n}\n", []string{"age", "active"}},
		{"a string with braces and quotes", `{"note":"}{\"age\":1,","active":true}`, []string{"active"}},
		{"a string ending in a backslash", `{"note":"a\\","age":1}`, []string{"age"}},
		{"a string of escapes", `{"note":"\\\"\\\\\"\u007b","age":1}`, []string{"age"}},
		{"an escaped key", `{"\u0061ge":0,"\u0061\u0063tive":true}`, []string{"age", "active"}},
		{"a key with an escaped quote", `{"a\"ge":0}`, nil},
		{"a key in another case", `{"AGE":0,"Active":false}`, []string{"age", "active"}},
		{"a longer key", `{"ages":0,"agee":1}`, nil},
		{"a unicode key", `{"ägé":1,"age":2}`, []string{"age"}},
		{"nested arrays", `{"tags":[[1,{"age":1}],"]",[]],"active":true}`, []string{"active"}},
		{"a nested object", `{"address":{"zip":0}}`, []string{"address.zip"}},
		{"a nested object in another case", `{"Address":{"ZIP":0}}`, []string{"address.zip"}},
		{"a nested null", `{"address":{"zip":null}}`, nil},
		{"a nested object's other keys", `{"address":{"age":1,"active":true}}`, nil},
		{"the nested key at the top", `{"zip":1}`, nil},
		{"an unknown object", `{"other":{"age":1},"extra":[{"active":true}]}`, nil},
		{"a known key holding an object", `{"note":{"age":1},"age":2}`, []string{"age"}},
		{"the address null", `{"address":null,"age":1}`, []string{"age"}},
		{"the address a list", `{"address":[{"zip":1}],"age":1}`, []string{"age"}},
		{"the last duplicate null", `{"age":0,"age":null}`, nil},
		{"the last duplicate sent", `{"age":null,"age":0}`, []string{"age"}},
		{"duplicate objects", `{"address":{"zip":1},"address":{}}`, []string{"address.zip"}},
		{"numbers of every shape", `{"note":-1.5e+10,"age":1E-2,"active":true}`, []string{"age", "active"}},
		{"not an object", `[{"age":1}]`, nil},
		{"a string", `"{\"age\":1}"`, nil},
		{"nothing", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string]bool{}
			for _, key := range tt.want {
				want[key] = true
			}
			assert.Equal(t, want, sentKeys([]byte(tt.body), p.root))
		})
	}
}

// sentKeys only sees bodies encoding/json accepted, but must not fail on
// others: it stops early.
func TestSentKeysOnInvalidJSON(t *testing.T) {
	p := loadPlan(reflect.TypeFor[presenceForm]())
	for _, body := range []string{
		`{`, `{"`, `{"age`, `{"age"`, `{"age":`, `{"age":1`, `{"age" 1}`, `{"a":"\`, `{"a":"\"}`,
		`{"address":{"zip":`, `{"address":{`, `{"tags":[`, `{"tags":["]`, `{"note":"}`, `{1:2}`, `{"age":1}}}}`,
		`{,,,"age":1}`, `{"age"::1}`, "{\"\xff\":1}", `{"\u00":1}`, `{"age":}`, `{"age":]`,
	} {
		assert.NotPanics(t, func() { sentKeys([]byte(body), p.root) }, body)
	}
}

func TestLookupMatchesLikeEncodingJSON(t *testing.T) {
	node := &node{keys: []jsonKey{{name: "Age", wire: "first"}, {name: "age", wire: "second"}, {name: "k", wire: "k"}}}
	tests := []struct {
		key  string
		want string
	}{
		{"Age", "first"}, {"age", "second"}, {"AGE", "first"}, {"aGe", "first"}, {"k", "k"}, {"K", "k"}, {"\u212a", "k"},
		{"ag", ""}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			k := node.lookup([]byte(tt.key))
			if tt.want == "" {
				assert.Nil(t, k)
				return
			}
			require.NotNil(t, k)
			assert.Equal(t, tt.want, k.wire)
		})
	}
}
