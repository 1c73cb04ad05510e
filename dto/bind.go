package dto

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/go-petra/petra/petra"
)

// fieldErrors collects field messages, allocating only when there is one.
type fieldErrors struct {
	err  *petra.ValidationError
	skip map[string]bool // fields already wrong in type, with what they hold
}

// maxFieldErrors is how many fields an answer lists at most, so that a body of
// many small wrong values cannot make a much larger answer; past it, further
// fields are left out and values that do not fit are no longer looked for.
const maxFieldErrors = 100

func (e *fieldErrors) add(key, msg string) {
	if e.err == nil {
		e.err = &petra.ValidationError{}
	}
	if e.full() && !e.err.Has(key) {
		return
	}
	e.err.Add(key, msg)
}

// full reports whether errs lists as many fields as an answer may.
func (e *fieldErrors) full() bool { return e.err != nil && len(e.err.Fields) >= maxFieldErrors }

// wrongType records that the value of key does not fit its field: its rules are
// not checked, nor those of what it holds, since one message is enough.
func (e *fieldErrors) wrongType(key, msg string) {
	if e.skip[key] {
		return
	}
	e.add(key, msg)
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

// bind fills form, a pointer to the plan's type, from r and checks it: the body
// (JSON, urlencoded or multipart; the query string for GET, HEAD and DELETE),
// then the fields tagged query, then those tagged path, so the path has the last
// word. It returns a *petra.ValidationError listing every field at fault, or the
// error that stopped reading the body.
func (p *plan) bind(r *petra.Request, form any) error {
	v := reflect.ValueOf(form).Elem()
	var present uint64
	var errs fieldErrors
	if hasBody(r) {
		if err := p.bindBody(r, form, v, &present, &errs); err != nil {
			return err
		}
	} else if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodDelete {
		p.bindValues(v, r.QueryValues(), nil, formName, &present, &errs)
	}
	if p.hasQuery {
		p.bindValues(v, r.QueryValues(), nil, queryName, &present, &errs)
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
				p.markPresent(f, &present)
			}
		}
	}
	if err := p.validate(r, form, present, &errs); err != nil {
		return err
	}
	if errs.err != nil {
		return errs.err
	}
	return nil
}

func formName(f *field) string  { return f.form }
func queryName(f *field) string { return f.query }

// hasBody reports whether r carries a body to bind.
func hasBody(r *petra.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0
}

func (p *plan) bindBody(r *petra.Request, form any, v reflect.Value, present *uint64, errs *fieldErrors) error {
	switch mt := r.MediaType(); {
	case petra.IsJSONMediaType(mt):
		return p.bindJSON(r, form, present, errs)
	case mt == "application/x-www-form-urlencoded":
		body, err := r.RawBody()
		if err != nil {
			return err
		}
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return petra.BadRequest("The request body is not a valid urlencoded form")
		}
		p.bindValues(v, values, nil, formName, present, errs)
	case mt == "multipart/form-data":
		if _, err := r.File(""); err != nil { // parses the form, once
			var verr *petra.ValidationError
			if !errors.As(err, &verr) {
				return err
			}
		}
		p.bindValues(v, r.MultipartForm.Value, r.MultipartForm.File, formName, present, errs)
	case mt == "":
		body, err := r.RawBody()
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(body)) > 0 {
			return petra.ErrUnsupportedMediaType
		}
	default:
		return petra.ErrUnsupportedMediaType
	}
	return nil
}

// bindValues fills the fields named by nameOf from text values and files, as
// urlencoded and multipart bodies and query strings send them. A blank value is
// not sent, except for text fields: an HTML form sends its empty number inputs.
func (p *plan) bindValues(v reflect.Value, values map[string][]string, files map[string][]*multipart.FileHeader,
	nameOf func(*field) string, present *uint64, errs *fieldErrors) {
	for i := range p.fields {
		f := &p.fields[i]
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
				errs.wrongType(f.name, "The "+displayName(f.name)+" "+te.reason)
			}
			continue
		}
		p.markPresent(f, present)
	}
}

func (p *plan) markPresent(f *field, present *uint64) {
	if f.tracked >= 0 {
		*present |= 1 << f.tracked
	}
}
