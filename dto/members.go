package dto

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// member is a field of a struct as encoding/json sees it: the fields of an
// embedded struct without a JSON name are promoted into their parent, so that
// {"id": 1} fills Base.ID of a form that embeds Base.
type member struct {
	sf    reflect.StructField
	index []int  // from the struct it was listed for, through embedded structs
	json  string // its JSON key; "" for json:"-"
	wire  string // the name a client knows it by, that errors are keyed by
}

// members lists the fields of struct type t that a client can fill, outer fields
// first: an embedded field never hides one of its parent's, as in encoding/json.
func members(t reflect.Type) []member {
	return appendMembers(nil, t, nil, map[reflect.Type]bool{t: true})
}

func appendMembers(out []member, t reflect.Type, index []int, visiting map[reflect.Type]bool) []member {
	var embedded []int
	first := len(out)
	for i := range t.NumField() {
		sf := t.Field(i)
		if promotes(sf) {
			embedded = append(embedded, i)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		out = append(out, member{sf: sf, index: appendIndex(index, i), json: jsonName(sf), wire: wireName(sf)})
	}
	for _, i := range embedded {
		sf := t.Field(i)
		et := sf.Type
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if visiting[et] {
			continue
		}
		visiting[et] = true
		inner := appendMembers(nil, et, appendIndex(index, i), visiting)
		delete(visiting, et)
		for _, m := range inner {
			if !taken(out[first:], m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// promotes reports whether sf is an embedded struct whose fields JSON promotes:
// one without a JSON name, exported unless it is a struct held by value.
func promotes(sf reflect.StructField) bool {
	if !sf.Anonymous || tagName(sf, "json", "") != "" || sf.Tag.Get("json") == "-" {
		return false
	}
	t := sf.Type
	if t.Kind() == reflect.Pointer {
		if !sf.IsExported() {
			return false // encoding/json cannot allocate it
		}
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct
}

// checkEmbeds panics if struct type t, or a struct it embeds, embeds an
// unexported struct by pointer without a JSON name: encoding/json refuses to
// fill it, so a request that sends its fields could only fail.
func checkEmbeds(form, t reflect.Type, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.Anonymous || tagName(sf, "json", "") != "" || sf.Tag.Get("json") == "-" {
			continue
		}
		et := sf.Type
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
			if !sf.IsExported() && et.Kind() == reflect.Struct {
				panic(fmt.Sprintf("dto: %s embeds *%s, which encoding/json cannot fill: export the type, embed it by value or tag it json:\"-\"", form, et))
			}
		}
		if et.Kind() == reflect.Struct {
			checkEmbeds(form, et, seen)
		}
	}
}

// taken reports whether a member of ms already has m's name.
func taken(ms []member, m member) bool {
	for _, o := range ms {
		if o.wire == m.wire || (m.json != "" && o.json == m.json) {
			return true
		}
	}
	return false
}

func appendIndex(index []int, i int) []int {
	return append(index[:len(index):len(index)], i)
}

// lookupMember finds the member a JSON key fills, as encoding/json matches keys:
// exactly, else without regard to case.
func lookupMember(ms []member, key []byte) *member {
	for i := range ms {
		if ms[i].json != "" && string(key) == ms[i].json {
			return &ms[i]
		}
	}
	for i := range ms {
		if ms[i].json != "" && bytes.EqualFold(key, []byte(ms[i].json)) {
			return &ms[i]
		}
	}
	return nil
}

// hasEmbedded reports whether t, or a struct it holds, promotes the fields of an
// embedded struct; the validator's keys then name the embedded struct, and
// errorKey must drop it.
func hasEmbedded(t reflect.Type, seen map[reflect.Type]bool) bool {
	t = elemType(t)
	if t.Kind() != reflect.Struct || t == timeType || seen[t] {
		return false
	}
	seen[t] = true
	for i := range t.NumField() {
		sf := t.Field(i)
		if promotes(sf) || (sf.IsExported() && hasEmbedded(sf.Type, seen)) {
			return true
		}
	}
	return false
}

// elemType strips pointers, slices, arrays and maps from t: the type a
// validator key's segment names after its indices.
func elemType(t reflect.Type) reflect.Type {
	for {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		default:
			return t
		}
	}
}

// jsonName is the field's JSON key, "" for `json:"-"`.
func jsonName(sf reflect.StructField) string {
	return tagName(sf, "json", sf.Name)
}

// tagName is the name in tag key, def when the tag is absent or unnamed, and ""
// when it is "-".
func tagName(sf reflect.StructField, key, def string) string {
	tag, ok := sf.Tag.Lookup(key)
	if !ok {
		return def
	}
	name, _, _ := strings.Cut(tag, ",")
	switch name {
	case "-":
		return ""
	case "":
		return def
	}
	return name
}

// wireName is the name a client knows the field by: its JSON key, else its form,
// query or path name, else its Go name.
func wireName(sf reflect.StructField) string {
	for _, key := range []string{"json", "form", "query", "path"} {
		if name := tagName(sf, key, ""); name != "" {
			return name
		}
	}
	return sf.Name
}
