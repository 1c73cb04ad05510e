package dto

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-petra/petra/petra"
)

// bindJSON decodes a JSON body into form, and keeps the body to look up what it
// sent when a rule needs to know. The plan's decoder takes the body in one pass;
// when it declines, encoding/json decodes it and says what is wrong. A body that is not a JSON object is an error;
// a value that does not fit its field is a message on that field, every such
// value reported.
func (b *binding) bindJSON(form any) error {
	p, errs := b.p, &b.errs
	body, err := b.r.RawBody()
	if err != nil {
		return err
	}
	start := firstNonSpace(body)
	if start == len(body) {
		return nil // an empty body sends nothing: required says so
	}
	if p.decoder != nil {
		v := reflect.ValueOf(form).Elem()
		if sent, ok := p.decoder.decode(body, v); ok {
			b.json, b.sentTop, b.topKnown = body, sent, len(p.decoder.fields) <= maxTopKeys
			return nil
		}
		v.SetZero() // encoding/json starts again, and words what is wrong
	}
	if err := json.Unmarshal(body, form); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field == "":
			return errNotObject
		case errors.As(err, &typeErr):
			// encoding/json names only the first value that does not fit, without
			// its list indices: find them all.
			if !typeErrors(body, p.typ, "", 0, errs) {
				errs.wrongType(typeErr.Field, wrongTypeTemplate(typeErr))
			}
			if errs.full() {
				return errs.err // a body this wrong is not worth validating
			}
		default:
			if mj := petra.MalformedJSON(body, err); mj != nil {
				return mj
			}
			// A field's own UnmarshalJSON failed, and decoding stopped there: the
			// form is incomplete, so its errors are all there is to say.
			if typeErrors(body, p.typ, "", 0, errs) {
				return errs.err
			}
			return petra.BadRequest("The request body contains a value in the wrong format")
		}
	}
	if body[start] != '{' {
		return errNotObject // null
	}
	if err := checkText(body); err != nil {
		return err
	}
	b.json = body
	return nil
}

var errNotObject = petra.BadRequest("The request body must be a JSON object")

func firstNonSpace(b []byte) int {
	for i, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return i
		}
	}
	return len(b)
}

// checkText refuses a JSON body that is not UTF-8 or that holds a null
// character (\u0000), which encoding/json would accept, replacing the invalid
// bytes, and which databases such as PostgreSQL refuse with an error.
func checkText(body []byte) error {
	if !utf8.Valid(body) {
		return petra.BadRequest("The request body is not valid UTF-8")
	}
	for i := 0; ; {
		j := bytes.Index(body[i:], []byte(`\u0000`))
		if j < 0 {
			return nil
		}
		j += i
		// The escape is real when an even number of backslashes precede it.
		n := 0
		for k := j - 1; k >= 0 && body[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return petra.BadRequest("The request body must not contain null characters")
		}
		i = j + 1
	}
}

// maxTypeDepth bounds how deep typeErrors looks for the values that do not fit,
// since each level decodes its value again: past it, the error is reported on
// the value at that depth.
const maxTypeDepth = 32

var jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// typeErrors adds an error for every value of raw, valid JSON decoded into a t,
// that does not fit its field, keyed as the validator keys fields
// ("items[0].sku"), and reports whether it found one. It runs only when
// decoding failed, and decodes parts of raw again.
func typeErrors(raw []byte, t reflect.Type, key string, depth int, errs *fieldErrors) bool {
	if errs.full() {
		return true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pt := reflect.PointerTo(t)
	decodesItself := pt.Implements(jsonUnmarshalerType) || pt.Implements(textUnmarshalerType)
	if depth < maxTypeDepth && !decodesItself && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		switch t.Kind() {
		case reflect.Struct:
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) != nil {
				break // not an object: said below
			}
			found := false
			ms := members(t)
			for name, v := range obj {
				if m := lookupMember(ms, []byte(name)); m != nil {
					found = typeErrors(v, m.sf.Type, joinKey(key, m.wire), depth+1, errs) || found
				}
			}
			return found
		case reflect.Slice, reflect.Array:
			if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
				break // base64 text
			}
			var list []json.RawMessage
			if json.Unmarshal(raw, &list) != nil {
				break
			}
			found := false
			for i, v := range list {
				found = typeErrors(v, t.Elem(), key+"["+strconv.Itoa(i)+"]", depth+1, errs) || found
			}
			return found
		case reflect.Map:
			if t.Key().Kind() != reflect.String {
				break
			}
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) != nil {
				break
			}
			found := false
			for k, v := range obj {
				found = typeErrors(v, t.Elem(), key+"["+k+"]", depth+1, errs) || found
			}
			return found
		}
	}
	err := json.Unmarshal(raw, reflect.New(t).Interface())
	if err == nil {
		return false
	}
	if key == "" {
		return false // the body as a whole: not a field's fault
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		typeErr.Type = t // the field's type, not the innermost one
		errs.wrongType(key, wrongTypeTemplate(typeErr))
	} else {
		errs.wrongType(key, notValidTemplate)
	}
	return true
}

func joinKey(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// wrongTypeTemplate words a JSON value that does not fit its field: "The
// {field} must be an integer", "The {field} is out of range".
func wrongTypeTemplate(e *json.UnmarshalTypeError) string {
	if num, ok := strings.CutPrefix(e.Value, "number "); ok && isIntKind(e.Type) && !strings.ContainsAny(num, ".eE") {
		if strings.HasPrefix(num, "-") && jsonKind(e.Type) == notNaturalTemplate {
			return notNaturalTemplate
		}
		return outOfRangeTemplate
	}
	return jsonKind(e.Type)
}

func isIntKind(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// jsonKind returns the template of a value that is not of the JSON type t
// expects: "The {field} must be an integer".
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return notStringTemplate
	case reflect.Bool:
		return notBoolTemplate
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return notIntegerTemplate
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return notNaturalTemplate
	case reflect.Float32, reflect.Float64:
		return notNumberTemplate
	case reflect.Slice, reflect.Array:
		return notListTemplate
	case reflect.Struct, reflect.Map:
		return notObjectTemplate
	}
	return notValueTemplate
}
