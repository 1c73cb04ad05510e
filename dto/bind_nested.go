package dto

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// bindNested fills nested fields from the keys of a form body that reach into
// them, as DRF's and Rails' nested parsers read them: address.city or
// address[city], items[0].sku or items[0][sku]. A list grows to the highest
// index sent, which may be at most the number of keys the body has, so that a
// small body cannot make a large list. Keys that name nothing are ignored, as
// the top-level binder ignores unknown names.
func (b *binding) bindNested(v reflect.Value, values map[string][]string) {
	for key, vals := range values {
		if len(vals) == 0 || !strings.ContainsAny(key, ".[") {
			continue
		}
		if segs, ok := splitFormKey(key); ok {
			b.bindPath(v, segs, vals, len(values))
		}
	}
}

// splitFormKey splits "items[0].sku" or "items[0][sku]" into its parts, or
// reports a key that is not spelt so.
func splitFormKey(key string) ([]string, bool) {
	var segs []string
	for key != "" {
		if key[0] == '[' {
			end := strings.IndexByte(key, ']')
			if end < 2 {
				return nil, false
			}
			segs = append(segs, key[1:end])
			key = key[end+1:]
			if strings.HasPrefix(key, ".") {
				key = key[1:]
				if key == "" || key[0] == '[' {
					return nil, false
				}
			}
			continue
		}
		end := strings.IndexAny(key, ".[")
		if end == 0 {
			return nil, false
		}
		if end < 0 {
			end = len(key)
		}
		segs = append(segs, key[:end])
		key = key[end:]
		if strings.HasPrefix(key, ".") {
			key = key[1:]
			if key == "" || key[0] == '.' || key[0] == '[' {
				return nil, false
			}
		}
	}
	return segs, len(segs) > 1
}

// bindPath stores vals in the field of form v that segs name, keying errors by
// wire names. maxIndex bounds list indices.
func (b *binding) bindPath(v reflect.Value, segs []string, vals []string, maxIndex int) {
	var key []byte
	for _, seg := range segs {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			if structOf(v.Type()) == nil {
				return // a time, or a type that reads itself from text
			}
			m := formMember(v.Type(), seg)
			if m == nil {
				return
			}
			v = fieldAt(v, m.index)
			if len(key) > 0 {
				key = append(key, '.')
			}
			key = append(key, m.wire...)
		case reflect.Slice, reflect.Array:
			i, err := strconv.Atoi(seg)
			if err != nil || listElem(v.Type()) == nil {
				return
			}
			if i < 0 || i >= maxIndex || (v.Kind() == reflect.Array && i >= v.Len()) {
				k := string(key)
				b.errs.wrongType(k, indexRangeTemplate)
				return
			}
			if v.Kind() == reflect.Slice && i >= v.Len() {
				growTo(v, i+1)
			}
			v = v.Index(i)
			key = strconv.AppendInt(append(key, '['), int64(i), 10)
			key = append(key, ']')
		default:
			return // more parts than the field has
		}
	}
	set, err := setterFor(v.Type())
	if err != nil || (v.Kind() == reflect.Slice && listElem(v.Type()) != nil) {
		return // a struct, a map, or a list: not one value
	}
	if !isText(v.Type()) && strings.TrimSpace(vals[0]) == "" {
		return // a blank number is not sent
	}
	if err := set(v, vals); err != nil {
		var te *typeError
		if errors.As(err, &te) {
			b.errs.wrongType(string(key), te.template)
		}
		return
	}
	if isScalar(v.Type()) {
		if b.nested == nil {
			b.nested = map[string]bool{}
		}
		b.nested[string(key)] = true
	}
}

// growTo lengthens slice v to n items, doubling its capacity when it must grow.
func growTo(v reflect.Value, n int) {
	if n <= v.Cap() {
		v.SetLen(n)
		return
	}
	grown := reflect.MakeSlice(v.Type(), n, max(n, 2*v.Cap()))
	reflect.Copy(grown, v)
	v.Set(grown)
}

// formMember finds the member of struct type t whose form name is name: its
// form tag, else its JSON name.
func formMember(t reflect.Type, name string) *member {
	ms := members(t)
	for i := range ms {
		if tagName(ms[i].sf, "form", ms[i].json) == name {
			return &ms[i]
		}
	}
	return nil
}
