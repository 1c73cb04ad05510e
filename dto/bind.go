package dto

import (
	"bytes"
	"encoding/json"
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
	skip map[string]bool // fields already wrong in type
}

func (e *fieldErrors) add(key, msg string) {
	if e.err == nil {
		e.err = &petra.ValidationError{}
	}
	e.err.Add(key, msg)
}

func (e *fieldErrors) wrongType(key, msg string) {
	e.add(key, msg)
	if e.skip == nil {
		e.skip = map[string]bool{}
	}
	e.skip[key] = true
}

func (e *fieldErrors) has(key string) bool { return e.err != nil && e.err.Has(key) }

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
		p.bindValues(v, r.QueryValues(), nil, func(f *field) string { return f.form }, &present, &errs)
	}
	if p.hasQuery {
		p.bindValues(v, r.QueryValues(), nil, func(f *field) string { return f.query }, &present, &errs)
	}
	if p.hasPath {
		for i := range p.fields {
			f := &p.fields[i]
			if f.path == "" {
				continue
			}
			if s := r.PathParam(f.path); s != "" {
				if f.set(v.Field(f.index), []string{s}) != nil {
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

// hasBody reports whether r carries a body to bind: one is declared, or the
// method is one that carries a body.
func hasBody(r *petra.Request) bool {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return false
	}
	return true
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
		p.bindValues(v, values, nil, func(f *field) string { return f.form }, present, errs)
	case mt == "multipart/form-data":
		if _, err := r.File(""); err != nil { // parses the form, once
			var verr *petra.ValidationError
			if !errors.As(err, &verr) {
				return err
			}
		}
		p.bindValues(v, r.MultipartForm.Value, r.MultipartForm.File, func(f *field) string { return f.form }, present, errs)
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

func (p *plan) bindJSON(r *petra.Request, form any, present *uint64, errs *fieldErrors) error {
	body, err := r.RawBody()
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, form); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field == "":
			return petra.BadRequest("The request body must be a JSON object")
		case errors.As(err, &typeErr):
			key := typeErr.Field
			errs.wrongType(key, "The "+displayName(key)+" must be "+jsonKind(typeErr.Type))
		default:
			if mj := petra.MalformedJSON(body, err); mj != nil {
				return mj
			}
			return petra.BadRequest("The request body contains a value in the wrong format")
		}
	}
	if p.present != nil {
		*present |= scanPresence(body, p.present)
	}
	return nil
}

// bindValues fills the fields named by nameOf from text values and files, as
// urlencoded and multipart bodies and query strings send them.
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
				v.Field(f.index).Set(reflect.ValueOf(fh[0]))
			}
			continue
		case manyFiles:
			if fh := files[name]; len(fh) > 0 {
				v.Field(f.index).Set(reflect.ValueOf(fh))
			}
			continue
		}
		vals := values[name]
		if len(vals) == 0 || f.set == nil {
			continue
		}
		if strings.TrimSpace(vals[0]) == "" && f.required >= 0 {
			continue // a blank number is not sent: required says so
		}
		if err := f.set(v.Field(f.index), vals); err != nil {
			var te *typeError
			if errors.As(err, &te) && te.want == "valid" {
				errs.wrongType(f.name, "The "+f.name+" is not valid")
			} else if te != nil {
				errs.wrongType(f.name, "The "+f.name+" must be "+te.want)
			}
			continue
		}
		p.markPresent(f, present)
	}
}

func (p *plan) markPresent(f *field, present *uint64) {
	if f.required >= 0 {
		*present |= 1 << f.required
	}
}

// jsonKind words the JSON type a Go type expects.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a valid value"
}
