package dto

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode"
)

// A decoder fills a value of one type from JSON in a single pass over the body,
// which it checks as it goes: JSON syntax, UTF-8 text and no \u0000, which
// encoding/json takes two passes of its own for and checkText two more. It fills the value exactly as encoding/json does (keys matched exactly,
// else without regard to case; the last of duplicate keys wins; null leaves a
// value as it is and clears a pointer or a list; a list's items decoded into
// those a duplicate key left), and it declines whatever it is not sure of: a
// value of the wrong type, a number out of range, anything encoding/json would
// refuse or the binder would. The binder then starts again from a zero form
// with encoding/json, whose errors it words, so a decline costs time, never a
// different answer.
//
// The types it knows are strings, booleans, numbers, pointers to them, lists
// of them and structs of them without embedded fields; a value of any other
// type (a map, a time, a type with its own UnmarshalJSON) is handed, whole, to
// encoding/json.
type decoder struct {
	kind   decodeKind
	typ    reflect.Type
	elem   *decoder      // decodePointer and decodeSlice: what they hold
	fields []decodeField // decodeStruct: its JSON keys
}

type decodeKind uint8

const (
	decodeOther decodeKind = iota // encoding/json decodes the value
	decodeString
	decodeBool
	decodeInt
	decodeUint
	decodeFloat
	decodePointer
	decodeSlice
	decodeStruct
)

// decodeField is one JSON key of a struct.
type decodeField struct {
	name   string // matched exactly first, then without regard to case
	wire   string // the key errors and presence know the field by
	index  int
	dec    *decoder
	scalar bool // a number or boolean: its presence is recorded at the top
}

var jsonNumberType = reflect.TypeFor[json.Number]()

// maxDecodeDepth bounds how deeply nested a body the decoder takes; a deeper
// one, up to encoding/json's own bound, is left to encoding/json.
const maxDecodeDepth = 256

// formDecoder returns the decoder of form type t, or nil when encoding/json
// must decode the form as a whole.
func formDecoder(t reflect.Type) *decoder {
	d := decoders{}.of(t)
	if d.kind != decodeStruct {
		return nil
	}
	return d
}

// decoders builds the decoders of a form's types, once each, so that a
// recursive type's decoder points back to itself.
type decoders map[reflect.Type]*decoder

func (ds decoders) of(t reflect.Type) *decoder {
	if d := ds[t]; d != nil {
		return d
	}
	d := &decoder{typ: t}
	ds[t] = d
	pt := reflect.PointerTo(t)
	if pt.Implements(jsonUnmarshalerType) || pt.Implements(textUnmarshalerType) || t == jsonNumberType {
		return d
	}
	switch t.Kind() {
	case reflect.String:
		d.kind = decodeString
	case reflect.Bool:
		d.kind = decodeBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		d.kind = decodeInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		d.kind = decodeUint
	case reflect.Float32, reflect.Float64:
		d.kind = decodeFloat
	case reflect.Pointer:
		if elem := ds.of(t.Elem()); elem.kind != decodeOther && elem.kind != decodePointer {
			d.kind, d.elem = decodePointer, elem
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			break // base64 text
		}
		if elem := ds.of(t.Elem()); elem.kind != decodeOther {
			d.kind, d.elem = decodeSlice, elem
		}
	case reflect.Struct:
		if fields, ok := ds.fieldsOf(t); ok {
			d.kind, d.fields = decodeStruct, fields
		}
	}
	return d
}

// fieldsOf returns the JSON keys of struct type t as encoding/json finds them,
// or false for a struct whose keys it finds by rules the decoder does not
// follow: embedded fields, ",string" and names encoding/json does not take.
func (ds decoders) fieldsOf(t reflect.Type) ([]decodeField, bool) {
	var fields []decodeField
	seen := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			return nil, false
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		for opt := range strings.SplitSeq(opts, ",") {
			if opt == "string" {
				return nil, false
			}
		}
		if name != "" && !validKeyName(name) {
			return nil, false
		}
		if name == "" {
			name = sf.Name
		}
		seen[name] = true
		fields = append(fields, decodeField{name: name, wire: wireName(sf), index: i, scalar: isScalar(sf.Type)})
	}
	if len(seen) != len(fields) {
		return nil, false // two fields of one name: encoding/json's dominance rules decide
	}
	for i := range fields {
		fields[i].dec = ds.of(t.Field(fields[i].index).Type)
	}
	return fields, true
}

// validKeyName reports whether encoding/json takes name from a json tag: letters,
// digits and punctuation other than quotes, backslash and comma.
func validKeyName(name string) bool {
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) {
			return false
		}
	}
	return true
}

// decode fills v, the addressable value of d's type, from data, a whole body,
// and reports whether it could. When it could not, v may be partly filled. It
// also returns which numbers and booleans of the top-level object were sent
// with a value (not null), by their position in d.fields, for the first
// maxTopKeys of them.
func (d *decoder) decode(data []byte, v reflect.Value) (sent uint64, ok bool) {
	s := decodeState{data: data}
	s.space()
	if s.peek() != '{' || !s.value(d, v) {
		return 0, false
	}
	s.space()
	return s.sent, s.i == len(s.data)
}

// maxTopKeys is how many top-level keys decode records the presence of.
const maxTopKeys = 64

// decodeState is the position of a decode in its body.
type decodeState struct {
	data    []byte
	i       int
	depth   int
	sent    uint64   // what decode returns
	scratch [64]byte // room for unescaped keys and text
}

func (s *decodeState) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

func (s *decodeState) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// value decodes the value at s.i into v, as d describes.
func (s *decodeState) value(d *decoder, v reflect.Value) bool {
	if s.peek() == 'n' && d.kind != decodeOther {
		if !s.literal("null") {
			return false
		}
		if d.kind == decodePointer || d.kind == decodeSlice {
			v.SetZero()
		}
		return true
	}
	switch d.kind {
	case decodeString:
		text, ok := s.text()
		if ok {
			v.SetString(text)
		}
		return ok
	case decodeBool:
		switch s.peek() {
		case 't':
			v.SetBool(true)
			return s.literal("true")
		case 'f':
			v.SetBool(false)
			return s.literal("false")
		}
		return false
	case decodeInt:
		num, ok := s.number()
		if !ok {
			return false
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil || v.OverflowInt(n) {
			return false
		}
		v.SetInt(n)
		return true
	case decodeUint:
		num, ok := s.number()
		if !ok {
			return false
		}
		n, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil || v.OverflowUint(n) {
			return false
		}
		v.SetUint(n)
		return true
	case decodeFloat:
		num, ok := s.number()
		if !ok {
			return false
		}
		f, err := strconv.ParseFloat(string(num), v.Type().Bits())
		if err != nil || v.OverflowFloat(f) {
			return false
		}
		v.SetFloat(f)
		return true
	case decodePointer:
		if v.IsNil() {
			v.Set(reflect.New(d.typ.Elem()))
		}
		return s.value(d.elem, v.Elem())
	case decodeSlice:
		return s.list(d, v)
	case decodeStruct:
		return s.object(d, v)
	}
	start := s.i
	if !s.skip() {
		return false
	}
	return json.Unmarshal(s.data[start:s.i], v.Addr().Interface()) == nil
}

// object decodes the object at s.i into v, a struct.
func (s *decodeState) object(d *decoder, v reflect.Value) bool {
	return s.container('{', '}', func() bool {
		key, ok := s.key()
		if !ok || !s.colon() {
			return false
		}
		i := d.field(key)
		if i < 0 {
			return s.skip()
		}
		f := &d.fields[i]
		if s.depth == 1 && f.scalar {
			s.record(i)
		}
		return s.value(f.dec, v.Field(f.index))
	})
}

// record notes whether the top-level number or boolean at position i of its
// decoder, whose value is at s.i, was sent: null is not sent. The last of
// duplicate keys decides.
func (s *decodeState) record(i int) {
	if i >= maxTopKeys {
		return
	}
	if s.peek() == 'n' {
		s.sent &^= 1 << i
	} else {
		s.sent |= 1 << i
	}
}

// list decodes the array at s.i into v, a slice, reusing the items a
// duplicate key left, as encoding/json does.
func (s *decodeState) list(d *decoder, v reflect.Value) bool {
	n := 0
	ok := s.container('[', ']', func() bool {
		if n >= v.Cap() {
			v.Grow(1)
		}
		if n >= v.Len() {
			v.SetLen(n + 1)
		}
		n++
		return s.value(d.elem, v.Index(n-1))
	})
	if !ok {
		return false
	}
	if n < v.Len() {
		v.SetLen(n)
	}
	if n == 0 {
		v.Set(reflect.MakeSlice(d.typ, 0, 0))
	}
	return true
}

// container walks the array or object that opens with open at s.i: each
// reads one item or member, from its first byte; container checks the
// commas between them, the closing byte and the depth.
func (s *decodeState) container(open, closing byte, each func() bool) bool {
	if s.peek() != open || !s.enter() {
		return false
	}
	s.i++
	s.space()
	if s.peek() == closing {
		s.i++
		s.depth--
		return true
	}
	for {
		if !each() || !s.next(closing) {
			return false
		}
		if s.data[s.i-1] == closing {
			s.depth--
			return true
		}
		s.space()
	}
}

// colon moves past the colon after a member's key, and the space around it.
func (s *decodeState) colon() bool {
	s.space()
	if s.peek() != ':' {
		return false
	}
	s.i++
	s.space()
	return true
}

// next moves past the comma or the closing byte after a member or an item.
func (s *decodeState) next(closing byte) bool {
	s.space()
	switch s.peek() {
	case ',', closing:
		s.i++
		return true
	}
	return false
}

// enter counts one more level of nesting, refusing one too many.
func (s *decodeState) enter() bool {
	s.depth++
	return s.depth <= maxDecodeDepth
}

// field returns the position of the struct's field that key fills, or -1.
func (d *decoder) field(key []byte) int {
	for i := range d.fields {
		if d.fields[i].name == string(key) {
			return i
		}
	}
	for i := range d.fields {
		if bytes.EqualFold(key, []byte(d.fields[i].name)) {
			return i
		}
	}
	return -1
}
