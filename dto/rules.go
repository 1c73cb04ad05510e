package dto

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"

	"github.com/go-petra/petra/petra"
)

// Rule is a validation rule of an app's own, used by name in the validate
// tags of its forms beside go-playground/validator's built-in rules:
//
//	dto.Rule{Tag: "strong_password", Func: strongPassword,
//		Message: "The {field} must mix upper case, lower case and a symbol"}
//
// Give an app its rules with [WithRules].
type Rule struct {
	// Tag is the rule's name in validate tags, "strong_password". A Tag
	// that names a built-in rule replaces it in the app.
	Tag string
	// Func reports whether a field's value passes the rule; fl.Param() is
	// the rule's parameter ("strong_password=12" gives "12").
	Func validator.Func
	// Message words a failure, in English: {field} is the field's name and
	// {param} the rule's parameter. It is also the message's ID in catalogs
	// (see petra.WithCatalog), which translate it. Empty means "The {field} is
	// invalid".
	Message string
}

// ruleSet is the validator of an app and the messages of its own rules.
type ruleSet struct {
	v        *validator.Validate
	messages map[string]string // by tag, the templates of the app's own rules
}

// validate is the validator of apps without rules of their own: it is safe for
// concurrent use and caches what it learns of each struct type. Field names in
// its errors are the wire names (see wireName).
var validate = newValidator()

// builtinRules are the rules of every app that has no rules of its own.
var builtinRules = &ruleSet{v: validate}

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(wireName)
	_ = v.RegisterValidation("email", emailRule) // validator's answer, faster for plain addresses
	return v
}

// rulesKey is the key under which an app keeps its ruleSet (petra.WithValue).
type rulesKey struct{}

// WithRules returns the petra.Option that gives an app's forms rules of its
// own, as validator's RegisterValidation would, but for this app only: two apps
// in one process each validate with the rules they were given, and a form
// that uses a rule its app lacks panics when its route is mounted. Without
// it, an app has validator's built-in rules, as before.
//
// The rules must exist before the forms that use them are declared
// (dto.Form, NewBinder), so that a misspelt rule still panics there: build
// them first, as package variables or before the app's modules. Pass every
// rule of an app to one WithRules: a second replaces the first. WithRules
// panics on a Rule without a Tag or a Func, or a Tag given twice.
func WithRules(rules ...Rule) petra.Option {
	rs := &ruleSet{v: newValidator(), messages: map[string]string{}}
	for _, rule := range rules {
		if rule.Tag == "" || rule.Func == nil {
			panic(fmt.Sprintf("dto: rule %q needs a Tag and a Func", rule.Tag))
		}
		if _, dup := rs.messages[rule.Tag]; dup {
			panic(fmt.Sprintf("dto: rule %q is given twice", rule.Tag))
		}
		if err := rs.v.RegisterValidation(rule.Tag, rule.Func); err != nil {
			panic(fmt.Sprintf("dto: rule %q: %v", rule.Tag, err))
		}
		msg := rule.Message
		if msg == "" {
			msg = invalidTemplate
		}
		rs.messages[rule.Tag] = msg
		declared.add(rule.Tag)
	}
	return petra.WithValue(rulesKey{}, rs)
}

// rulesOf returns the rules of the app serving r.
func rulesOf(r *petra.Request) *ruleSet {
	if rs, ok := r.AppValue(rulesKey{}).(*ruleSet); ok {
		return rs
	}
	return builtinRules
}

// template returns the English template of a failed rule: the app's own, a
// size rule's on a value of kind, a built-in rule's, or "The {field} is
// invalid".
func (rs *ruleSet) template(tag, param string, kind reflect.Kind) string {
	if msg, ok := rs.messages[tag]; ok {
		return msg
	}
	if msg, ok := sizeTemplate(tag, param, kind); ok {
		return msg
	}
	if msg, ok := ruleTemplates[tag]; ok {
		return msg
	}
	return invalidTemplate
}

// declaredRules is the names of every rule given to WithRules in the process,
// for checking forms when they are declared, before the app that has the rules
// is known: a tag that is neither built in nor declared is misspelt. Each app
// checks its forms against its own rules when their routes are mounted.
type declaredRules struct {
	mu sync.Mutex
	v  *validator.Validate // the built-in rules, and each declared one passing everything
}

var declared = &declaredRules{v: newValidator()}

func (d *declaredRules) add(tag string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_ = d.v.RegisterValidation(tag, func(validator.FieldLevel) bool { return true }) // a declared name cannot be empty
}

// checkDeclared panics if form type t has a bad validate tag, built-in and
// declared rules allowed; it reports whether t uses a rule of an app's own,
// to be checked against the app's rules when its route is mounted.
func (d *declaredRules) checkDeclared(t reflect.Type) (ownRules bool) {
	if tagsFine(t, validate) {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	defer func() {
		if v := recover(); v != nil {
			msg := fmt.Sprint(v)
			if strings.Contains(msg, "Undefined validation function") {
				msg += " (misspelt, or a rule of the app's own not given to dto.WithRules before the form is declared)"
			}
			panic(msg)
		}
	}()
	checkTags(t, d.v)
	return true
}

// tagsFine reports whether checkTags(t, v) passes.
func tagsFine(t reflect.Type, v *validator.Validate) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	checkStruct(t, v, map[reflect.Type]bool{})
	return true
}

// checkApp panics if the form uses a rule of its own that app a was not
// given (WithRules): it runs when the form's route is mounted.
func (p *plan) checkApp(a *petra.App) {
	if !p.ownRules {
		return
	}
	rs, ok := a.Value(rulesKey{}).(*ruleSet)
	if !ok {
		rs = builtinRules
	}
	defer func() {
		if v := recover(); v != nil {
			panic(fmt.Sprintf("%v (a rule of the app's own: give it to this app with dto.WithRules)", v))
		}
	}()
	checkTags(p.typ, rs.v)
}
