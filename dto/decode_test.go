package dto

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
)

type decodeItem struct {
	SKU  string   `json:"sku"`
	Qty  *int     `json:"qty"`
	Tags []string `json:"tags"`
}

type decodeName string

// decodeForm has a field of every kind the decoder fills itself, and some it
// hands to encoding/json.
type decodeForm struct {
	S       string         `json:"s"`
	B       bool           `json:"b"`
	I       int8           `json:"i"`
	U       uint16         `json:"u"`
	F32     float32        `json:"f32"`
	F       float64        `json:"f"`
	P       *string        `json:"p"`
	Item    *decodeItem    `json:"item"`
	Items   []decodeItem   `json:"items"`
	Ptrs    []*decodeItem  `json:"ptrs"`
	Nums    []int          `json:"nums"`
	Named   decodeName     `json:"named"`
	Unicode int            `json:"ünï"`
	NoTag   int            //
	Nested  decodeNested   `json:"nested"`
	When    time.Time      `json:"when"`
	Labels  map[string]int `json:"labels"`
	Any     any            `json:"any"`
	Raw     json.RawMessage
	Bytes   []byte      `json:"bytes"`
	Number  json.Number `json:"number"`
	Grid    [2]int      `json:"grid"`
	Skipped int         `json:"-"`
}

type decodeNested struct {
	X    int           `json:"x"`
	Next *decodeNested `json:"next"`
}

// decodeBodies are bodies the decoder must take as encoding/json does.
var decodeBodies = []string{
	`{}`,
	` {"s":"Ann","b":true,"i":-128,"u":65535,"f32":1.5,"f":-2.5e-3,"p":"x"} `,
	`{"s":"","b":false,"i":0,"u":0,"f32":0,"f":0,"p":null,"nums":null,"item":null}`,
	`{"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC\ud83d\ude00","named":"\u0041"}`,
	`{"s":"\ud800","p":"\udc00x","named":"\ud800\u0041","ünï":7}`,
	`{"s":"é€😀","ünï":1,"ÜNÏ":2}`,
	`{"S":"upper","NOTAG":1,"notag":2,"sKu":"x"}`,
	`{"item":{"sKU":"kelvin sign"},"İ":1,"ſ":"long s"}`,
	`{"\u0073":"escaped key","\u0062":true}`,
	`{"s":"first","s":"last","nums":[1,2,3],"nums":[4]}`,
	`{"items":[{"sku":"a","qty":1,"tags":["x"]},{"sku":"b"}],"items":[{"qty":2}]}`,
	`{"items":[],"ptrs":[null,{"sku":"c","qty":null}],"nums":[]}`,
	`{"item":{"sku":"a"},"item":{"qty":3}}`,
	`{"nested":{"x":1,"next":{"x":2,"next":{"next":null}}},"nested":{"x":3}}`,
	`{"i":null,"s":null,"b":null,"nested":null}`,
	`{"when":"2024-01-02T03:04:05Z","labels":{"a":1},"any":[1,"x",null,{"y":true}],"Raw":{"k":[1]}}`,
	`{"bytes":"aGk=","number":12.5e3,"grid":[1,2],"Skipped":4,"hidden":5}`,
	`{"unknown":{"deep":[[[{"a":[]}]]],"n":-0.0e+1},"other":[true,false,null,"\u0041"]}`,
}

// declinedBodies are bodies the decoder leaves to encoding/json: wrong,
// refused by the binder, or outside what it knows.
var declinedBodies = []string{
	``, `null`, `[]`, `"x"`, `1`, `{`, `{"s":"a"`, `{"s":"a",}`, `{,}`, `{"s" "a"}`, `{"s":"a"} x`, `{}{}`,
	`{"s":1}`, `{"b":"true"}`, `{"i":128}`, `{"i":1.0}`, `{"i":1e2}`, `{"u":-1}`, `{"f32":1e39}`, `{"f":1E400}`,
	`{"nums":"1"}`, `{"nums":[1,]}`, `{"item":[]}`, `{"nested":{"x":"1"}}`, `{"when":"yesterday"}`,
	`{"s":"\u0000"}`, `{"\u0000":1}`, `{"x":"\u0000"}`, "{\"s\":\"\xff\"}", "{\"x\":\"\xc3\"}", "{\"s\":\"a\tb\"}",
	`{"s":"\x"}`, `{"s":"\u12"}`, `{"i":01}`, `{"i":-}`, `{"f":1.}`, `{"f":.5}`, `{"b":tru}`, `{"b":nul}`,
}

func decodeBoth(t *testing.T, body []byte) (fast, std decodeForm, ok bool) {
	t.Helper()
	d := formDecoder(reflect.TypeFor[decodeForm]())
	require.NotNil(t, d)
	_, ok = d.decode(body, reflect.ValueOf(&fast).Elem())
	if ok {
		require.NoError(t, json.Unmarshal(body, &std), "taken by the decoder, refused by encoding/json")
		require.NoError(t, checkText(body), "taken by the decoder, refused by the binder")
	}
	return fast, std, ok
}

func TestDecodeAsEncodingJSON(t *testing.T) {
	for _, body := range decodeBodies {
		t.Run(body, func(t *testing.T) {
			fast, std, ok := decodeBoth(t, []byte(body))
			require.True(t, ok, "declined")
			assert.Equal(t, std, fast)
		})
	}
}

func TestDecodeDeclines(t *testing.T) {
	for _, body := range declinedBodies {
		t.Run(body, func(t *testing.T) {
			_, _, ok := decodeBoth(t, []byte(body))
			assert.False(t, ok)
		})
	}
}

func TestDecodeDeclinesDeepNesting(t *testing.T) {
	deep := `{"x":`
	for range maxDecodeDepth {
		deep += "["
	}
	for range maxDecodeDepth {
		deep += "]"
	}
	deep += "}"
	_, _, ok := decodeBoth(t, []byte(deep))
	assert.False(t, ok)
}

// The decoder fills only the structs whose keys it finds as encoding/json
// does; the others are decoded by encoding/json, whole.
func TestFormDecoderKinds(t *testing.T) {
	type embeds struct {
		decodeItem
		Name string `json:"name"`
	}
	type quoted struct {
		N int `json:"n,string"`
	}
	type sameName struct {
		A int `json:"X"`
		X int
	}
	type oddTag struct {
		A int `json:"a€b"`
	}
	type holds struct {
		E    embeds   `json:"e"`
		Q    *quoted  `json:"q"`
		List []quoted `json:"list"`
	}
	for _, tt := range []struct {
		typ  reflect.Type
		kind decodeKind
	}{
		{reflect.TypeFor[decodeForm](), decodeStruct},
		{reflect.TypeFor[embeds](), decodeOther},
		{reflect.TypeFor[quoted](), decodeOther},
		{reflect.TypeFor[sameName](), decodeOther},
		{reflect.TypeFor[oddTag](), decodeOther},
		{reflect.TypeFor[holds](), decodeStruct},
	} {
		assert.Equal(t, tt.kind, decoders{}.of(tt.typ).kind, tt.typ.String())
	}
	h := decoders{}.of(reflect.TypeFor[holds]())
	for _, f := range h.fields {
		assert.Equal(t, decodeOther, f.dec.kind, f.name)
	}
}

// What the decode records of the top-level numbers sent is what sentKeys finds.
func TestDecodeRecordsPresence(t *testing.T) {
	p := loadPlan(reflect.TypeFor[presenceForm]())
	require.NotNil(t, p.decoder)
	for _, body := range []string{
		`{}`, `{"age":0,"active":false,"limit":0,"count":0}`, `{"age":null,"active":null}`, `{"age":0,"age":null}`,
		`{"age":null,"age":0}`, `{"AGE":1,"Active":false}`, `{"\u0061ge":0}`, `{"address":{"zip":0},"note":"age"}`,
		`{"tags":["age"],"other":{"age":1},"limit":null}`,
	} {
		t.Run(body, func(t *testing.T) {
			var form presenceForm
			sent, ok := p.decoder.decode([]byte(body), reflect.ValueOf(&form).Elem())
			require.True(t, ok)
			b := binding{p: p, json: []byte(body), sentTop: sent, topKnown: true}
			want := sentKeys([]byte(body), p.root)
			for _, k := range p.root.keys {
				assert.Equal(t, want[k.wire], b.jsonSent([]byte(k.wire)), k.wire)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, body := range append(decodeBodies, declinedBodies...) {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, std, ok := decodeBoth(t, body)
		if ok {
			assert.Equal(t, std, fast)
		}
	})
}

// oneShotForm is a form the one-pass decode takes: no embedded struct.
type oneShotForm struct {
	Name    string         `json:"name"    validate:"required,max=50"`
	Age     int            `json:"age"     validate:"required,gte=0,lte=150"`
	Limit   int            `json:"limit"   validate:"omitempty,gte=1"`
	Score   float64        `json:"score"   validate:"omitempty,gte=0"`
	Active  bool           `json:"active"  validate:"required"`
	Small   int8           `json:"small"`
	Tags    []string       `json:"tags"    validate:"max=5,dive,max=10"`
	Nums    []int          `json:"nums"`
	Address address        `json:"address"`
	Billing *address       `json:"billing"`
	Items   []fuzzItem     `json:"items"   validate:"dive"`
	Labels  map[string]int `json:"labels"  validate:"dive,gte=0"`
	When    time.Time      `json:"when"`
	Ptr     *int           `json:"ptr"     validate:"omitempty,gte=1"`
}

// bindWith binds body into a oneShotForm with plan p.
func bindWith(p *plan, body []byte) (oneShotForm, error) {
	hr := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	hr.Header.Set("Content-Type", "application/json")
	var form oneShotForm
	err := p.bind(petra.NewRequest(nil, hr), &form, nil)
	return form, err
}

// Binding with the one-pass decode answers what binding with encoding/json
// alone answers: the same form, the same errors.
func FuzzBindOnePassAsEncodingJSON(f *testing.F) {
	for _, body := range []string{
		`{"name":"Ann","age":0,"active":false,"limit":0,"score":0}`,
		`{"name":" ","age":null,"active":true,"tags":["a","bbbbbbbbbbbb"],"nums":[1,"x"]}`,
		`{"address":{"city":"Oslo","zip":0,"floor":0},"billing":{"zip":1},"items":[{"sku":"A","qty":0,"price":-1},{}]}`,
		`{"labels":{"a":-1},"when":"2024-01-02T03:04:05Z","ptr":0,"small":300,"AGE":5,"Age":6}`,
		`{"name":"\u0000"}`, "{\"name\":\"\xff\"}", `{"name":"Ann"} x`, `[]`, `null`, `{"age":1e3}`,
	} {
		f.Add([]byte(body))
	}
	onePass := loadPlan(reflect.TypeFor[oneShotForm]())
	require.NotNil(f, onePass.decoder)
	whole := buildPlan(reflect.TypeFor[oneShotForm]())
	whole.decoder = nil
	f.Fuzz(func(t *testing.T, body []byte) {
		gotForm, gotErr := bindWith(onePass, body)
		wantForm, wantErr := bindWith(whole, body)
		assert.Equal(t, wantErr, gotErr)
		assert.Equal(t, wantForm, gotForm)
	})
}
