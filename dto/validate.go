package dto

import (
	"errors"
	"fmt"
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

// checkTags validates a zero form so that a misspelt rule panics when the route is
// declared, not on the first request.
func checkTags(t reflect.Type) {
	defer func() {
		if v := recover(); v != nil {
			panic(fmt.Sprintf("dto: form %s has a bad validate tag: %v", t, v))
		}
	}()
	_ = validate.Struct(reflect.New(t).Interface())
}

// check validates form (a *F) by its tags and adds the failures to verr, with
// Django's reading of required: a number or boolean that was sent (present has
// its bit) is a value even when it is 0 or false, and a string of spaces is blank.
func (p *plan) check(form reflect.Value, present uint64, skip map[string]bool, verr *fieldErrors) error {
	err := validate.Struct(form.Interface())
	var fieldErrs validator.ValidationErrors
	if err != nil && !errors.As(err, &fieldErrs) {
		return err // a form the validator cannot read: a programming error
	}
	for _, fe := range fieldErrs {
		key := errorKey(fe.Namespace())
		if skip[key] {
			continue // already wrong in type; one message is enough
		}
		if fe.Tag() == "required" {
			if i := p.requiredIndex(key); i >= 0 && present&(1<<i) != 0 {
				p.checkRest(form.Elem(), p.required[i], verr)
				continue
			}
		}
		verr.add(key, p.message(key, fe))
	}
	for _, f := range p.fields {
		if f.blank && !skip[f.name] && !verr.has(f.name) {
			if s := form.Elem().Field(f.index).String(); s != "" && strings.TrimSpace(s) == "" {
				verr.add(f.name, requiredMessage(f.name))
			}
		}
	}
	return nil
}

// checkRest validates a required scalar that was sent as 0 or false against its
// other rules, which the validator skipped after required failed.
func (p *plan) checkRest(form reflect.Value, r requiredScalar, verr *fieldErrors) {
	if r.rest == "" {
		return
	}
	err := validate.Var(form.FieldByIndex(r.index).Interface(), r.rest)
	var fieldErrs validator.ValidationErrors
	if errors.As(err, &fieldErrs) {
		for _, fe := range fieldErrs {
			verr.add(r.key, p.message(r.key, fe))
		}
	}
}

// errorKey turns the validator's namespace, "AddUserForm.items[0].sku", into the
// key a client reads, "items[0].sku".
func errorKey(namespace string) string {
	_, key, ok := strings.Cut(namespace, ".")
	if !ok {
		return namespace
	}
	return key
}
