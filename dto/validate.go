package dto

import (
	"errors"
	"fmt"
	"math/bits"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
)

// validate is the one validator of the package: it is safe for concurrent use and
// caches what it learns of each struct type. Field names in its errors are the
// wire names (see wireName).
var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(wireName)
	return v
}

// checkTags validates a zero form, and a zero of each struct type the validator
// reaches from it (nested structs, and the elements of lists it dives into), so
// that a misspelt rule panics when the route is declared, not on the first
// request that fills a list.
func checkTags(t reflect.Type) {
	defer func() {
		if v := recover(); v != nil {
			panic(fmt.Sprintf("dto: form %s has a bad validate tag: %v", t, v))
		}
	}()
	checkStruct(t, map[reflect.Type]bool{})
}

func checkStruct(t reflect.Type, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	_ = validate.Struct(reflect.New(t).Interface())
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("validate")
		if tag == "-" || (!sf.IsExported() && !sf.Anonymous) {
			continue
		}
		ft := sf.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			if !strings.Contains(tag, "dive") {
				continue // the validator does not look inside
			}
			ft = elemType(ft)
		}
		if ft.Kind() == reflect.Struct && ft != timeType {
			checkStruct(ft, seen)
		}
	}
}

// check validates form (a *F) by its tags and adds the failures to errs, with
// Django's reading of required: a number or boolean that was sent (present has
// its bit) is a value even when it is 0 or false, and a string of spaces is
// blank. An omitempty number that was sent as 0 has its rules checked too.
func (p *plan) check(form reflect.Value, present uint64, errs *fieldErrors) error {
	elem := form.Elem()
	if err := validate.Struct(form.Interface()); err != nil {
		if err := p.addRuleErrors(elem, err, present, errs); err != nil {
			return err
		}
	}
	for sent := present & p.optional; sent != 0; sent &= sent - 1 {
		s := p.scalars[bits.TrailingZeros64(sent)]
		if fv, err := elem.FieldByIndexErr(s.index); err == nil && fv.IsZero() && !errs.skipped(s.key) {
			p.checkRest(elem, s, errs)
		}
	}
	for i := range p.fields {
		f := &p.fields[i]
		if !f.blank || errs.skipped(f.name) || errs.has(f.name) {
			continue
		}
		fv, err := elem.FieldByIndexErr(f.index)
		if err != nil {
			continue
		}
		if s := fv.String(); s != "" && strings.TrimSpace(s) == "" {
			errs.add(f.name, p.requiredMessage(f.name))
		}
	}
	return nil
}

// addRuleErrors adds the validator's failures to errs, except a required number
// or boolean that was sent, whose other rules it checks instead. An error that is
// not a list of failures is returned: the validator could not read the form.
func (p *plan) addRuleErrors(elem reflect.Value, err error, present uint64, errs *fieldErrors) error {
	var fieldErrs validator.ValidationErrors // here, since taking its address costs an allocation
	if !errors.As(err, &fieldErrs) {
		return err
	}
	for _, fe := range fieldErrs {
		key := p.errorKey(fe)
		if errs.skipped(key) {
			continue // already wrong in type; one message is enough
		}
		if fe.Tag() == "required" {
			if i := p.scalarIndex(key); i >= 0 && present&(1<<i) != 0 {
				p.checkRest(elem, p.scalars[i], errs)
				continue
			}
		}
		errs.add(key, p.message(key, fe, nil))
	}
	return nil
}

// checkRest validates a scalar that was sent as 0 or false against its rules
// other than required and omitempty, which the validator did not get to. Rules
// that compare with another field (ltefield=Max) see the field's struct.
func (p *plan) checkRest(form reflect.Value, s scalar, errs *fieldErrors) {
	if s.rest == "" {
		return
	}
	fv, err := form.FieldByIndexErr(s.index)
	if err != nil || !fv.CanInterface() {
		return
	}
	parent := form
	if len(s.index) > 1 {
		if parent, err = form.FieldByIndexErr(s.index[:len(s.index)-1]); err != nil {
			return
		}
		if parent.Kind() == reflect.Pointer {
			parent = parent.Elem()
		}
	}
	if parent.CanAddr() && parent.Addr().CanInterface() {
		err = validate.VarWithValue(fv.Interface(), parent.Addr().Interface(), s.rest)
	} else {
		err = validate.Var(fv.Interface(), s.rest)
	}
	var fieldErrs validator.ValidationErrors
	if errors.As(err, &fieldErrs) {
		for _, fe := range fieldErrs {
			errs.add(s.key, p.message(s.key, fe, parent.Type()))
		}
	}
}

// errorKey turns the validator's namespace, "AddUserForm.items[0].sku", into the
// key a client reads, "items[0].sku". Embedded structs, whose fields JSON
// promotes, leave no part in it: "Form.Base.id" is "id".
func (p *plan) errorKey(fe validator.FieldError) string {
	key := trimRoot(fe.Namespace())
	if !p.embeds {
		return key
	}
	return dropEmbedded(p.typ, trimRoot(fe.StructNamespace()), key)
}

func trimRoot(namespace string) string {
	_, key, ok := strings.Cut(namespace, ".")
	if !ok {
		return namespace
	}
	return key
}

// dropEmbedded removes from key, a validator key of struct type t, the parts
// that name an embedded struct whose fields JSON promotes; goPath is the same
// key with Go names, which says which parts those are.
func dropEmbedded(t reflect.Type, goPath, key string) string {
	goParts, keyParts := strings.Split(goPath, "."), strings.Split(key, ".")
	if len(goParts) != len(keyParts) {
		return key // a map key with a dot: leave it
	}
	out := make([]string, 0, len(keyParts))
	for i, part := range goParts {
		sf, ok := fieldNamed(t, part)
		if !ok {
			return key
		}
		t = sf.Type
		if promotes(sf) && !strings.Contains(part, "[") {
			continue
		}
		out = append(out, keyParts[i])
	}
	return strings.Join(out, ".")
}
