package openapi

import (
	"encoding/json"
	"net"
	"net/netip"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchemaOfGoTypes(t *testing.T) {
	tests := []struct {
		t    reflect.Type
		want string
	}{
		{reflect.TypeFor[int8](), `{"type":"integer","format":"int8","minimum":-128,"maximum":127}`},
		{reflect.TypeFor[int16](), `{"type":"integer","format":"int16","minimum":-32768,"maximum":32767}`},
		{reflect.TypeFor[int32](), `{"type":"integer","format":"int32"}`},
		{reflect.TypeFor[int64](), `{"type":"integer","format":"int64"}`},
		{reflect.TypeFor[int](), `{"type":"integer","format":"int64"}`},
		{reflect.TypeFor[uint8](), `{"type":"integer","format":"uint8","minimum":0,"maximum":255}`},
		{reflect.TypeFor[uint16](), `{"type":"integer","format":"uint16","minimum":0,"maximum":65535}`},
		{reflect.TypeFor[uint32](), `{"type":"integer","format":"uint32","minimum":0,"maximum":4294967295}`},
		{reflect.TypeFor[uint64](), `{"type":"integer","format":"uint64","minimum":0}`},
		{reflect.TypeFor[uint](), `{"type":"integer","format":"uint64","minimum":0}`},
		{reflect.TypeFor[uintptr](), `{"type":"integer","format":"uint64","minimum":0}`},
		{reflect.TypeFor[*uint8](), `{"type":["integer","null"],"format":"uint8","minimum":0,"maximum":255}`},
		{reflect.TypeFor[json.Number](), `{"type":"number"}`},
		{reflect.TypeFor[[]byte](), `{"type":["string","null"],"contentEncoding":"base64"}`},
		{reflect.TypeFor[[]string](), `{"type":["array","null"],"items":{"type":"string"}}`},
		{reflect.TypeFor[[2]string](), `{"type":"array","items":{"type":"string"}}`},
		{reflect.TypeFor[map[string][]int8](), `{"type":["object","null"],"additionalProperties":
			{"type":["array","null"],"items":{"type":"integer","format":"int8","minimum":-128,"maximum":127}}}`},
		{reflect.TypeFor[json.RawMessage](), `{}`},
		{reflect.TypeFor[netip.Addr](), `{"type":"string","anyOf":[{"format":"ipv4"},{"format":"ipv6"},{"maxLength":0}]}`},
		{reflect.TypeFor[net.IP](), `{"type":"string","anyOf":[{"format":"ipv4"},{"format":"ipv6"},{"maxLength":0}]}`},
		{reflect.TypeFor[*netip.Addr](), `{"type":["string","null"],"anyOf":[{"format":"ipv4"},{"format":"ipv6"},{"maxLength":0}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.t.String(), func(t *testing.T) {
			got, err := json.Marshal(newRegistry().schema(tt.t, response))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(got))
		})
	}
}

func TestQuotedFields(t *testing.T) {
	type Quoted struct {
		ID    int64    `json:"id,string" validate:"required,min=1"`
		Ratio *float64 `json:"ratio,omitempty,string"`
		On    bool     `json:"on,string"`
		Note  string   `json:"note,string"`
	}
	for _, m := range []mode{response, request} {
		got, err := json.Marshal(newRegistry().object(reflect.TypeFor[Quoted](), m))
		require.NoError(t, err)
		assert.JSONEq(t, `{"type":"object","properties":{
			"id":{"type":"string"},"ratio":{"type":["string","null"]},"on":{"type":"string"},
			"note":{"type":"string"}},
			"required":`+map[mode]string{response: `["id","on","note"]`, request: `["id"]`}[m]+`}`, string(got))
	}
}

// encoding/json writes a nil slice or map as null, so an answer's slice or
// map is documented as possibly null, unless the field is left out when nil
// (omitempty, omitzero) or promises it is never nil (openapi:"nonnull").
// A request's keeps its type alone.
func TestNilSlicesAndMaps(t *testing.T) {
	type Lists struct {
		Tags    []string          `json:"tags"`
		Counts  map[string]int    `json:"counts"`
		Notes   []string          `json:"notes,omitempty"`
		Marks   map[string]bool   `json:"marks,omitzero"`
		Items   []int             `json:"items" openapi:"nonnull"`
		Ptr     *[]string         `json:"ptr" openapi:"nonnull"`
		Fixed   [2]int            `json:"fixed"`
		Nested  map[string][]int8 `json:"nested" openapi:"nonnull"`
		Comment string            `json:"comment" openapi:"nonnull"`
	}
	tests := []struct {
		m    mode
		want string
	}{
		{response, `{"type":"object","properties":{
			"tags":{"type":["array","null"],"items":{"type":"string"}},
			"counts":{"type":["object","null"],"additionalProperties":{"type":"integer","format":"int64"}},
			"notes":{"type":"array","items":{"type":"string"}},
			"marks":{"type":"object","additionalProperties":{"type":"boolean"}},
			"items":{"type":"array","items":{"type":"integer","format":"int64"}},
			"ptr":{"type":["array","null"],"items":{"type":"string"}},
			"fixed":{"type":"array","items":{"type":"integer","format":"int64"}},
			"nested":{"type":"object","additionalProperties":{"type":["array","null"],
				"items":{"type":"integer","format":"int8","minimum":-128,"maximum":127}}},
			"comment":{"type":"string"}},
			"required":["tags","counts","items","ptr","fixed","nested","comment"]}`},
		{request, `{"type":"object","properties":{
			"tags":{"type":"array","items":{"type":"string"}},
			"counts":{"type":"object","additionalProperties":{"type":"integer","format":"int64"}},
			"notes":{"type":"array","items":{"type":"string"}},
			"marks":{"type":"object","additionalProperties":{"type":"boolean"}},
			"items":{"type":"array","items":{"type":"integer","format":"int64"}},
			"ptr":{"type":["array","null"],"items":{"type":"string"}},
			"fixed":{"type":"array","items":{"type":"integer","format":"int64"}},
			"nested":{"type":"object","additionalProperties":{"type":"array",
				"items":{"type":"integer","format":"int8","minimum":-128,"maximum":127}}},
			"comment":{"type":"string"}}}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(newRegistry().object(reflect.TypeFor[Lists](), tt.m))
		require.NoError(t, err)
		assert.JSONEq(t, tt.want, string(got), "mode %d", tt.m)
	}
}

// A field's openapi tag may name its format, which its Go type does not
// say (a string holding a UUID), on both sides of the wire, with the tag's
// other options and on a pointer too; a struct field's $ref is left alone.
func TestFormatFromTheTag(t *testing.T) {
	type Ref struct {
		ID string `json:"id"`
	}
	type Tagged struct {
		UUID   string  `json:"uuid" openapi:"format=uuid"`
		Parent *string `json:"parent" openapi:"nonnull,format=uuid"`
		Home   string  `json:"home" openapi:"format=uri"`
		Plain  string  `json:"plain"`
		Ref    Ref     `json:"ref" openapi:"format=uuid"`
	}
	for _, m := range []mode{response, request} {
		got, err := json.Marshal(newRegistry().object(reflect.TypeFor[Tagged](), m))
		require.NoError(t, err)
		assert.JSONEq(t, `{"type":"object","properties":{
			"uuid":{"type":"string","format":"uuid"},
			"parent":{"type":["string","null"],"format":"uuid"},
			"home":{"type":"string","format":"uri"},
			"plain":{"type":"string"},
			"ref":{"$ref":"#/components/schemas/Ref"}}`+
			map[mode]string{response: `,"required":["uuid","parent","home","plain","ref"]}`, request: `}`}[m], string(got), "mode %d", m)
	}
}

// A field dto trims (dto:"trim") is checked once its surrounding whitespace
// is removed: the document keeps the rules the text holds as sent, its lower
// bounds, and names the others in the field's description, so that a value
// sent with spaces around it, which dto takes, is valid by the document too.
func TestTrimmedFields(t *testing.T) {
	type Trimmed struct {
		Email string   `json:"email" dto:"trim" validate:"required,email,max=100"`
		Name  *string  `json:"name"  dto:"trim" validate:"omitempty,min=2"`
		Tags  []string `json:"tags"  dto:"trim" validate:"max=3,dive,max=10"`
		Code  string   `json:"code"  validate:"len=4"`
	}
	got, err := json.Marshal(newRegistry().object(reflect.TypeFor[Trimmed](), request))
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"object","properties":{
		"email":{"type":"string","minLength":1,"pattern":"\\S",
			"description":"Surrounding whitespace is removed before it is checked against email, max=100."},
		"name":{"type":["string","null"],"minLength":2,"description":"Surrounding whitespace is removed before it is checked."},
		"tags":{"type":"array","maxItems":3,"items":{"type":"string"},
			"description":"Surrounding whitespace is removed before it is checked against max=10."},
		"code":{"type":"string","minLength":4,"maxLength":4}},
		"required":["email"]}`, string(got))

	email, _ := reflect.TypeFor[Trimmed]().FieldByName("Email")
	param, err := json.Marshal(fieldSchema(newRegistry(), email))
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"string","minLength":1,"pattern":"\\S",
		"description":"Surrounding whitespace is removed before it is checked against email, max=100."}`, string(param))
}
