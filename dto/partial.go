package dto

import (
	"encoding/json"
	"mime/multipart"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/go-petra/petra/petra"
)

// Partial is the form of a partial update (PATCH), as a DRF serializer built
// with partial=True: the same form type F as the full update's, whose fields
// the request may leave out. A view takes it in place of a *F,
//
//	func (v *ArticleViewSet) PartialUpdate(r *petra.Request, patch *dto.Partial[ArticleForm]) petra.Result {
//		a, err := v.articles.Get(r.Context(), r.PathParam("pk")) // 404 first
//		…
//		form := ArticleForm{ID: a.ID, Title: a.Title, Body: a.Body} // the stored object
//		if err := patch.Apply(&form); err != nil {
//			return petra.Fail(err) // 400 with every field's messages
//		}
//		// form is the merged object, valid; patch.Sent("title") tells what changed
//	}
//
// and is declared as any form view is, with [Form] (or as a [Resource]'s
// PartialUpdate). Before the view runs, the request's body is read and its
// shape checked (a body that is not a JSON object is a 400), and the fields it
// sends are known to [Partial.Sent]; [Partial.Apply] then applies them to the
// stored object and validates the result, so that the view fetches the object
// (and answers 404 or 403) before any field is judged.
type Partial[F any] struct {
	r      *petra.Request
	p      *plan
	dep    unsafe.Pointer      // given with With
	sent   map[string]bool     // wire names of the top-level fields sent
	body   []byte              // the JSON body, nil for another
	fields []sentField         // the fields the body sends, in field order
	values map[string][]string // a form body's values
	files  map[string][]*multipart.FileHeader
}

// sentField is one top-level field a body sends; raw is its JSON value, nil
// in a form body.
type sentField struct {
	f      *field
	raw    json.RawMessage
	quoted reflect.Type // for a field tagged json:",string", a struct of it alone
}

// partialForm is implemented by *Partial[F] for any F, so that Form and
// Resource know a partial form's view.
type partialForm interface {
	formType() reflect.Type
	start(r *petra.Request, p *plan, dep unsafe.Pointer) error
}

var partialFormType = reflect.TypeFor[partialForm]()

func (*Partial[F]) formType() reflect.Type { return reflect.TypeFor[F]() }

// Sent reports whether the request sent the field keyed name, the wire name
// its errors are keyed by ("email"): in the body, including as an explicit
// null, or from the query string or path for fields tagged so. Only
// top-level fields are known; a nested object sent is sent whole.
func (pt *Partial[F]) Sent(name string) bool { return pt.sent[name] }

// Apply applies the fields the request sent to form, which holds the stored
// object, and validates the merged object: form is left as it will be saved.
//
// A field sent replaces the stored one whole (a nested object or a list too);
// an explicit JSON null clears a field that can be nil (a pointer, a list, a
// map) and is refused, "The <field> must not be null", for one that cannot. A
// field not sent keeps its stored value, and neither its rules nor its
// Clean<Field> hook run on it: required asks only that a sent field is not
// blank. Rules that compare a field with another (gtefield=Min,
// required_with=…) and the form's Clean run on the merged object whatever
// was sent, so that a cross-field rule or a uniqueness check sees the object
// as it will be saved, not the partial input alone.
//
// The error is a *petra.ValidationError listing every field at fault, or
// another client error (a path value that does not fit its field is a 404),
// ready for petra.Fail. On error, form may hold some of the sent values.
func (pt *Partial[F]) Apply(form *F) error {
	if pt.p == nil {
		panic("dto: a zero Partial; a view receives it from Form or Resource")
	}
	v := reflect.ValueOf(form).Elem()
	b := binding{p: pt.p, r: pt.r, dep: pt.dep, partial: pt.sent, json: pt.body, values: pt.values, rules: rulesOf(pt.r), errs: fieldErrors{r: pt.r}}
	for _, s := range pt.fields {
		fv := fieldAt(v, s.f.index)
		if s.raw == nil {
			fv.SetZero() // a form body's field: bindValues fills it below
			continue
		}
		if string(s.raw) == "null" {
			if nullable(fv.Kind()) {
				fv.SetZero()
			} else {
				b.errs.wrongType(s.f.name, notNullTemplate)
			}
			continue
		}
		value, err := decodeSent(s, fv.Type()) // the stored value stays whole if this one does not fit
		if err != nil {
			if !typeErrors(s.raw, fv.Type(), s.f.name, 1, &b.errs) {
				b.errs.wrongType(s.f.name, notValidTemplate)
			}
			continue
		}
		fv.Set(value)
	}
	if pt.values != nil {
		b.bindValues(v, pt.values, pt.files, formName)
		if pt.p.nested {
			b.bindNested(v, pt.values)
		}
	}
	return b.finish(form, v)
}

// decodeSent decodes the JSON value of s into a new value of type t, as
// encoding/json decodes it into the form, ",string" included.
func decodeSent(s sentField, t reflect.Type) (reflect.Value, error) {
	if s.quoted == nil {
		value := reflect.New(t)
		return value.Elem(), json.Unmarshal(s.raw, value.Interface())
	}
	wrap := reflect.New(s.quoted)
	body := append(append([]byte(`{"v":`), s.raw...), '}')
	return wrap.Elem().Field(0), json.Unmarshal(body, wrap.Interface())
}

// nullable reports whether a value of kind k can be nil, so that a JSON null
// clears it.
func nullable(k reflect.Kind) bool {
	return k == reflect.Pointer || k == reflect.Slice || k == reflect.Map || k == reflect.Interface
}

// start reads r's body and finds the fields it sends, checking the body as
// [Form] does: a body that cannot be read as the form it claims to be is an
// error ready for petra.Fail.
func (pt *Partial[F]) start(r *petra.Request, p *plan, dep unsafe.Pointer) error {
	*pt = Partial[F]{r: r, p: p, dep: dep, sent: map[string]bool{}}
	if hasBody(r) {
		if err := pt.readBody(); err != nil {
			return err
		}
	}
	query := r.QueryValues()
	for i := range p.fields {
		f := &p.fields[i]
		if (f.query != "" && sentValue(f, query[f.query])) || (f.path != "" && r.PathParam(f.path) != "") {
			pt.sent[f.name] = true
		}
	}
	return nil
}

// readBody reads the body by its media type, as [Form] does.
func (pt *Partial[F]) readBody() error {
	body, err := readBody(pt.r)
	switch {
	case err != nil:
		return err
	case body.json:
		return pt.readJSON()
	case body.form:
		pt.readValues(body.values, body.files)
	}
	return nil
}

// readJSON finds the top-level fields a JSON body sends, matching keys as
// encoding/json does: exactly, else without regard to case.
func (pt *Partial[F]) readJSON() error {
	body, err := pt.r.RawBody()
	if err != nil {
		return err
	}
	if firstNonSpace(body) == len(body) {
		return nil // an empty body sends nothing
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		if mj := petra.MalformedJSON(body, err); mj != nil {
			return mj
		}
		return errNotObject
	}
	if obj == nil {
		return errNotObject // null
	}
	if err := checkText(body); err != nil {
		return err
	}
	pt.body = body
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // which of two keys differing in case wins does not vary
	raws := make([]json.RawMessage, len(pt.p.fields))
	for _, exact := range []bool{true, false} {
		for _, k := range keys {
			for i := range pt.p.fields {
				f := &pt.p.fields[i]
				if f.json != "" && raws[i] == nil && (k == f.json || (!exact && strings.EqualFold(k, f.json))) {
					raws[i] = obj[k]
					break
				}
			}
		}
	}
	for i, raw := range raws {
		if raw != nil {
			f := &pt.p.fields[i]
			s := sentField{f: f, raw: raw}
			if sf := pt.p.typ.FieldByIndex(f.index); slices.Contains(strings.Split(sf.Tag.Get("json"), ",")[1:], "string") {
				s.quoted = reflect.StructOf([]reflect.StructField{{Name: "V", Type: sf.Type, Tag: `json:"v,string"`}})
			}
			pt.fields = append(pt.fields, s)
			pt.sent[f.name] = true
		}
	}
	return nil
}

// readValues finds the top-level fields a form body sends, as bindValues and
// bindNested read them: a blank value of a field that is not text is not sent.
func (pt *Partial[F]) readValues(values map[string][]string, files map[string][]*multipart.FileHeader) {
	pt.values, pt.files = values, files
	if pt.values == nil {
		pt.values = map[string][]string{}
	}
	for i := range pt.p.fields {
		f := &pt.p.fields[i]
		if f.form != "" && sentForm(f, values, files) {
			pt.fields = append(pt.fields, sentField{f: f})
			pt.sent[f.name] = true
		}
	}
}

// sentForm reports whether a form body sends f: a file, a value, or keys of
// what it holds (address.city, items[0].sku).
func sentForm(f *field, values map[string][]string, files map[string][]*multipart.FileHeader) bool {
	switch {
	case f.files != noFile:
		return len(files[f.form]) > 0
	case f.set != nil:
		return sentValue(f, values[f.form])
	}
	for k := range values {
		if rest, ok := strings.CutPrefix(k, f.form); ok && rest != "" && (rest[0] == '.' || rest[0] == '[') {
			return true
		}
	}
	return false
}

// sentValue reports whether vals, the text values of f, send it, as
// bindValues reads them: a blank value of a field that is not text is not.
func sentValue(f *field, vals []string) bool {
	return len(vals) > 0 && (f.text || strings.TrimSpace(vals[0]) != "")
}

// unsent reports whether, in partial mode, a failure of rule at key is left
// out: its top-level field was not sent, and rule does not compare it with
// another field, whose new value may be what fails it.
func (b *binding) unsent(key, rule string) bool {
	if b.partial == nil {
		return false
	}
	top := key
	if i := strings.IndexAny(key, ".["); i >= 0 {
		top = key[:i]
	}
	return !b.partial[top] && !comparesFields(rule)
}

// comparesFields reports whether a validator rule compares its field with
// another: eqfield, gtefield, required_with, excluded_if and their kin.
func comparesFields(rule string) bool {
	return strings.HasSuffix(rule, "field") || strings.HasPrefix(rule, "required_") ||
		strings.HasPrefix(rule, "excluded_")
}

// partialHandler is Form for a view that takes a *Partial[…]: F is that
// Partial.
func partialHandler[F any](view func(*petra.Request, *F) petra.Result, opts []Option) petra.Handler {
	p := loadPlan(any((*F)(nil)).(partialForm).formType())
	dep := p.dependency(opts)
	return petra.NewHandler(view, func(r *petra.Request) petra.Result {
		form := new(F) // 1 alloc: the view receives it
		if err := any(form).(partialForm).start(r, p, dep); err != nil {
			return petra.Fail(err)
		}
		return view(r, form)
	}).BindsPartial(p.typ).WithMountCheck(p.checkPath).WithAppCheck(p.checkApp)
}
