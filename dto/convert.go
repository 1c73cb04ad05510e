package dto

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// setter stores the text values of one field, received from a form, the query
// string or the path, into the field. It is chosen once per field type.
type setter func(dst reflect.Value, values []string) error

// typeError is a value that does not fit its field; template words it: "The
// {field} must be an integer".
type typeError struct{ template string }

func (e *typeError) Error() string { return "dto: value does not fit: " + e.template }

var (
	errNotValid      = &typeError{notValidTemplate}
	errNotInteger    = &typeError{notIntegerTemplate}
	errNotNatural    = &typeError{notNaturalTemplate}
	errNotNumber     = &typeError{notNumberTemplate}
	errNotBool       = &typeError{notBoolTemplate}
	errNotUTF8       = &typeError{notUTF8Template}
	errNullCharacter = &typeError{nullCharTemplate}
)

// checkString refuses text that is not UTF-8 or holds a null character, which
// databases such as PostgreSQL refuse with an error.
func checkString(s string) error {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return errNullCharacter
	case !utf8.ValidString(s):
		return errNotUTF8
	}
	return nil
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// setterFor returns the setter of type t, or an error naming t when no text
// value can be stored in it.
func setterFor(t reflect.Type) (setter, error) {
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return func(dst reflect.Value, values []string) error {
			if err := dst.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(values[0])); err != nil {
				return errNotValid
			}
			return nil
		}, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem, err := setterFor(t.Elem())
		if err != nil {
			return nil, err
		}
		return func(dst reflect.Value, values []string) error {
			v := reflect.New(t.Elem())
			if err := elem(v.Elem(), values); err != nil {
				return err
			}
			dst.Set(v)
			return nil
		}, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // []byte takes the text as is
			return func(dst reflect.Value, values []string) error {
				dst.SetBytes([]byte(values[0]))
				return nil
			}, nil
		}
		elem, err := setterFor(t.Elem())
		if err != nil {
			return nil, err
		}
		return func(dst reflect.Value, values []string) error {
			s := reflect.MakeSlice(t, len(values), len(values))
			for i := range values {
				if err := elem(s.Index(i), values[i:i+1]); err != nil {
					return err
				}
			}
			dst.Set(s)
			return nil
		}, nil
	case reflect.String:
		return func(dst reflect.Value, values []string) error {
			if err := checkString(values[0]); err != nil {
				return err
			}
			dst.SetString(values[0])
			return nil
		}, nil
	case reflect.Bool:
		return func(dst reflect.Value, values []string) error {
			b, ok := parseBool(values[0])
			if !ok {
				return errNotBool
			}
			dst.SetBool(b)
			return nil
		}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(dst reflect.Value, values []string) error {
			n, err := strconv.ParseInt(strings.TrimSpace(values[0]), 10, t.Bits())
			if err != nil {
				return errNotInteger
			}
			dst.SetInt(n)
			return nil
		}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(dst reflect.Value, values []string) error {
			n, err := strconv.ParseUint(strings.TrimSpace(values[0]), 10, t.Bits())
			if err != nil {
				return errNotNatural
			}
			dst.SetUint(n)
			return nil
		}, nil
	case reflect.Float32, reflect.Float64:
		return func(dst reflect.Value, values []string) error {
			f, err := strconv.ParseFloat(strings.TrimSpace(values[0]), t.Bits())
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) { // "NaN" and "Inf" parse, but are not numbers JSON can answer
				return errNotNumber
			}
			dst.SetFloat(f)
			return nil
		}, nil
	}
	return nil, fmt.Errorf("dto: a %s cannot be read from text", t)
}

// parseBool accepts what HTML forms and query strings send for booleans.
func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "on", "yes", "y":
		return true, true
	case "0", "f", "false", "off", "no", "n":
		return false, true
	}
	return false, false
}
