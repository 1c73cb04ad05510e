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
// fields are required numbers or booleans whose presence must be tracked, and
// which clean hooks the form has.
type plan struct {
	typ      reflect.Type
	fields   []field
	present  *presenceNode // JSON keys of required numbers and booleans; nil if none
	required []requiredScalar
	messages map[string]string // "email.required" → message, from the form's Messages
	clean    bool              // *F has Clean(*petra.Request) error
	hasQuery bool              // some field has a query tag
	hasPath  bool              // some field has a path tag
}

// field is one top-level field of a form.
type field struct {
	index    int
	goName   string
	name     string // the wire name errors are keyed by
	json     string // "" when the field takes no JSON
	form     string // key in urlencoded and multipart bodies, and in GET query strings
	query    string // explicit `query:"…"`
	path     string // explicit `path:"…"`
	set      setter // nil when text cannot fill the field (structs, maps)
	files    fileKind
	required int  // index in plan.required, or -1
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

// requiredScalar is a required number or boolean: since 0 and false are values,
// it is required to have been sent, which the binder records.
type requiredScalar struct {
	key   string // error key, "age" or "address.zip"
	index []int  // the field's index path from the form
	rest  string // the field's rules without required, checked when 0 or false was sent
}

// presenceNode maps the JSON keys of one object to the required scalars they
// fill, or to a nested object's node.
type presenceNode struct {
	keys []presenceKey
}

type presenceKey struct {
	name  string
	bit   int // index in plan.required, or -1
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
	p := &plan{typ: t}
	ptr := reflect.PointerTo(t)
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		f := field{index: i, goName: sf.Name, required: -1}
		f.json = jsonName(sf)
		f.form = tagName(sf, "form", f.json)
		f.query = tagName(sf, "query", "")
		f.path = tagName(sf, "path", "")
		f.name = wireName(sf)
		p.hasQuery = p.hasQuery || f.query != ""
		p.hasPath = p.hasPath || f.path != ""
		switch sf.Type {
		case fileHeaderType:
			f.files = oneFile
		case fileHeadersType:
			f.files = manyFiles
		default:
			f.set, _ = setterFor(sf.Type) // nil: the field only comes from JSON
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
		f.blank = isRequired(sf) && sf.Type.Kind() == reflect.String
		p.fields = append(p.fields, f)
	}
	p.present = p.presenceOf(t, "", nil)
	for i := range p.fields {
		f := &p.fields[i]
		if isRequired(t.Field(f.index)) && isScalar(t.Field(f.index).Type) && f.json == "" {
			// A required number that only comes from a form, query or path:
			// presence is recorded when it is bound.
			f.required = p.addRequired(f.name, []int{f.index}, t.Field(f.index))
		}
	}
	for i := range p.fields {
		f := &p.fields[i]
		if f.required < 0 && f.json != "" {
			f.required = p.requiredIndex(f.name)
		}
	}
	if len(p.required) > 64 {
		panic(fmt.Sprintf("dto: %s has more than 64 required numbers and booleans", t))
	}
	_, p.clean = reflect.New(t).Interface().(interface{ Clean(*petra.Request) error })
	if m, ok := reflect.New(t).Interface().(interface{ Messages() map[string]string }); ok {
		p.messages = m.Messages()
	}
	checkTags(t)
	return p
}

// presenceOf builds the presence node of struct type t, whose JSON keys are
// prefixed with prefix in error keys; nil when t holds no required scalar.
func (p *plan) presenceOf(t reflect.Type, prefix string, index []int) *presenceNode {
	var node presenceNode
	for i := range t.NumField() {
		sf := t.Field(i)
		name := jsonName(sf)
		if !sf.IsExported() || name == "" {
			continue
		}
		ft := sf.Type
		switch {
		case isRequired(sf) && isScalar(ft):
			node.keys = append(node.keys, presenceKey{name: name, bit: p.addRequired(prefix+name, append(index[:len(index):len(index)], i), sf)})
		case ft.Kind() == reflect.Struct && ft != timeType:
			if child := p.presenceOf(ft, prefix+name+".", append(index[:len(index):len(index)], i)); child != nil {
				node.keys = append(node.keys, presenceKey{name: name, bit: -1, child: child})
			}
		}
	}
	if len(node.keys) == 0 {
		return nil
	}
	return &node
}

func (p *plan) addRequired(key string, index []int, sf reflect.StructField) int {
	var rest []string
	for _, rule := range strings.Split(sf.Tag.Get("validate"), ",") {
		if rule != "required" {
			rest = append(rest, rule)
		}
	}
	p.required = append(p.required, requiredScalar{key: key, index: index, rest: strings.Join(rest, ",")})
	return len(p.required) - 1
}

func (p *plan) requiredIndex(key string) int {
	for i, r := range p.required {
		if r.key == key {
			return i
		}
	}
	return -1
}

// isRequired reports whether the field's own rules (before any dive) include
// required.
func isRequired(sf reflect.StructField) bool {
	for _, rule := range strings.Split(sf.Tag.Get("validate"), ",") {
		switch rule {
		case "required":
			return true
		case "dive":
			return false
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

// jsonName is the field's JSON key, "" for `json:"-"`.
func jsonName(sf reflect.StructField) string {
	return tagName(sf, "json", sf.Name)
}

// tagName is the name in tag key, def when the tag is absent or unnamed, and ""
// when it is "-".
func tagName(sf reflect.StructField, key, def string) string {
	tag, ok := sf.Tag.Lookup(key)
	if !ok {
		return def
	}
	name, _, _ := strings.Cut(tag, ",")
	switch name {
	case "-":
		return ""
	case "":
		return def
	}
	return name
}

// wireName is the name a client knows the field by: its JSON key, else its form,
// query or path name, else its Go name.
func wireName(sf reflect.StructField) string {
	for _, key := range []string{"json", "form", "query", "path"} {
		if name := tagName(sf, key, ""); name != "" {
			return name
		}
	}
	return sf.Name
}
