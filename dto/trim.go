package dto

import (
	"fmt"
	"reflect"
	"strings"
)

// trimOption is the option of the dto tag that trims a text field: its
// surrounding whitespace is removed before its rules are checked, as DRF's
// CharField does with trim_whitespace.
const trimOption = "trim"

// trimsText reads the dto tag of sf, a field of form, and reports whether it
// asks for trimming. A tag that cannot work panics, saying why: an option
// other than trim, or trim on a field that does not hold text.
func trimsText(form reflect.Type, sf reflect.StructField) bool {
	tag, ok := sf.Tag.Lookup("dto")
	if !ok {
		return false
	}
	for opt := range strings.SplitSeq(tag, ",") {
		if opt != trimOption {
			panic(fmt.Sprintf("dto: %s.%s has dto:%q: %q is not an option (%s)", form, sf.Name, tag, opt, trimOption))
		}
	}
	if !holdsStrings(sf.Type) {
		panic(fmt.Sprintf("dto: %s.%s has dto:%q, but a %s is not text", form, sf.Name, tag, sf.Type))
	}
	return true
}

// holdsStrings reports whether t is a string, or a pointer to, or a list of,
// strings: what trimText trims.
func holdsStrings(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t.Kind() == reflect.String
}

// trimText removes the surrounding whitespace (Unicode's, as strings.TrimSpace
// knows it) of the strings v holds.
func trimText(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(strings.TrimSpace(v.String()))
	case reflect.Pointer:
		if !v.IsNil() {
			trimText(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			trimText(v.Index(i))
		}
	}
}

// trim trims the fields of form v tagged dto:"trim", once they are bound; in
// partial mode, only those the request sent, so that a stored value is kept
// as it is.
func (b *binding) trim(v reflect.Value) {
	for i := range b.p.fields {
		f := &b.p.fields[i]
		if f.trim && (b.partial == nil || b.partial[f.name]) {
			trimText(fieldAt(v, f.index))
		}
	}
}

// refuseNestedTrim panics if a struct type held by form (the types of ns
// other than form's own) has a field tagged dto: trimming applies to the
// fields of the form itself.
func refuseNestedTrim(form reflect.Type, ns nodes) {
	for t := range ns {
		if t == form {
			continue
		}
		for _, m := range members(t) {
			if tag, ok := m.sf.Tag.Lookup("dto"); ok {
				panic(fmt.Sprintf("dto: %s.%s has dto:%q, which applies only to the fields of the form itself (%s)",
					t, m.sf.Name, tag, form))
			}
		}
	}
}
