package petratest

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/status"
)

// Any stands, in what [Response.AssertJSONSubset] wants, for any value: the key
// must be in the body, whatever it holds (a generated ID, a timestamp).
var Any = anyValue{}

type anyValue struct{}

// anyMarker is how Any reads once encoded: a string no JSON body holds.
const anyMarker = "\x00petratest.Any\x00"

// MarshalJSON encodes Any as its marker, so that it survives the encoding of
// the value it is in.
func (anyValue) MarshalJSON() ([]byte, error) { return json.Marshal(anyMarker) }

// AssertJSONSubset checks the status and that the body holds want, ignoring
// what want leaves out: an object matches one that has each of its keys with a
// matching value, whatever other keys the body adds (ids, timestamps); an array
// matches one of as many elements, matching in order; [Any] matches any value;
// other values must be equal. want is a JSON document as a string or []byte, or
// a Go value encoded as JSON, usually a map[string]any:
//
//	res.AssertJSONSubset(status.HTTP_201_CREATED, map[string]any{
//		"message": "Registration successful",
//		"user":    map[string]any{"name": "Ann", "uuid": petratest.Any},
//	})
//
// A failure lists every difference by its place in the body ($.user.name).
func (r *Response) AssertJSONSubset(code status.Code, want any) *Response {
	r.t.Helper()
	r.AssertStatus(code)
	var wantDoc, got any
	require.NoError(r.t, json.Unmarshal(jsonOf(r.t, want), &wantDoc), "petratest: the JSON wanted")
	require.NoError(r.t, json.Unmarshal(r.Recorder.Body.Bytes(), &got), "the body is not JSON: %s", r.Body())
	if diffs := subsetDiffs("$", wantDoc, got); len(diffs) > 0 {
		require.Fail(r.t, "the body does not hold the JSON wanted", "%s\nbody: %s", strings.Join(diffs, "\n"), r.Body())
	}
	return r
}

// jsonOf returns want as a JSON document.
func jsonOf(t require.TestingT, want any) []byte {
	switch w := want.(type) {
	case string:
		return []byte(w)
	case []byte:
		return w
	}
	data, err := json.Marshal(want)
	require.NoError(t, err, "petratest: encoding the JSON wanted")
	return data
}

// subsetDiffs returns where got, at path, does not hold want.
func subsetDiffs(path string, want, got any) []string {
	if want == anyMarker {
		return nil
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %s", path, show(got))}
		}
		var diffs []string
		for _, k := range slices.Sorted(maps.Keys(w)) {
			v, has := g[k]
			if !has {
				diffs = append(diffs, fmt.Sprintf("%s: no key %q", path, k))
				continue
			}
			diffs = append(diffs, subsetDiffs(path+"."+k, w[k], v)...)
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an array, got %s", path, show(got))}
		}
		if len(g) != len(w) {
			return []string{fmt.Sprintf("%s: want %d elements, got %d: %s", path, len(w), len(g), show(got))}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, subsetDiffs(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return diffs
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s: want %s, got %s", path, show(want), show(got))}
	}
	return nil
}

// show spells v as JSON in a failure message.
func show(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
