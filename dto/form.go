package dto

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/go-petra/petra/petra"
)

// Cleaner is implemented by a form that normalises itself or checks what tags
// cannot, like a Django form's clean(). Clean runs after every field passed its
// rules; an error it returns joins the same envelope when it is a
// *petra.ValidationError (build one with petra.Invalid) and is answered as
// petra.Fail describes otherwise.
//
// A form may also have a method Clean<Field>(*petra.Request) error for one field,
// like clean_<field>: it runs once that field, and everything it holds, passed
// its rules, before Clean. Either may take a second parameter, a dependency
// such as the viewset with its stores, given where the form is declared (see
// [With]). A Clean or Clean<Field> method with another signature panics when
// the route is declared, rather than being silently skipped.
type Cleaner interface {
	Clean(r *petra.Request) error
}

// Messages is implemented by a form that words some of its errors itself. The
// keys are "<field>.<rule>", with the field's wire name and no list indices:
// {"password.min": "The password is too short", "items.sku.required": "…"}.
// It is read once, from the zero form.
type Messages interface {
	Messages() map[string]string
}

// Form wraps a view that takes a form, as django-petra's dto decorator does: it
// binds each request into a new F, validates it, and calls view with it; a
// request whose form is invalid is answered 400 with every field's messages, and
// view does not run.
//
// F is a struct whose fields carry `json`, `form`, `query` and `path` tags for
// where they come from, and `validate` tags (go-playground/validator) for their
// rules; `dto:"trim"` removes a text field's surrounding whitespace before its
// rules are checked. It is inspected once, here: a form that cannot work, such
// as one with a misspelt rule, panics when the route is declared, not on a
// request. The returned Handler keeps view's identity, so the view's viewset
// permissions and its name in show-routes are those of view itself.
//
// What is bound, and from where:
//   - a JSON body (application/json or application/*+json) by the `json` tags;
//   - an application/x-www-form-urlencoded or multipart/form-data body by the
//     `form` tags, which default to the JSON names; *multipart.FileHeader and
//     []*multipart.FileHeader fields take files; keys such as address.city,
//     items[0].sku and items[0][sku] fill nested structs and lists, whose
//     indices may not exceed the number of keys the body has (a 400 past it);
//   - for GET, HEAD and DELETE, the query string by `form` tags, whatever body
//     the request carries, which is not read (see the package doc);
//   - fields tagged `query:"name"` from the query string, and `path:"name"` from
//     the route's path parameters, whatever the body; the path is bound last,
//     and a path value that does not fit its field is a 404. A path tag that
//     names no parameter of the route panics when the route is mounted.
//
// The fields of an embedded struct are promoted, as encoding/json promotes them:
// they are bound and keyed by their own names ("id", not "Base.id"). A field
// without a json tag takes JSON by its Go name, as encoding/json does; tag it
// json:"-" to take it only from the query string or the path.
//
// Nested structs, and the items of lists of structs, are validated too, with no
// dive in the list's tag, their errors keyed address.city and items[0].sku. A
// form may be of any size and depth.
//
// required means sent and not blank, as in Django: a missing or null field fails,
// as does a string of spaces, but 0 and false are values, and their other rules
// are checked (`required,gte=1` with 0 is "The age must be at least 1"); the same
// holds at every depth, in nested structs and in list items. An omitempty number
// sent as 0 is checked against its rules too, since 0 was sent. In form bodies
// and query strings a blank value of a field that is not text (a number, a
// boolean, a date) is not sent, as an HTML form sends an empty input.
//
// Every value that does not fit its field is reported, keyed by its field
// ("The qty must be an integer" under "items[1].qty"). Text must be
// UTF-8 without null characters, and numbers finite: a JSON body that is not
// UTF-8 or holds \u0000 is a 400, as is such a field of a form body, since
// databases refuse them. An answer lists at most 100 fields, so that a body of
// many small wrong values cannot make a much larger answer.
//
// The body stays readable to the view (r.RawBody or r.Body), except a multipart
// body, whose parts are in r.MultipartForm.
//
// A view that takes a *[Partial][F] rather than a *F serves a PATCH: see
// [Partial]. opts give the form's clean hooks a dependency ([With]).
func Form[F any](view func(r *petra.Request, form *F) petra.Result, opts ...Option) petra.Handler {
	if view == nil {
		panic("dto: Form needs a view")
	}
	if _, ok := any((*F)(nil)).(partialForm); ok {
		return partialHandler(view, opts)
	}
	p := planFor[F]()
	dep := p.dependency(opts)
	return petra.NewHandler(view, func(r *petra.Request) petra.Result {
		form := new(F) // 1 alloc: the view receives it
		if err := p.bind(r, form, dep); err != nil {
			return petra.Fail(err)
		}
		return view(r, form)
	}).Binds(p.typ).WithMountCheck(p.checkPath).WithAppCheck(p.checkApp)
}

// checkPath panics if a field's path tag names none of params, the path
// parameters of the route being mounted: the field would never be filled.
func (p *plan) checkPath(method, path string, params []string) {
	for i := range p.fields {
		f := &p.fields[i]
		if f.path != "" && !slices.Contains(params, f.path) {
			panic(fmt.Sprintf("dto: %s.%s has path:%q, but route %s %s has the path parameters %v",
				p.typ, f.goName, f.path, method, path, params))
		}
	}
}

// Bind binds and validates r into a new F, as [Form] does before its view runs,
// for a view that binds itself. The error is a *petra.ValidationError, or a
// client error about the body (400, 413, 415), ready for petra.Fail.
//
// Bind inspects F on its first use, which may be a request: a form that cannot
// work then panics there, answered 500, as does one whose clean hooks take a
// dependency. Declare a [Binder] with [NewBinder] where the route is declared
// to have F checked at start-up instead.
func Bind[F any](r *petra.Request) (*F, error) {
	return NewBinder[F]().Bind(r)
}

// Binder binds and validates requests into an F, as [Form] does, for views
// that bind their forms themselves. Its zero value is not usable: build it with
// [NewBinder]. It is safe for concurrent use.
type Binder[F any] struct {
	p   *plan
	dep unsafe.Pointer // given with With
}

// NewBinder inspects F and returns its Binder; opts give its clean hooks a
// dependency ([With]). A form that cannot work, such as one with a misspelt
// rule, panics here: declare binders where routes are declared (a package
// variable, or beside the module's routes).
func NewBinder[F any](opts ...Option) Binder[F] {
	p := planFor[F]()
	return Binder[F]{p: p, dep: p.dependency(opts)}
}

// Bind binds and validates r into a new F, as [Bind] does.
func (b Binder[F]) Bind(r *petra.Request) (*F, error) {
	if b.p == nil {
		panic("dto: a zero Binder; build it with NewBinder")
	}
	form := new(F)
	if err := b.p.bind(r, form, b.dep); err != nil {
		return nil, err
	}
	return form, nil
}

// validate runs the rules, then the clean hooks of the fields that passed them
// (in partial mode, of the fields that were sent), then the form's Clean when
// everything passed.
func (b *binding) validate(form any) error {
	v := reflect.ValueOf(form)
	if err := b.check(v); err != nil {
		return err
	}
	errs, r := &b.errs, b.r
	for i := range b.p.fields {
		f := &b.p.fields[i]
		if f.clean == nil || errs.hasUnder(f.name) || (b.partial != nil && !b.partial[f.name]) {
			continue
		}
		if err := f.clean(v.UnsafePointer(), r, b.dep); err != nil {
			if err := mergeClean(errs, err); err != nil {
				return err
			}
		}
	}
	if b.p.clean != nil && errs.err == nil {
		if err := b.p.clean(v.UnsafePointer(), r, b.dep); err != nil {
			return mergeClean(errs, err)
		}
	}
	return nil
}

// mergeClean adds a clean hook's field errors to errs and returns any other error.
func mergeClean(errs *fieldErrors, err error) error {
	var verr *petra.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	if errs.err == nil {
		errs.err = &petra.ValidationError{}
	}
	errs.err.Merge(verr)
	return nil
}
