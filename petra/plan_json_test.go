package petra

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stdJSON is what encoding/json answers for v, as petra's encoder asks it:
// without HTML escaping, without Encode's newline.
func stdJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), err
}

type planLeaf struct {
	B   bool    `json:"b"`
	I8  int8    `json:"i8"`
	I16 int16   `json:"i16"`
	I32 int32   `json:"i32"`
	I   int     `json:"i"`
	U8  uint8   `json:"u8"`
	U16 uint16  `json:"u16"`
	U32 uint32  `json:"u32"`
	U   uint    `json:"u"`
	UP  uintptr `json:"up"`
	F32 float32 `json:"f32"`
	F64 float64
	S   string `json:"s,omitempty"`
}

type planCode int // a named number, with a method that is not a marshaler

func (c planCode) String() string { return "code" }

type planTree struct {
	Name     string            `json:"name"`
	When     time.Time         `json:"when"`
	Maybe    *time.Time        `json:"maybe,omitempty"`
	Later    time.Time         `json:"later,omitzero"`
	Code     planCode          `json:"code,omitzero"`
	Leaf     planLeaf          `json:"leaf"`
	LeafPtr  *planLeaf         `json:"leaf_ptr"`
	Children []*planTree       `json:"children,omitempty"`
	Tags     []string          `json:"tags"`
	Labels   map[string]string `json:"labels,omitempty"`
	Extra    map[string]any    `json:"extra"`
	Anything any               `json:"anything"`
	Err      error             `json:"err"`
	Skipped  int               `json:"-"`
	//lint:ignore SA5008 encoding/json's "-," (the name "-") is what this field tests
	Dash int `json:"-,"`
	//lint:ignore SA5008 a name encoding/json refuses, so it uses the field's: what this field tests
	Bad     int     `json:"a'b"`
	Empty   float64 `json:"empty,omitempty"`
	Nothing []int   `json:"nothing,omitzero"`
	hidden  int
}

func TestPlannedJSONIsEncodingJSONs(t *testing.T) {
	when := time.Date(2026, 12, 6, 14, 30, 5, 123456000, time.FixedZone("", 5*3600+30*60))
	negZero := math.Copysign(0, -1)
	tree := planTree{
		Name: "root \"quoted\" <b>&amp; \u2028\u2029 \x00\x1f \xff é", When: when, Maybe: &when,
		Code: 7, Leaf: planLeaf{B: true, I8: -8, I16: -16, I32: -32, I: -1 << 40, U8: 8, U16: 16, U32: 32, U: 1 << 40, UP: 9,
			F32: 0.1, F64: 1e21},
		LeafPtr:  &planLeaf{F32: 1e-7, F64: 1e-7, S: "leaf"},
		Children: []*planTree{{Name: "child", Tags: []string{}}, nil},
		Tags:     []string{"a", "", "\t"},
		Labels:   map[string]string{"z": "last", "a": "first"},
		Extra: map[string]any{"n": 1.5, "list": []any{true, nil, "x", map[string]any{}}, "ints": map[string]int{"b": 2, "a": 1},
			"raw": json.RawMessage(` { "compacted" : true } `), "bytes": []byte("hi")},
		Anything: planLeaf{S: "inside any"},
		Err:      errors.New("an error's JSON is its exported fields: none"),
		Skipped:  1, Dash: 2, Bad: 3, Empty: negZero, hidden: 4,
	}
	cases := map[string]any{
		"nil":                  nil,
		"bool":                 true,
		"int":                  42,
		"string":               "s\n",
		"float exponent":       1e-7,
		"float big":            1e21,
		"float plain":          123456789.125,
		"float negative zero":  negZero,
		"float32":              float32(3.4e38),
		"named int":            planCode(3),
		"pointer to int":       new(7),
		"nil pointer":          (*planLeaf)(nil),
		"struct":               planLeaf{S: "x"},
		"pointer to struct":    &planLeaf{},
		"tree":                 tree,
		"pointer to tree":      &tree,
		"slice":                []planLeaf{{}, {I: 1}},
		"nil slice":            []string(nil),
		"empty slice":          []int{},
		"slice of any":         []any{1, "two", nil, []any{}},
		"string map":           map[string]string{"b": "2", "a": "1"},
		"nil string map":       map[string]string(nil),
		"any map":              map[string]any{"k": []int{1}, "e": nil},
		"named any map":        anyMap{"x": 1},
		"time":                 when,
		"utc time":             when.UTC(),
		"page":                 Page[planLeaf]{Data: []planLeaf{{I: 1}}, NextPageURL: new("next")},
		"anonymous struct":     struct{ A, B int }{1, 2},
		"struct of unexported": struct{ a int }{1},
		"embedded struct":      planEmbeds{planLeaf{S: "x", I: 1}},
		"embedded twice deep":  planDeepEmbeds{planEmbeds: planEmbeds{planLeaf{S: "deep"}}, Z: 2},
		"embedded with options": struct {
			planLeaf `json:",omitempty"`
			N        int
		}{planLeaf{S: "o"}, 3},
		"embedded under a name": struct {
			planLeaf `json:"leaf"`
			S        string `json:"s"`
		}{planLeaf{S: "named"}, "own"},
		"embedded slice type":            struct{ PlanNames }{PlanNames{"a"}},
		"embedded unexported non-struct": struct{ planCode }{7},
		"embedded pointer under a name": struct {
			*planLeaf `json:"leaf,omitempty"`
			N         int
		}{nil, 1},
		"embedded exported struct": struct {
			PlanPoint
			Label string `json:"label"`
		}{PlanPoint{1, 2}, "p"},
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := stdJSON(v)
			require.NoError(t, err)
			got, ok := appendPlanned(nil, v)
			require.True(t, ok, "no plan for %T", v)
			assert.Equal(t, want, string(got))
		})
	}
}

type anyMap map[string]any

type (
	planMarshaler   struct{}
	planTextual     struct{}
	planPtrMarshals struct{}
	planZeroer      struct{ N int }
	planEmbeds      struct{ planLeaf }
	planDeepEmbeds  struct {
		planEmbeds
		Z int `json:"z"`
	}
	// PlanNames is an exported type of no struct kind, embedded.
	PlanNames []string
	// PlanPoint is an exported struct type, embedded.
	PlanPoint  struct{ X, Y int }
	planQuoted struct {
		N int `json:"n,string"`
	}
	planTwice struct {
		X int
		Y int `json:"X"`
	}
)

func (planMarshaler) MarshalJSON() ([]byte, error)    { return []byte(`{"own":true}`), nil }
func (planTextual) MarshalText() ([]byte, error)      { return []byte("text"), nil }
func (*planPtrMarshals) MarshalJSON() ([]byte, error) { return []byte(`"pointer"`), nil }
func (z planZeroer) IsZero() bool                     { return z.N == 1 }

func TestTypesWithoutAPlanAreLeftToEncodingJSON(t *testing.T) {
	cases := map[string]any{
		"marshaler":                  planMarshaler{},
		"text marshaler":             planTextual{},
		"pointer-receiver marshaler": &planPtrMarshals{},
		"field with a marshaler":     struct{ M planMarshaler }{},
		"raw message":                json.RawMessage(`{}`),
		"struct embedded by pointer": struct{ *planLeaf }{&planLeaf{}},
		"embedded time":              struct{ time.Time }{},
		"a name promoted and own": struct {
			planLeaf
			S string `json:"s"`
		}{},
		"a name promoted twice": struct {
			planLeaf
			planEmbeds
		}{},
		"string option":          planQuoted{N: 1},
		"two fields of one name": planTwice{},
		"own IsZero under omitzero": struct {
			Z planZeroer `json:",omitzero"`
		}{},
		"bytes":                       []byte("x"),
		"array":                       [2]int{1, 2},
		"map of ints":                 map[string]int{"a": 1},
		"map keyed by ints":           map[int]string{1: "a"},
		"number":                      json.Number("1"),
		"channel field":               struct{ C chan int }{},
		"complex":                     complex(1, 2),
		"struct held in its word":     struct{ P *int }{new(1)},
		"time with its own plan kept": struct{ T planTextual }{},
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			before := []byte("kept")
			got, ok := appendPlanned(before, v)
			assert.False(t, ok)
			assert.Equal(t, "kept", string(got))
		})
	}
}

type planCycle struct {
	Next *planCycle `json:"next"`
}

func TestValuesAPlanGivesUpOnAreLeftToEncodingJSON(t *testing.T) {
	cycle := &planCycle{}
	cycle.Next = cycle
	deep := []any{}
	for range maxPlanDepth + 1 {
		deep = []any{deep}
	}
	cases := map[string]any{
		"NaN":                        math.NaN(),
		"infinity in a struct":       planLeaf{F64: math.Inf(-1)},
		"year of five digits":        time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		"negative year":              time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		"zone 24 hours ahead":        time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)),
		"cycle":                      cycle,
		"nesting deeper than plans":  deep,
		"NaN in a map":               map[string]any{"x": math.NaN()},
		"NaN behind an interface":    []any{float32(math.Inf(1))},
		"unencodable behind any":     map[string]any{"c": make(chan int)},
		"fine, then a NaN in a list": []planLeaf{{}, {F32: float32(math.NaN())}},
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := appendPlanned([]byte("kept"), v)
			assert.False(t, ok)
			assert.Equal(t, "kept", string(got))
		})
	}
	// encoding/json then answers: the deep value it encodes; the cycle, an error.
	_, err := stdJSON(cycle)
	assert.Error(t, err)
	_, err = stdJSON(deep)
	assert.NoError(t, err)
}

func TestAnAnswerAPlanGivesUpOnIsEncodingJSONs(t *testing.T) {
	cycle := &planCycle{}
	cycle.Next = cycle
	app := New()
	app.Mount(Module{Name: "plans", Routes: []Route{
		Get("cycle", func(*Request) Result { return Response(cycle) }),
		Get("deep", func(*Request) Result {
			deep := []any{"bottom"}
			for range maxPlanDepth + 5 {
				deep = []any{deep}
			}
			return Response(map[string]any{"deep": deep})
		}),
	}})
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/plans/cycle", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.JSONEq(t, `{"success":false,"message":"Internal server error"}`, rec.Body.String())

	rec = httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/plans/deep", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `"bottom"`)
}

// TestWordSizedIsHowGoHoldsValues checks wordSized against where an
// interface really keeps a value: in its data word, or behind it.
func TestWordSizedIsHowGoHoldsValues(t *testing.T) {
	n := 1
	values := []any{
		&n, map[string]int{}, make(chan int), unsafe.Pointer(&n),
		struct{ P *int }{&n}, [1]*int{&n}, struct{ S struct{ P *int } }{struct{ P *int }{&n}},
		struct{ P, Q *int }{&n, &n}, [2]*int{&n, &n}, struct {
			P *int
			_ struct{}
		}{P: &n}, 1, "s", struct{ N int }{1},
	}
	for _, v := range values {
		e := (*eface)(unsafe.Pointer(&v))
		// A value held in the word: the word is the value's first pointer.
		first := reflect.ValueOf(v)
		for {
			if first.Kind() == reflect.Struct {
				first = first.Field(0)
			} else if first.Kind() == reflect.Array {
				first = first.Index(0)
			} else {
				break
			}
		}
		inWord := first.Kind() != reflect.Int && first.Kind() != reflect.String && e.data == first.UnsafePointer()
		assert.Equal(t, inWord, wordSized(reflect.TypeOf(v)), "%T", v)
	}
}

func TestPlannedJSONAllocatesNothingOnceWarm(t *testing.T) {
	when := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	var v any = Page[planTree]{Data: []planTree{{Name: "a", When: when, Maybe: &when, Tags: []string{"x"}, Extra: map[string]any{"k": 1}}}}
	buf, ok := appendPlanned(nil, v)
	require.True(t, ok)
	allocs := testing.AllocsPerRun(100, func() {
		buf, _ = appendPlanned(buf[:0], v)
	})
	assert.Zero(t, allocs)
}

// FuzzPlannedJSON holds a plan's bytes to encoding/json's for values made
// of the fuzzer's strings, numbers and times: where encoding/json encodes
// a value, the plan writes the same bytes or leaves it to encoding/json;
// where encoding/json fails, the plan leaves it too.
func FuzzPlannedJSON(f *testing.F) {
	f.Add("plain", "\xff\u2028<>&\"\\\x01", int64(1), uint64(2), math.Float64bits(1e-7), uint32(0x7fc00000), int64(0), int32(3600), true)
	f.Add("", "", int64(-1), uint64(0), math.Float64bits(math.Copysign(0, -1)), uint32(0), int64(1e18), int32(-86400), false)
	f.Add("é", "\x00", int64(math.MinInt64), uint64(math.MaxUint64), math.Float64bits(1e21), math.Float32bits(1e-7), int64(-6e18), int32(0), true)
	f.Fuzz(func(t *testing.T, s1, s2 string, i int64, u uint64, fbits uint64, f32bits uint32, nanos int64, offset int32, b bool) {
		f64, f32 := math.Float64frombits(fbits), math.Float32frombits(f32bits)
		when := time.Unix(0, nanos).In(time.FixedZone(s1, int(offset)))
		leaf := planLeaf{B: b, I8: int8(i), I16: int16(i), I32: int32(i), I: int(i), U8: uint8(u), U16: uint16(u),
			U32: uint32(u), U: uint(u), UP: uintptr(u), F32: f32, F64: f64, S: s2}
		tree := planTree{Name: s1, When: when, Later: when, Code: planCode(i), Leaf: leaf, LeafPtr: &leaf,
			Tags: []string{s1, s2}, Labels: map[string]string{s1: s2, s2: s1}, Empty: f64,
			Extra:    map[string]any{s1: f64, s2: []any{f32, i, u, b, s1}},
			Anything: map[string]any{s2: leaf}}
		if b {
			tree.Children = []*planTree{{Name: s2}, nil}
			tree.Maybe = &when
		}
		embeds := planDeepEmbeds{planEmbeds: planEmbeds{leaf}, Z: int(i)}
		for _, v := range []any{tree, &tree, leaf, f64, f32, s1, when, []any{s1, f64, when}, embeds, []planDeepEmbeds{embeds}} {
			want, err := stdJSON(v)
			got, ok := appendPlanned(nil, v)
			if err != nil {
				assert.False(t, ok, "encoding/json fails on %#v: %v", v, err)
				continue
			}
			if ok {
				assert.Equal(t, want, string(got))
			}
		}
	})
}

// BenchmarkAnswerJSON compares a plan with encoding/json (as petra's encoder
// used it) on a small struct and on a page of twenty.
func BenchmarkAnswerJSON(b *testing.B) {
	type user struct {
		ID      string    `json:"id"`
		Name    string    `json:"name"`
		Age     int       `json:"age"`
		Created time.Time `json:"created"`
	}
	users := make([]user, 20)
	for i := range users {
		users[i] = user{ID: "9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b", Name: "Ann Example", Age: 30 + i, Created: time.Unix(1e9, 0).UTC()}
	}
	values := map[string]any{"struct": users[0], "page": Page[user]{Data: users, Total: 1000, PerPage: 20, NextPageURL: new("?page=2")}}
	for name, v := range values {
		b.Run(name+"/plan", func(b *testing.B) {
			var buf []byte
			for b.Loop() {
				buf, _ = appendPlanned(buf[:0], v)
			}
		})
		b.Run(name+"/encoding_json", func(b *testing.B) {
			w := &bytesWriter{}
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			for b.Loop() {
				w.b = w.b[:0]
				_ = enc.Encode(v)
			}
		})
	}
}
