package openapi

import (
	"encoding/json"
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
		{reflect.TypeFor[[]byte](), `{"type":"string","contentEncoding":"base64"}`},
		{reflect.TypeFor[json.RawMessage](), `{}`},
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
