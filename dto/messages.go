package dto

import (
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"

	"github.com/go-petra/petra/petra"
)

// message returns the client message for a failed rule, in django-petra's form
// "The email must be a valid email address", in the request's language (see
// petra.WithCatalog). A form's Messages override it by "field.rule" key
// (indices left out: "items.sku.required"). parent is the struct type holding
// the field, for rules that name another field; nil finds it from fe.
func (b *binding) message(key string, fe validator.FieldError, parent reflect.Type) string {
	tmpl := translate(b.r, b.rules.template(fe.Tag(), fe.Param(), fe.Kind()))
	// Keys without list indices: a set bounded by the form's fields and rules,
	// worded once per language. Such a key names one field of one struct, so
	// the parent a caller passes is the one wordMessage would find.
	cacheable := strings.IndexByte(key, '[') < 0
	mk := messageKey{key: key, tag: fe.Tag(), param: fe.Param(), kind: fe.Kind(), template: tmpl}
	p := b.p
	if cacheable {
		if msg, ok := p.worded.load(mk); ok {
			return msg
		}
	}
	msg, ok := p.messages[indexFree(key)+"."+fe.Tag()]
	if !ok {
		param := fe.Param()
		if names := fieldRules[fe.Tag()]; names != 0 {
			param = p.otherFieldName(fe, parent, names)
		} else if fe.Tag() == "oneof" || fe.Tag() == "oneofci" {
			param = strings.Join(strings.Fields(param), ", ")
		}
		msg = fill(tmpl, displayName(key), param)
	}
	if cacheable {
		p.worded.store(mk, msg)
	}
	return msg
}

// messageKey identifies a worded message: the field, the rule, its parameter,
// the kind of value it judged and the template, in the request's language, it
// was worded from.
type messageKey struct {
	key, tag, param, template string
	kind                      reflect.Kind
}

// messageCache holds worded messages. It is safe for concurrent use; its zero
// value is empty and ready.
type messageCache struct {
	mu   sync.RWMutex
	byID map[messageKey]string
}

func (c *messageCache) load(k messageKey) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	msg, ok := c.byID[k]
	return msg, ok
}

func (c *messageCache) store(k messageKey, msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = make(map[messageKey]string)
	}
	c.byID[k] = msg
}

// requiredMessage is the message of a required field that was not sent, or
// sent blank: the form's own for "<key>.required", else "The name field is
// required".
func (b *binding) requiredMessage(key string) string {
	if msg, ok := b.p.messages[indexFree(key)+".required"]; ok {
		return msg
	}
	return b.errs.word(requiredTemplate, key)
}

// word words tmpl, an English template, for the field at key, in the
// language of the request.
func (e *fieldErrors) word(tmpl, key string) string {
	return fill(translate(e.r, tmpl), displayName(key), "")
}

// translate returns the message with ID id in r's language; r may be nil.
func translate(r *petra.Request, id string) string {
	if r == nil {
		return id
	}
	return r.Translate(id)
}

// fieldRules are the rules whose parameter names another field: by its Go name
// in the same struct (sibling), or by its Go path from the form (fromRoot).
var fieldRules = map[string]fieldRef{
	"eqfield": sibling, "nefield": sibling, "gtfield": sibling, "gtefield": sibling, "ltfield": sibling, "ltefield": sibling,
	"eqcsfield": fromRoot, "necsfield": fromRoot, "gtcsfield": fromRoot, "gtecsfield": fromRoot,
	"ltcsfield": fromRoot, "ltecsfield": fromRoot,
}

type fieldRef int

const (
	sibling fieldRef = iota + 1
	fromRoot
)

// otherFieldName turns the Go name a field rule names ("Password") into the
// name the client knows ("password"), or lower-cases its first letter when it
// cannot be found.
func (p *plan) otherFieldName(fe validator.FieldError, parent reflect.Type, ref fieldRef) string {
	t := p.typ
	path := fe.Param()
	if ref == sibling {
		if parent == nil {
			parent = structAt(p.typ, trimRoot(fe.StructNamespace()))
		}
		t = parent
	}
	for part := range strings.SplitSeq(path, ".") {
		if t == nil || elemType(t).Kind() != reflect.Struct {
			t = nil
			break
		}
		sf, ok := elemType(t).FieldByName(part)
		if !ok {
			t = nil
			break
		}
		t = sf.Type
		path = wireName(sf)
	}
	if t == nil {
		return lowerFirst(fe.Param())
	}
	return path
}

// structAt returns the struct type that holds the field at goPath
// ("Items[0].Price") in t, or nil.
func structAt(t reflect.Type, goPath string) reflect.Type {
	parts := strings.Split(goPath, ".")
	for _, part := range parts[:len(parts)-1] {
		sf, ok := fieldNamed(t, part)
		if !ok {
			return nil
		}
		t = sf.Type
	}
	if t = elemType(t); t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

// fieldNamed returns the field that part of a Go path ("Items[0]") names in
// t, which may be a struct or a pointer, slice, array or map of structs.
func fieldNamed(t reflect.Type, part string) (reflect.StructField, bool) {
	t = elemType(t)
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	name, _, _ := strings.Cut(part, "[")
	return t.FieldByName(name)
}

var indexPattern = regexp.MustCompile(`\[[^\]]*\]`)

// indexFree drops list indices and map keys: "items[0].sku" → "items.sku".
func indexFree(key string) string {
	if !strings.Contains(key, "[") {
		return key
	}
	return indexPattern.ReplaceAllString(key, "")
}

// displayName is the name a message speaks of: the last part of the key, without
// indices: "items[0].sku" → "sku", "tags[2]" → "tags".
func displayName(key string) string {
	key = indexFree(key)
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

// fill words tmpl, a message template, for the field name: {field} becomes
// name and {param} becomes param.
func fill(tmpl, name, param string) string {
	var sb strings.Builder
	sb.Grow(len(tmpl) + len(name) + len(param))
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			sb.WriteString(tmpl)
			return sb.String()
		}
		sb.WriteString(tmpl[:i])
		switch rest := tmpl[i:]; {
		case strings.HasPrefix(rest, "{field}"):
			sb.WriteString(name)
			tmpl = rest[len("{field}"):]
		case strings.HasPrefix(rest, "{param}"):
			sb.WriteString(param)
			tmpl = rest[len("{param}"):]
		default:
			sb.WriteByte('{')
			tmpl = rest[1:]
		}
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
