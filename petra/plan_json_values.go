package petra

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"time"
	"unsafe"
)

// The plans of the kinds of values (see plan_json.go), each appending what
// encoding/json writes for the value at p.

func appendBool(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
	return strconv.AppendBool(dst, *(*bool)(p)), true
}

// intPlans and uintPlans are the plans of integers by size in bytes.
var (
	intPlans = map[uintptr]planFunc{
		1: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendInt(dst, int64(*(*int8)(p)), 10), true
		},
		2: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendInt(dst, int64(*(*int16)(p)), 10), true
		},
		4: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendInt(dst, int64(*(*int32)(p)), 10), true
		},
		8: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendInt(dst, *(*int64)(p), 10), true
		},
	}
	uintPlans = map[uintptr]planFunc{
		1: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendUint(dst, uint64(*(*uint8)(p)), 10), true
		},
		2: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendUint(dst, uint64(*(*uint16)(p)), 10), true
		},
		4: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendUint(dst, uint64(*(*uint32)(p)), 10), true
		},
		8: func(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
			return strconv.AppendUint(dst, *(*uint64)(p), 10), true
		},
	}
)

func appendFloat32(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
	return appendFloat(dst, float64(*(*float32)(p)), 32)
}

func appendFloat64(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
	return appendFloat(dst, *(*float64)(p), 64)
}

// appendFloat appends f of the given bits as encoding/json does: the
// shortest decimal that reads back as f, in exponent form below 1e-6 and
// from 1e21 on, with no leading zero in a negative exponent. false for a
// NaN or an infinity, which JSON cannot hold.
func appendFloat(dst []byte, f float64, bits int) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	dst = strconv.AppendFloat(dst, f, format, -1, bits)
	if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1] // e-07 → e-7
		dst = dst[:n-1]
	}
	return dst, true
}

func appendString(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
	return appendJSONString(dst, *(*string)(p)), true
}

// appendTime appends a time.Time as its MarshalJSON does, RFC 3339 with
// nanoseconds, quoted; false for the times MarshalJSON refuses: a year of
// other than four digits, a zone offset of 24 hours or more.
func appendTime(dst []byte, p unsafe.Pointer, _ int) ([]byte, bool) {
	start := len(dst) + 1
	dst = (*time.Time)(p).AppendFormat(append(dst, '"'), time.RFC3339Nano)
	s := dst[start:]
	if s[4] != '-' {
		return dst, false
	}
	if n := len(s); s[n-1] != 'Z' {
		if c := s[n-6]; '0' <= c && c <= '9' || (s[n-5]-'0')*10+s[n-4]-'0' >= 24 {
			return dst, false
		}
	}
	return append(dst, '"'), true
}

// pointerPlan returns the plans of pointer type t: null for nil, else what
// it points to. A method of the pointer's that encodes it is the pointed-to
// type's (or, with a pointer receiver, found by marshals on it): that type
// has no plan, unless it is time.Time, whose plan is its method's.
func (b *planBuilder) pointerPlan(t reflect.Type) (encode, encodeWord planFunc) {
	elem := b.plan(t.Elem())
	if elem == nil {
		return nil, nil
	}
	encodeWord = func(dst []byte, to unsafe.Pointer, depth int) ([]byte, bool) {
		if to == nil {
			return append(dst, "null"...), true
		}
		if depth >= maxPlanDepth {
			return dst, false
		}
		return elem.encode(dst, to, depth+1)
	}
	encode = func(dst []byte, p unsafe.Pointer, depth int) ([]byte, bool) {
		return encodeWord(dst, *(*unsafe.Pointer)(p), depth)
	}
	return encode, encodeWord
}

// interfacePlan returns the plan of interface type t: null for nil, else
// the value it holds by its own type's plan, or by encoding/json when that
// type has none.
func interfacePlan(t reflect.Type) planFunc {
	if t == anyType {
		return func(dst []byte, p unsafe.Pointer, depth int) ([]byte, bool) {
			return appendAny(dst, *(*any)(p), depth)
		}
	}
	return func(dst []byte, p unsafe.Pointer, depth int) ([]byte, bool) {
		var v any
		if iv := reflect.NewAt(t, p).Elem(); !iv.IsNil() {
			v = iv.Elem().Interface()
		}
		return appendAny(dst, v, depth)
	}
}

// appendAny appends v, the value of an interface, by its type's plan, or by
// encoding/json when that type has none.
func appendAny(dst []byte, v any, depth int) ([]byte, bool) {
	e := (*eface)(unsafe.Pointer(&v))
	if e.typ == nil {
		return append(dst, "null"...), true
	}
	if depth >= maxPlanDepth {
		return dst, false
	}
	if tp := planOf(e.typ, v); tp != nil {
		return tp.top(dst, e.data, depth+1)
	}
	return appendByEncodingJSON(dst, v)
}

// slicePlan returns the plan of slice type t: null for nil, else its
// elements in a list. A []byte, which encoding/json writes in base64, has
// none.
func (b *planBuilder) slicePlan(t reflect.Type) planFunc {
	if t.Elem().Kind() == reflect.Uint8 {
		return nil
	}
	elem := b.plan(t.Elem())
	if elem == nil {
		return nil
	}
	size := t.Elem().Size()
	return func(dst []byte, p unsafe.Pointer, depth int) ([]byte, bool) {
		s := (*struct {
			data     unsafe.Pointer
			len, cap int
		})(p)
		if s.data == nil {
			return append(dst, "null"...), true
		}
		if depth >= maxPlanDepth {
			return dst, false
		}
		dst = append(dst, '[')
		for i := range s.len {
			if i > 0 {
				dst = append(dst, ',')
			}
			var ok bool
			if dst, ok = elem.encode(dst, unsafe.Add(s.data, uintptr(i)*size), depth+1); !ok {
				return dst, false
			}
		}
		return append(dst, ']'), true
	}
}

// mapPlan returns the plans of map type t, with keys of a string type and
// values of type string or any: null for nil, else its entries, by key. Any
// other map has none.
func mapPlan(t reflect.Type) (encode, encodeWord planFunc) {
	if t.Key().Kind() != reflect.String || marshals(t) {
		return nil, nil
	}
	switch t.Elem() {
	case stringType:
		encodeWord = func(dst []byte, m unsafe.Pointer, _ int) ([]byte, bool) {
			return appendStringMap(dst, *(*map[string]string)(unsafe.Pointer(&m))), true
		}
	case anyType:
		encodeWord = func(dst []byte, m unsafe.Pointer, depth int) ([]byte, bool) {
			return appendAnyMap(dst, *(*map[string]any)(unsafe.Pointer(&m)), depth)
		}
	default:
		return nil, nil
	}
	encode = func(dst []byte, p unsafe.Pointer, depth int) ([]byte, bool) {
		return encodeWord(dst, *(*unsafe.Pointer)(p), depth)
	}
	return encode, encodeWord
}

// appendAnyMap appends m, its entries by key, each value by its type's plan.
func appendAnyMap(dst []byte, m map[string]any, depth int) ([]byte, bool) {
	if m == nil {
		return append(dst, "null"...), true
	}
	if depth >= maxPlanDepth {
		return dst, false
	}
	var room [16]string
	dst = append(dst, '{')
	for i, k := range sortedKeys(m, room[:0]) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(appendJSONString(dst, k), ':')
		var ok bool
		if dst, ok = appendAny(dst, m[k], depth+1); !ok {
			return dst, false
		}
	}
	return append(dst, '}'), true
}

// appendByEncodingJSON appends v as encoding/json encodes it without HTML
// escaping; false when it cannot.
func appendByEncodingJSON(dst []byte, v any) ([]byte, bool) {
	out := bytesWriter{dst}
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return dst, false
	}
	return out.b[:len(out.b)-1], true // without Encode's newline
}

// bytesWriter appends what is written to it to b.
type bytesWriter struct{ b []byte }

func (w *bytesWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
