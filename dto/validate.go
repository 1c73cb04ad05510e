package dto

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// checkTags validates a zero form, and a zero of each struct type reached from it
// (nested structs, the items of lists, and the values of maps it dives into), so
// that a misspelt rule panics when the route is declared, not on the first
// request that fills a list. v holds the rules the tags may use.
func checkTags(t reflect.Type, v *validator.Validate) {
	defer func() {
		if v := recover(); v != nil {
			panic(fmt.Sprintf("dto: form %s has a bad validate tag: %v", t, v))
		}
	}()
	checkStruct(t, v, map[reflect.Type]bool{})
}

func checkStruct(t reflect.Type, v *validator.Validate, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	_ = v.Struct(reflect.New(t).Interface())
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
		case reflect.Slice, reflect.Array: // their items are validated, dive or not
			ft = elemType(ft)
		case reflect.Map:
			if !strings.Contains(tag, "dive") {
				continue // the validator does not look inside
			}
			ft = elemType(ft)
		}
		if ft.Kind() == reflect.Struct && ft != timeType {
			checkStruct(ft, v, seen)
		}
	}
}

// check validates form (a *F) by its tags and adds the failures to errs, with
// Django's reading of required at every depth: a number or boolean that was
// sent is a value even when it is 0 or false, and a string of spaces is blank.
// An omitempty number that was sent as 0 has its rules checked too. The items of
// lists of structs are validated whether or not the list's tag dives.
//
// A top-level required number or boolean sent as 0 or false is left out of
// the validator's pass, whose required would fail it, and checked against its
// other rules alone: the answer the validator's failure would lead to, without
// building that failure.
func (b *binding) check(form reflect.Value) error {
	elem := form.Elem()
	sentZeros := b.sentZeros(elem)
	var err error
	if sentZeros == 0 {
		err = b.rules.v.Struct(form.Interface())
	} else {
		scalars := b.p.sentScalars
		err = b.rules.v.StructFiltered(form.Interface(), func(ns []byte) bool {
			for i := range scalars {
				if sentZeros&(1<<i) != 0 && string(ns) == scalars[i].goPath {
					return true
				}
			}
			return false
		})
	}
	if err != nil {
		if err := b.addRuleErrors(b.p.root, elem, nil, err); err != nil {
			return err
		}
	}
	for i, s := range b.p.sentScalars {
		if sentZeros&(1<<i) != 0 {
			b.checkRest(elem, elem.Field(s.index), s.rest, s.wire)
		}
	}
	var buf [128]byte
	b.walk(b.p.root, elem, buf[:0])
	return nil
}

// sentZeros returns the top-level required numbers and booleans of form that
// were sent as 0 or false, by their position in the plan's sentScalars. In
// partial mode it returns none, leaving them to the validator's pass.
func (b *binding) sentZeros(form reflect.Value) uint64 {
	if b.partial != nil {
		return 0
	}
	var sent uint64
	for i, s := range b.p.sentScalars {
		if form.Field(s.index).IsZero() && !b.errs.skipped(s.wire) && b.sentKey([]byte(s.wire)) {
			sent |= 1 << i
		}
	}
	return sent
}

// addRuleErrors adds the validator's failures on v, a struct of node n's type
// keyed under prefix, to errs, except a required number or boolean that was
// sent, whose other rules it checks instead. An error that is not a list of
// failures is returned: the validator could not read the form.
func (b *binding) addRuleErrors(n *node, v reflect.Value, prefix []byte, err error) error {
	fieldErrs, ok := err.(validator.ValidationErrors) // as the validator returns it, unwrapped
	if !ok {
		return err
	}
	for _, fe := range fieldErrs {
		key := errorKey(n, fe)
		if len(prefix) > 0 {
			key = string(prefix) + key
		}
		if b.errs.skipped(key) || b.unsent(key, fe.Tag()) {
			continue // already wrong in type, or left as stored
		}
		if fe.Tag() == "required" && isScalarKind(fe.Kind()) && b.sentKey([]byte(key)) {
			if parent, fv, rest, ok := locate(v, trimRoot(fe.StructNamespace())); ok {
				b.checkRest(parent, fv, rest, key)
			}
			continue
		}
		var parent reflect.Type
		if n != b.p.root {
			parent = structAt(n.typ, trimRoot(fe.StructNamespace()))
		}
		b.errs.add(key, b.message(key, fe, parent))
	}
	return nil
}

// walk does what the validator does not on v, a struct of node n's type keyed
// under prefix: it finds blank required strings and omitempty numbers sent as
// 0, and validates the items of lists the validator does not dive into.
func (b *binding) walk(n *node, v reflect.Value, prefix []byte) {
	for i := range n.checks {
		c := &n.checks[i]
		if b.partial != nil && len(prefix) == 0 && !b.partial[c.wire] {
			continue // not sent: left as stored
		}
		fv, err := v.FieldByIndexErr(c.index)
		if err != nil {
			continue // behind a nil embedded pointer
		}
		key := append(prefix, c.wire...)
		switch c.kind {
		case blankText:
			if s := fv.String(); s != "" && strings.TrimSpace(s) == "" {
				if k := string(key); !b.errs.skipped(k) && !b.errs.has(k) {
					b.errs.add(k, b.requiredMessage(k))
				}
			}
		case sentZero:
			if fv.IsZero() && b.sentKey(key) && !b.errs.skipped(string(key)) {
				b.checkRest(v, fv, c.rest, string(key))
			}
		case inner:
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				fv = fv.Elem()
			}
			b.walk(c.child, fv, append(key, '.'))
		case items:
			for j := range fv.Len() {
				item := fv.Index(j)
				if item.Kind() == reflect.Pointer {
					if item.IsNil() {
						continue
					}
					item = item.Elem()
				}
				itemKey := append(strconv.AppendInt(append(key, '['), int64(j), 10), ']', '.')
				if !c.dives {
					if err := b.rules.v.Struct(item.Addr().Interface()); err != nil {
						_ = b.addRuleErrors(c.child, item, itemKey, err) // a struct's failures: no other error
					}
				}
				b.walk(c.child, item, itemKey)
			}
		}
	}
}

// checkRest validates fv, a number or boolean of struct parent that was sent as
// 0 or false, against rules, its rules other than required and omitempty, which
// the validator did not get to. Rules that compare with another field
// (ltefield=Max) see parent.
func (b *binding) checkRest(parent, fv reflect.Value, rules, key string) {
	if rules == "" || !fv.CanInterface() {
		return
	}
	var err error
	if parent.CanAddr() && parent.Addr().CanInterface() {
		err = b.rules.v.VarWithValue(fv.Interface(), parent.Addr().Interface(), rules)
	} else {
		err = b.rules.v.Var(fv.Interface(), rules)
	}
	if fieldErrs, ok := err.(validator.ValidationErrors); ok {
		for _, fe := range fieldErrs {
			b.errs.add(key, b.message(key, fe, parent.Type()))
		}
	}
}

// locate finds the field at goPath ("Items[0].Qty", a validator's namespace
// without its root) in struct v: the struct that holds it, its value, and the
// rules that apply to it other than required and omitempty (those after the
// dive of the list it is in, when it is an item).
func locate(v reflect.Value, goPath string) (parent, fv reflect.Value, rest string, ok bool) {
	for {
		seg, rest, more := strings.Cut(goPath, ".")
		name, indices, _ := strings.Cut(seg, "[")
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return parent, fv, "", false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return parent, fv, "", false
		}
		sf, found := v.Type().FieldByName(name)
		if !found {
			return parent, fv, "", false
		}
		parent = v
		if fv, ok = fieldByIndex(v, sf.Index); !ok {
			return parent, fv, "", false
		}
		item := false
		for indices != "" {
			var index string
			index, indices, _ = strings.Cut(indices, "]")
			indices = strings.TrimPrefix(indices, "[")
			if fv, ok = itemAt(fv, index); !ok {
				return parent, fv, "", false
			}
			item = true
		}
		if !more {
			return parent, fv, sentRules(sf, item), true
		}
		v, goPath = fv, rest
	}
}

// fieldByIndex is v.FieldByIndexErr, reporting a nil embedded pointer as not ok.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	fv, err := v.FieldByIndexErr(index)
	return fv, err == nil
}

// itemAt returns the item of list or map v at index, or not ok.
func itemAt(v reflect.Value, index string) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		i, err := strconv.Atoi(index)
		if err != nil || i < 0 || i >= v.Len() {
			return v, false
		}
		return v.Index(i), true
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return v, false
		}
		item := v.MapIndex(reflect.ValueOf(index).Convert(v.Type().Key()))
		return item, item.IsValid()
	}
	return v, false
}

// sentRules returns the rules of field sf, or of its items, other than required
// and omitempty: what a number or boolean that was sent as 0 or false is
// checked against. They are worked out once per tag.
func sentRules(sf reflect.StructField, item bool) string {
	k := sentRulesKey{tag: sf.Tag.Get("validate"), item: item}
	sentRulesCache.RLock()
	rest, ok := sentRulesCache.byTag[k]
	sentRulesCache.RUnlock()
	if ok {
		return rest
	}
	rules := ownRules(sf)
	if item {
		rules = afterDive(sf)
	}
	rest = withoutPresenceRules(rules)
	sentRulesCache.Lock()
	defer sentRulesCache.Unlock()
	if sentRulesCache.byTag == nil {
		sentRulesCache.byTag = map[sentRulesKey]string{}
	}
	sentRulesCache.byTag[k] = rest
	return rest
}

type sentRulesKey struct {
	tag  string
	item bool
}

// sentRulesCache holds what sentRules worked out, for the tags of the program's
// forms.
var sentRulesCache struct {
	sync.RWMutex
	byTag map[sentRulesKey]string
}

// afterDive returns the rules of a field's items: those after its first dive.
func afterDive(sf reflect.StructField) []string {
	_, after, ok := strings.Cut(sf.Tag.Get("validate"), "dive")
	if !ok {
		return nil
	}
	return strings.Split(strings.TrimPrefix(after, ","), ",")
}

// isScalarKind reports whether a value of kind k is a number or a boolean.
func isScalarKind(k reflect.Kind) bool {
	return k == reflect.Bool || (k >= reflect.Int && k <= reflect.Float64)
}

// errorKey turns the validator's namespace, "AddUserForm.items[0].sku", into the
// key a client reads, "items[0].sku", for a struct of node n's type. Embedded
// structs, whose fields JSON promotes, leave no part in it: "Form.Base.id" is
// "id".
func errorKey(n *node, fe validator.FieldError) string {
	key := trimRoot(fe.Namespace())
	if !n.embeds {
		return key
	}
	return dropEmbedded(n.typ, trimRoot(fe.StructNamespace()), key)
}

// namespaceOf is how the validator's namespaces begin for the fields of
// struct type t: its name and a dot, or nothing for a type without a name.
func namespaceOf(t reflect.Type) string {
	if t.Name() == "" {
		return ""
	}
	return t.Name() + "."
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
