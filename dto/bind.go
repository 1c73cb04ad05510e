package dto

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"unsafe"

	"github.com/go-petra/petra/petra"
)

// fieldErrors collects field messages, allocating only when there is one.
type fieldErrors struct {
	r    *petra.Request // whose language messages are worded in
	err  *petra.ValidationError
	skip map[string]bool // fields already wrong in type, with what they hold
	room []string        // the first messages of the first fields, allocated with err
}

// errorsWithRoom is a ValidationError allocated with room for the first
// message of a few fields: the handful a wrong form usually has costs one
// allocation, not one more per field.
type errorsWithRoom struct {
	err  petra.ValidationError
	room [4]string
}

// maxFieldErrors is how many fields an answer lists at most, so that a body of
// many small wrong values cannot make a much larger answer; past it, further
// fields are left out and values that do not fit are no longer looked for.
const maxFieldErrors = 100

func (e *fieldErrors) add(key, msg string) {
	if e.err == nil {
		w := &errorsWithRoom{err: petra.ValidationError{Fields: map[string][]string{}}}
		e.err, e.room = &w.err, w.room[:0]
	}
	if e.full() && !e.err.Has(key) {
		return
	}
	if e.err.Has(key) || len(e.room) == cap(e.room) {
		e.err.Add(key, msg)
		return
	}
	e.room = append(e.room, msg)
	n := len(e.room)
	e.err.Fields[key] = e.room[n-1 : n : n] // a second message copies it out
}

// full reports whether errs lists as many fields as an answer may.
func (e *fieldErrors) full() bool { return e.err != nil && len(e.err.Fields) >= maxFieldErrors }

// wrongType records that the value of key does not fit its field, worded from
// tmpl ("The {field} must be an integer"): its rules are not checked, nor those
// of what it holds, since one message is enough.
func (e *fieldErrors) wrongType(key, tmpl string) {
	if e.skip[key] {
		return
	}
	e.add(key, e.word(tmpl, key))
	if e.skip == nil {
		e.skip = map[string]bool{}
	}
	e.skip[key] = true
}

// skipped reports whether key, or a field that holds it, was wrong in type.
func (e *fieldErrors) skipped(key string) bool {
	if e.skip == nil {
		return false
	}
	for {
		if e.skip[key] {
			return true
		}
		i := strings.LastIndexAny(key, ".[")
		if i <= 0 {
			return false
		}
		key = key[:i]
	}
}

func (e *fieldErrors) has(key string) bool { return e.err != nil && e.err.Has(key) }

// hasUnder reports whether key or a key it holds (key.x, key[0]) has a message.
func (e *fieldErrors) hasUnder(key string) bool {
	if e.err == nil {
		return false
	}
	for k := range e.err.Fields {
		if k == key || (strings.HasPrefix(k, key) && (k[len(key)] == '.' || k[len(key)] == '[')) {
			return true
		}
	}
	return false
}

// binding is the state of binding one request. It lives on the stack of
// plan.bind; what a body sent is looked up in the body itself, and only when a
// rule needs to know.
type binding struct {
	p      *plan
	r      *petra.Request
	rules  *ruleSet // the app's
	errs   fieldErrors
	json   []byte              // the JSON body the form was decoded from
	values map[string][]string // the form body's values, or the query string a GET binds
	nested map[string]bool     // keys of the nested numbers a form body filled
	sent   map[string]bool     // keys of the numbers the JSON body sent, found on first need
	dep    unsafe.Pointer      // the dependency of the clean hooks (see With)
	// partial holds, in partial mode, the wire names of the top-level fields
	// the request sent (see Partial); it is nil otherwise.
	partial map[string]bool
	// sentTop holds the top-level numbers the one-pass decode found sent, by
	// their position in the plan's decoder, when topKnown.
	sentTop  uint64
	topKnown bool
}

// bind fills form, a pointer to the plan's type, from r and checks it: the query
// string for GET, HEAD and DELETE, whose body is not read, else the body (JSON,
// urlencoded or multipart), then the fields tagged query, then those tagged
// path, so the path has the last word. It returns a *petra.ValidationError
// listing every field at fault, or the error that stopped reading the body.
func (p *plan) bind(r *petra.Request, form any, dep unsafe.Pointer) error {
	v := reflect.ValueOf(form).Elem()
	b := binding{p: p, r: r, dep: dep, rules: rulesOf(r), errs: fieldErrors{r: r}}
	if bindsQuery(r.Method) {
		b.values = r.QueryValues()
		b.bindValues(v, b.values, nil, formName)
	} else if hasBody(r) {
		if err := b.bindBody(form, v); err != nil {
			return err
		}
	}
	return b.finish(form, v)
}

// bindsQuery reports whether a form of a request of method comes from its
// query string: GET and HEAD, whose content has no defined meaning (RFC 9110
// §9.3.1), and DELETE, whose content has none either (§9.3.5) and which petra's
// OpenAPI documents with its form in the query string, as it does a GET's.
func bindsQuery(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodDelete
}

// finish binds the fields tagged query, then those tagged path, so the path has
// the last word, trims the fields tagged dto:"trim", and validates form.
func (b *binding) finish(form any, v reflect.Value) error {
	p, r := b.p, b.r
	if p.hasQuery {
		b.bindValues(v, r.QueryValues(), nil, queryName)
	}
	if p.hasPath {
		for i := range p.fields {
			f := &p.fields[i]
			if f.path == "" {
				continue
			}
			if s := r.PathParam(f.path); s != "" {
				if f.set(fieldAt(v, f.index), []string{s}) != nil {
					return petra.ErrNotFound // the path names no resource
				}
			}
		}
	}
	if p.trims {
		b.trim(v)
	}
	if err := b.validate(form); err != nil {
		return err
	}
	if b.errs.err != nil {
		return b.errs.err
	}
	return nil
}

func formName(f *field) string  { return f.form }
func queryName(f *field) string { return f.query }

// hasBody reports whether r carries a body to bind.
func hasBody(r *petra.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0
}

func (b *binding) bindBody(form any, v reflect.Value) error {
	body, err := readBody(b.r)
	switch {
	case err != nil:
		return err
	case body.json:
		return b.bindJSON(form)
	case body.form:
		b.values = body.values
		b.bindValues(v, body.values, body.files, formName)
		if b.p.nested {
			b.bindNested(v, body.values)
		}
	}
	return nil
}

// formBody is what a request's body holds, by its media type.
type formBody struct {
	json   bool                               // JSON, which the caller decodes
	form   bool                               // an urlencoded or multipart form
	values map[string][]string                // the form's values
	files  map[string][]*multipart.FileHeader // a multipart form's files
}

// readBody reads r's body by its media type, as Form and Partial bind it:
// JSON is left to the caller, a form's values are parsed, an empty body
// without a type is nothing, and anything else is a 415.
func readBody(r *petra.Request) (formBody, error) {
	switch mt := r.MediaType(); {
	case petra.IsJSONMediaType(mt):
		return formBody{json: true}, nil
	case mt == "application/x-www-form-urlencoded":
		body, err := r.RawBody()
		if err != nil {
			return formBody{}, err
		}
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return formBody{}, petra.BadRequest("The request body is not a valid urlencoded form")
		}
		return formBody{form: true, values: values}, nil
	case mt == "multipart/form-data":
		if _, err := r.File(""); err != nil { // parses the form, once
			var verr *petra.ValidationError
			if !errors.As(err, &verr) {
				return formBody{}, err
			}
		}
		return formBody{form: true, values: r.MultipartForm.Value, files: r.MultipartForm.File}, nil
	case mt == "":
		body, err := r.RawBody()
		if err != nil {
			return formBody{}, err
		}
		if firstNonSpace(body) < len(body) {
			return formBody{}, petra.ErrUnsupportedMediaType
		}
		return formBody{}, nil
	}
	return formBody{}, petra.ErrUnsupportedMediaType
}

// bindValues fills the fields named by nameOf from text values and files, as
// urlencoded and multipart bodies and query strings send them. A blank value is
// not sent, except for text fields: an HTML form sends its empty number inputs.
func (b *binding) bindValues(v reflect.Value, values map[string][]string, files map[string][]*multipart.FileHeader,
	nameOf func(*field) string) {
	for i := range b.p.fields {
		f := &b.p.fields[i]
		name := nameOf(f)
		if name == "" {
			continue
		}
		switch f.files {
		case oneFile:
			if fh := files[name]; len(fh) > 0 {
				fieldAt(v, f.index).Set(reflect.ValueOf(fh[0]))
			}
			continue
		case manyFiles:
			if fh := files[name]; len(fh) > 0 {
				fieldAt(v, f.index).Set(reflect.ValueOf(fh))
			}
			continue
		}
		vals := values[name]
		if len(vals) == 0 || f.set == nil {
			continue
		}
		if !f.text && strings.TrimSpace(vals[0]) == "" {
			continue // a blank number is not sent: required says so
		}
		if err := f.set(fieldAt(v, f.index), vals); err != nil {
			var te *typeError
			if errors.As(err, &te) {
				b.errs.wrongType(f.name, te.template)
			}
		}
	}
}
