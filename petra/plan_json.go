package petra

import (
	"encoding"
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unsafe"
)

// A view's answer is encoded by a plan made once for its type.
//
// encoding/json finds the encoder of a value's type in a sync.Map on every
// call and walks the value through reflect.Value. petra makes a plan the
// first time it answers with a type and from then on appends a value's JSON
// by following the plan over the value's memory: the bytes encoding/json
// writes without HTML escaping, in a fraction of the instructions and of the
// code (which is what keeps a small request's code in the processor's
// instruction cache).
//
// A plan covers the shapes views answer with: structs of booleans, numbers,
// strings and times, pointers and slices of them, maps of strings or of
// anything with string keys, and interface values holding any of these. A
// type whose encoding has a rule of its own that a plan does not follow (a
// MarshalJSON or MarshalText method, a struct embedded by pointer, the
// ",string" option, two fields of one name, an IsZero method under omitzero, []byte,
// arrays, other maps, json.Number, channels, functions, complex numbers)
// gets no plan, and encoding/json answers, as it always did. So does a
// value a plan gives up on: a NaN or infinite float, a time.Time that
// MarshalJSON refuses, data nested more than maxPlanDepth deep (as a cycle
// is): encoding/json encodes it again from the start, and answers its error
// where it has one. An interface value whose dynamic type has no plan is
// encoded by encoding/json in place. FuzzPlannedJSON holds the plans to
// encoding/json's bytes.

// planFunc appends the JSON of the value at p to dst, depth levels down;
// false when it gives up (see above), dst then to be discarded.
type planFunc func(dst []byte, p unsafe.Pointer, depth int) ([]byte, bool)

// typePlan is how the values of one type are encoded.
type typePlan struct {
	encode planFunc
	// encodeWord, for a pointer or a map, encodes the value given as the
	// value itself rather than its address: an interface holds such a value
	// in its data word.
	encodeWord planFunc
}

// maxPlanDepth is how deep a plan follows pointers, interfaces, slices and
// maps before it leaves the value to encoding/json, which detects cycles
// from that depth on.
const maxPlanDepth = 1000

// maxPlans bounds the plans kept: past it (a program making types with
// reflect), a new type is answered by encoding/json.
const maxPlans = 4096

// plans holds a plan, or nil for none, by type (the type word of an
// interface), copied on write: reading it takes no lock.
var plans struct {
	mu     sync.Mutex
	byType atomic.Pointer[map[unsafe.Pointer]*typePlan]
}

// eface is how Go holds a value of type any: its type and a data word.
type eface struct {
	typ, data unsafe.Pointer
}

// appendPlanned appends the JSON of v to dst by its type's plan. ok is
// false, dst as it was, when the type has no plan or the plan gave up on v:
// encoding/json answers then.
func appendPlanned(dst []byte, v any) (_ []byte, ok bool) {
	e := (*eface)(unsafe.Pointer(&v))
	if e.typ == nil {
		return append(dst, "null"...), true
	}
	tp := planOf(e.typ, v)
	if tp == nil {
		return dst, false
	}
	out, ok := tp.top(dst, e.data, 0)
	if !ok {
		return dst, false
	}
	return out, true
}

// top appends the value an interface holds, given its data word: the
// value's address, or the value itself for a pointer or a map.
func (tp *typePlan) top(dst []byte, word unsafe.Pointer, depth int) ([]byte, bool) {
	if tp.encodeWord != nil {
		return tp.encodeWord(dst, word, depth)
	}
	return tp.encode(dst, word, depth)
}

// planOf returns the plan of the type whose type word is typ, v being a
// value of it; nil for none.
func planOf(typ unsafe.Pointer, v any) *typePlan {
	if m := plans.byType.Load(); m != nil {
		if tp, ok := (*m)[typ]; ok {
			return tp
		}
	}
	plans.mu.Lock()
	defer plans.mu.Unlock()
	m := map[unsafe.Pointer]*typePlan{}
	if old := plans.byType.Load(); old != nil {
		if tp, ok := (*old)[typ]; ok {
			return tp
		}
		if len(*old) >= maxPlans {
			return nil
		}
		m = maps.Clone(*old)
	}
	tp := topPlan(reflect.TypeOf(v))
	m[typ] = tp
	plans.byType.Store(&m)
	return tp
}

// topPlan makes the plan of t as the dynamic type of an interface value;
// nil when t has none.
func topPlan(t reflect.Type) *typePlan {
	b := planBuilder{plans: map[reflect.Type]*typePlan{}}
	tp := b.plan(t)
	if tp == nil || b.failed {
		return nil
	}
	if tp.encodeWord == nil && wordSized(t) {
		return nil // a struct or array held in the word itself: rare, left to encoding/json
	}
	return tp
}

// wordSized reports whether an interface holds a value of t in its data
// word rather than by address: a struct of one such field or an array of
// one such element, besides pointers, maps, channels and functions.
func wordSized(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return t.Len() == 1 && wordSized(t.Elem())
	case reflect.Struct:
		return t.NumField() == 1 && wordSized(t.Field(0).Type)
	}
	return false
}

// planBuilder makes the plans of one type and of the types it holds. A type
// being made is in plans before its plan is done, so that a recursive type
// refers to its own plan.
type planBuilder struct {
	plans  map[reflect.Type]*typePlan
	failed bool // a type met has no plan: neither has the one asked for
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	zeroer        = reflect.TypeFor[interface{ IsZero() bool }]()
	timeType      = reflect.TypeFor[time.Time]()
	numberType    = reflect.TypeFor[json.Number]()
	anyType       = reflect.TypeFor[any]()
	stringType    = reflect.TypeFor[string]()
)

// plan returns the plan of t, nil (and b.failed) when it has none.
func (b *planBuilder) plan(t reflect.Type) *typePlan {
	if tp, ok := b.plans[t]; ok {
		return tp
	}
	tp := &typePlan{}
	b.plans[t] = tp
	if tp.encode, tp.encodeWord = b.build(t); tp.encode == nil {
		b.failed = true
		return nil
	}
	return tp
}

// build returns the functions that encode a value of t (see typePlan), nil
// when t has no plan.
func (b *planBuilder) build(t reflect.Type) (encode, encodeWord planFunc) {
	switch t.Kind() {
	case reflect.Pointer:
		return b.pointerPlan(t)
	case reflect.Map:
		return mapPlan(t)
	}
	return b.valuePlan(t), nil
}

// valuePlan returns the function that encodes a value of t, neither a
// pointer nor a map, nil when t has no plan.
func (b *planBuilder) valuePlan(t reflect.Type) planFunc {
	switch {
	case t == timeType:
		return appendTime
	case t == numberType, marshals(t):
		return nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return appendBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intPlans[t.Size()]
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintPlans[t.Size()]
	case reflect.Float32:
		return appendFloat32
	case reflect.Float64:
		return appendFloat64
	case reflect.String:
		return appendString
	case reflect.Interface:
		return interfacePlan(t)
	case reflect.Slice:
		return b.slicePlan(t)
	case reflect.Struct:
		return b.structPlan(t)
	}
	return nil
}

// marshals reports whether t or *t encodes itself, by MarshalJSON or
// MarshalText.
func marshals(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		pt.Implements(jsonMarshaler) || pt.Implements(textMarshaler)
}

// planField is a struct field as its struct's plan encodes it.
type planField struct {
	key    string // `,"name":`
	offset uintptr
	plan   *typePlan
	omit   func(p unsafe.Pointer) bool // nil: never omitted
}

// structPlan returns the plan of struct type t: its exported fields, in
// order, under the names encoding/json gives them, the fields of an embedded
// struct in its place.
func (b *planBuilder) structPlan(t reflect.Type) planFunc {
	var fields []planField
	if !b.structFields(t, 0, map[string]bool{}, &fields) {
		return nil
	}
	return func(dst []byte, p unsafe.Pointer, depth int) ([]byte, bool) {
		dst = append(dst, '{')
		first := len(dst)
		for i := range fields {
			f := &fields[i]
			at := unsafe.Add(p, f.offset)
			if f.omit != nil && f.omit(at) {
				continue
			}
			key := f.key
			if len(dst) == first {
				key = key[1:]
			}
			dst = append(dst, key...)
			var ok bool
			if dst, ok = f.plan.encode(dst, at, depth); !ok {
				return dst, false
			}
		}
		return append(dst, '}'), true
	}
}

// structFields appends to fields those of struct type t, which lies offset
// bytes into the value encoded, and the fields of the structs it embeds by
// value, in encoding/json's order, which is their order in the source. It
// reports false when the plan cannot follow encoding/json: a field under a
// name another field has (encoding/json then picks one by depth and tags, or
// none), the ",string" option, a struct embedded by pointer, a field type
// without a plan.
func (b *planBuilder) structFields(t reflect.Type, offset uintptr, names map[string]bool, fields *[]planField) bool {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch {
			case ft.Kind() != reflect.Struct:
				if !sf.IsExported() {
					continue // encoding/json ignores an unexported embedded type that is no struct
				}
			case validTagName(name):
				// a named field, not flattened
			case sf.Type.Kind() == reflect.Pointer:
				return false // flattened only while the pointer is not nil
			default:
				if !b.structFields(ft, offset+sf.Offset, names, fields) {
					return false
				}
				continue
			}
		} else if !sf.IsExported() {
			continue
		}
		if !validTagName(name) {
			name = sf.Name
		}
		omitEmpty, omitZero, quoted := tagOptions(opts)
		if quoted || names[name] {
			return false
		}
		names[name] = true
		fp := b.plan(sf.Type)
		if fp == nil {
			return false
		}
		omit, ok := omitter(sf.Type, omitEmpty, omitZero)
		if !ok {
			return false
		}
		*fields = append(*fields, planField{
			key:    "," + string(appendJSONString(nil, name)) + ":",
			offset: offset + sf.Offset,
			plan:   fp,
			omit:   omit,
		})
	}
	return true
}

// tagOptions reads the options of a json tag, after its name.
func tagOptions(opts string) (omitEmpty, omitZero, quoted bool) {
	for opts != "" {
		var opt string
		opt, opts, _ = strings.Cut(opts, ",")
		switch opt {
		case "omitempty":
			omitEmpty = true
		case "omitzero":
			omitZero = true
		case "string":
			quoted = true
		}
	}
	return omitEmpty, omitZero, quoted
}

// validTagName reports whether encoding/json takes name from a tag: letters,
// digits and a set of punctuation; otherwise it uses the field's name.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// omitter returns what tells that a field of type t is left out under
// omitempty and omitzero, nil when it never is; false when the plan cannot
// tell as encoding/json does (a type with an IsZero method of its own,
// under omitzero).
func omitter(t reflect.Type, omitEmpty, omitZero bool) (func(unsafe.Pointer) bool, bool) {
	var zero func(unsafe.Pointer) bool
	if omitZero {
		switch {
		case t == timeType:
			zero = func(p unsafe.Pointer) bool { return (*time.Time)(p).IsZero() }
		case t.Implements(zeroer) || reflect.PointerTo(t).Implements(zeroer):
			return nil, false
		default:
			zero = func(p unsafe.Pointer) bool { return reflect.NewAt(t, p).Elem().IsZero() }
		}
	}
	var empty func(unsafe.Pointer) bool
	if omitEmpty && t.Kind() != reflect.Struct { // a struct is never empty
		empty = emptiness(t)
	}
	switch {
	case zero == nil:
		return empty, true
	case empty == nil:
		return zero, true
	}
	return func(p unsafe.Pointer) bool { return empty(p) || zero(p) }, true
}

// emptiness returns what tells that a value of t is empty as omitempty
// means it: false, 0, a nil pointer or interface, no elements.
func emptiness(t reflect.Type) func(unsafe.Pointer) bool {
	switch {
	case t.Kind() == reflect.String:
		return func(p unsafe.Pointer) bool { return len(*(*string)(p)) == 0 }
	case t.Kind() == reflect.Pointer:
		return func(p unsafe.Pointer) bool { return *(*unsafe.Pointer)(p) == nil }
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		return func(p unsafe.Pointer) bool { return *(*any)(p) == nil }
	}
	return func(p unsafe.Pointer) bool {
		v := reflect.NewAt(t, p).Elem()
		switch v.Kind() {
		case reflect.Array, reflect.Map, reflect.Slice:
			return v.Len() == 0
		case reflect.Interface:
			return v.IsNil()
		}
		if v.CanFloat() {
			return v.Float() == 0 // -0 too, unlike IsZero
		}
		return v.IsZero() // false, or a number 0
	}
}
