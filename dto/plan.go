package dto

import (
	"fmt"
	"mime/multipart"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/go-petra/petra/petra"
)

// plan is everything the binder needs to know about a form type, computed once
// per type: where each field comes from, how text becomes its value, which
// numbers and booleans must have their presence tracked, and which clean hooks
// the form has.
type plan struct {
	typ      reflect.Type
	fields   []field
	present  *presenceNode     // JSON keys of the tracked scalars; nil if none
	scalars  []scalar          // tracked numbers and booleans, by bit
	optional uint64            // bits of the scalars that are omitempty rather than required
	messages map[string]string // "email.required" → message, from the form's Messages
	clean    bool              // *F has Clean(*petra.Request) error
	hasQuery bool              // some field has a query tag
	hasPath  bool              // some field has a path tag
	embeds   bool              // some struct of the form embeds another: see errorKey
	worded   messageCache      // messages already worded, so a failure costs no allocation
}

// field is one top-level field of a form; the fields of embedded structs are
// promoted, as encoding/json promotes them.
type field struct {
	index    []int // from the form, through embedded structs
	goName   string
	name     string // the wire name errors are keyed by
	json     string // "" when the field takes no JSON
	form     string // key in urlencoded and multipart bodies, and in GET query strings
	query    string // explicit `query:"…"`
	path     string // explicit `path:"…"`
	set      setter // nil when text cannot fill the field (structs, maps)
	text     bool   // text is its value as is: a blank value is a value, not "not sent"
	files    fileKind
	tracked  int  // index in plan.scalars, or -1
	blank    bool // a required string, which whitespace alone does not fill
	clean    reflect.Method
	hasClean bool
}

type fileKind int

const (
	noFile fileKind = iota
	oneFile
	manyFiles
)

// scalar is a number or boolean whose zero value a client may send: since 0 and
// false are values, a required one must have been sent, which the binder
// records, and an omitempty one that was sent as 0 still has its rules checked.
type scalar struct {
	key   string // error key, "age" or "address.zip"
	index []int  // the field's index path from the form
	rest  string // the field's rules without required or omitempty, checked when 0 or false was sent
}

// maxScalars is how many numbers and booleans a form may track: the binder keeps
// their presence in a uint64.
const maxScalars = 64

// presenceNode maps the JSON keys of one object to the scalars they fill, or to
// a nested object's node.
type presenceNode struct {
	keys []presenceKey
}

type presenceKey struct {
	name  string
	bit   int // index in plan.scalars, or -1
	child *presenceNode
}

var (
	fileHeaderType  = reflect.TypeFor[*multipart.FileHeader]()
	fileHeadersType = reflect.TypeFor[[]*multipart.FileHeader]()
	timeType        = reflect.TypeFor[time.Time]()
	requestType     = reflect.TypeFor[*petra.Request]()
	errorType       = reflect.TypeFor[error]()
	plans           sync.Map // reflect.Type → *plan
)

// planFor returns the plan of F, building it on first use. A form that cannot
// work panics, saying why: it happens when routes are declared.
func planFor[F any]() *plan { return loadPlan(reflect.TypeFor[F]()) }

// loadPlan returns the plan of form type t, building it on first use.
func loadPlan(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	p := buildPlan(t)
	actual, _ := plans.LoadOrStore(t, p)
	return actual.(*plan)
}

func buildPlan(t reflect.Type) *plan {
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("dto: a form must be a struct type, got %s", t))
	}
	checkEmbeds(t, t, map[reflect.Type]bool{})
	p := &plan{typ: t, embeds: hasEmbedded(t, map[reflect.Type]bool{})}
	ptr := reflect.PointerTo(t)
	for _, m := range members(t) {
		sf := m.sf
		f := field{index: m.index, goName: sf.Name, name: m.wire, json: m.json, tracked: -1}
		f.form = tagName(sf, "form", f.json)
		f.query = tagName(sf, "query", "")
		f.path = tagName(sf, "path", "")
		p.hasQuery = p.hasQuery || f.query != ""
		p.hasPath = p.hasPath || f.path != ""
		switch sf.Type {
		case fileHeaderType:
			f.files = oneFile
		case fileHeadersType:
			f.files = manyFiles
		default:
			f.set, _ = setterFor(sf.Type) // nil: the field only comes from JSON
			f.text = isText(sf.Type)
		}
		if (f.query != "" || f.path != "") && f.set == nil {
			panic(fmt.Sprintf("dto: %s.%s has a query or path tag but a %s cannot be read from text", t, sf.Name, sf.Type))
		}
		if m, ok := ptr.MethodByName("Clean" + sf.Name); ok {
			if m.Type.NumIn() != 2 || m.Type.In(1) != requestType || m.Type.NumOut() != 1 || m.Type.Out(0) != errorType {
				panic(fmt.Sprintf("dto: %s.%s must be func(*petra.Request) error", ptr, m.Name))
			}
			f.clean, f.hasClean = m, true
		}
		f.blank = hasRule(sf, "required") && sf.Type.Kind() == reflect.String
		p.fields = append(p.fields, f)
	}
	p.present = p.presenceOf(t, "", nil, map[reflect.Type]bool{t: true})
	for i := range p.fields {
		f := &p.fields[i]
		if f.json != "" {
			f.tracked = p.scalarIndex(f.name)
		} else if sf := t.FieldByIndex(f.index); isScalar(sf.Type) {
			// A number that only comes from a form, query or path: its presence
			// is recorded when it is bound.
			f.tracked = p.track(f.name, f.index, sf)
		}
	}
	if m, ok := ptr.MethodByName("Clean"); ok {
		if m.Type.NumIn() != 2 || m.Type.In(1) != requestType || m.Type.NumOut() != 1 || m.Type.Out(0) != errorType {
			panic(fmt.Sprintf("dto: %s.Clean must be func(*petra.Request) error to clean the form", ptr))
		}
		p.clean = true
	}
	if m, ok := reflect.New(t).Interface().(interface{ Messages() map[string]string }); ok {
		p.messages = m.Messages()
	}
	checkTags(t)
	return p
}

// presenceOf builds the presence node of struct type t, whose keys are prefixed
// with prefix in error keys; nil when t holds no tracked scalar. visiting holds
// the struct types on the way, so that a recursive type ends.
func (p *plan) presenceOf(t reflect.Type, prefix string, index []int, visiting map[reflect.Type]bool) *presenceNode {
	var node presenceNode
	for _, m := range members(t) {
		if m.json == "" {
			continue
		}
		ft := m.sf.Type
		idx := append(index[:len(index):len(index)], m.index...)
		if isScalar(ft) {
			if bit := p.track(prefix+m.wire, idx, m.sf); bit >= 0 {
				node.keys = append(node.keys, presenceKey{name: m.json, bit: bit})
			}
			continue
		}
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct || ft == timeType || visiting[ft] {
			continue
		}
		visiting[ft] = true
		if child := p.presenceOf(ft, prefix+m.wire+".", idx, visiting); child != nil {
			node.keys = append(node.keys, presenceKey{name: m.json, bit: -1, child: child})
		}
		delete(visiting, ft)
	}
	if len(node.keys) == 0 {
		return nil
	}
	return &node
}

// track records the scalar field sf under key when its rules need to know
// whether it was sent: a required one, or an omitempty one with other rules. It
// returns the scalar's bit, or -1.
func (p *plan) track(key string, index []int, sf reflect.StructField) int {
	var rest []string
	required, omit := false, false
	for _, rule := range ownRules(sf) {
		switch rule {
		case "required":
			required = true
		case "omitempty", "omitzero":
			omit = true
		default:
			rest = append(rest, rule)
		}
	}
	if !required && (!omit || len(rest) == 0) {
		return -1
	}
	if len(p.scalars) == maxScalars {
		panic(fmt.Sprintf("dto: %s has more than %d required or omitempty numbers and booleans; split the form", p.typ, maxScalars))
	}
	p.scalars = append(p.scalars, scalar{key: key, index: index, rest: strings.Join(rest, ",")})
	bit := len(p.scalars) - 1
	if !required {
		p.optional |= 1 << bit
	}
	return bit
}

func (p *plan) scalarIndex(key string) int {
	for i := range p.scalars {
		if p.scalars[i].key == key {
			return i
		}
	}
	return -1
}

// ownRules are the field's rules that apply to the field itself, before any dive.
func ownRules(sf reflect.StructField) []string {
	tag := sf.Tag.Get("validate")
	if tag == "" {
		return nil
	}
	rules := strings.Split(tag, ",")
	for i, rule := range rules {
		if rule == "dive" {
			return rules[:i]
		}
	}
	return rules
}

// hasRule reports whether the field's own rules include rule.
func hasRule(sf reflect.StructField, rule string) bool {
	for _, r := range ownRules(sf) {
		if r == rule {
			return true
		}
	}
	return false
}

// isScalar reports whether t is a number or a boolean, whose zero value is a
// value a client may send.
func isScalar(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// isText reports whether text is a value of t as it is, so that a blank value is
// a value: strings and bytes, and lists and pointers of them. Other fields
// (numbers, booleans, dates) take a blank form value as not sent, as an HTML form
// sends an empty input.
func isText(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || (t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8) {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return false
	}
	return t.Kind() == reflect.String || (t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8)
}

// fieldAt returns the field at index in v, a struct, allocating the embedded
// structs held by pointer on the way, as encoding/json does.
func fieldAt(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}
