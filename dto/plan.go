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
// per type, when the route is declared: where each field comes from, how text
// becomes its value, what the validator leaves to the binder at every depth
// (the nodes), and which clean hooks the form has.
type plan struct {
	typ      reflect.Type
	fields   []field
	root     *node             // the form's struct; the nodes of nested structs hang from it
	decoder  *decoder          // decodes a JSON body in one pass; nil leaves it to encoding/json
	messages map[string]string // "email.required" → message, from the form's Messages
	clean    hook              // its Clean method, or nil
	dep      reflect.Type      // the dependency its hooks take (see With), or nil
	hasQuery bool              // some field has a query tag
	hasPath  bool              // some field has a path tag
	trims    bool              // some field is tagged dto:"trim"
	nested   bool              // some field with a form name is a struct or a list of structs
	ownRules bool              // some validate tag names a rule of an app's own: see WithRules
	worded   messageCache      // messages already worded, so a failure costs no allocation
	// sentScalars are the top-level required numbers and booleans, whose
	// other rules are checked in place of required when they were sent as 0
	// or false (see binding.check).
	sentScalars []requiredScalar
}

// requiredScalar is a required number or boolean field of the form itself.
type requiredScalar struct {
	index  int    // in the form's struct
	wire   string // its error key
	goPath string // its name in the validator's namespace: "Form.Age"
	rest   string // its rules other than required, omitempty and omitzero
}

// field is one top-level field of a form; the fields of embedded structs are
// promoted, as encoding/json promotes them.
type field struct {
	index  []int // from the form, through embedded structs
	goName string
	name   string // the wire name errors are keyed by
	json   string // "" when the field takes no JSON
	form   string // key in urlencoded and multipart bodies, and in GET query strings
	query  string // explicit `query:"…"`
	path   string // explicit `path:"…"`
	trim   bool   // tagged dto:"trim": its surrounding whitespace is removed before its rules
	set    setter // nil when text cannot fill the field (structs, maps)
	text   bool   // text is its value as is: a blank value is a value, not "not sent"
	files  fileKind
	clean  hook // its Clean<Field> method, or nil
}

type fileKind int

const (
	noFile fileKind = iota
	oneFile
	manyFiles
)

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
	ns := nodes{}
	p := &plan{typ: t, root: ns.of(t), decoder: formDecoder(t)}
	refuseNestedTrim(t, ns)
	ptr := reflect.PointerTo(t)
	for _, m := range members(t) {
		sf := m.sf
		f := field{index: m.index, goName: sf.Name, name: m.wire, json: m.json}
		f.form = tagName(sf, "form", f.json)
		f.query = tagName(sf, "query", "")
		f.path = tagName(sf, "path", "")
		f.trim = trimsText(t, sf)
		p.trims = p.trims || f.trim
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
		p.nested = p.nested || (f.form != "" && f.set == nil && f.files == noFile)
		if (f.query != "" || f.path != "") && f.set == nil {
			panic(fmt.Sprintf("dto: %s.%s has a query or path tag but a %s cannot be read from text", t, sf.Name, sf.Type))
		}
		if m, ok := ptr.MethodByName("Clean" + sf.Name); ok {
			var dep reflect.Type
			f.clean, dep = cleanHook(ptr, m, "func(*petra.Request) error")
			p.takeDep(m.Name, dep)
		}
		p.fields = append(p.fields, f)
		if rules := ownRules(sf); len(m.index) == 1 && isScalar(sf.Type) && plainRequired(rules) && len(p.sentScalars) < 64 {
			p.sentScalars = append(p.sentScalars, requiredScalar{index: m.index[0], wire: m.wire,
				goPath: namespaceOf(t) + sf.Name, rest: withoutPresenceRules(rules)})
		}
	}
	if m, ok := ptr.MethodByName("Clean"); ok {
		var dep reflect.Type
		p.clean, dep = cleanHook(ptr, m, "func(*petra.Request) error to clean the form")
		p.takeDep(m.Name, dep)
	}
	if m, ok := reflect.New(t).Interface().(interface{ Messages() map[string]string }); ok {
		p.messages = m.Messages()
	}
	p.ownRules = declared.checkDeclared(t)
	return p
}

// plainRequired reports whether rules hold required and nothing that changes
// how the validator walks them (omitempty and its kin, alternatives with |):
// rules that a zero value fails at required or at a rule before it.
func plainRequired(rules []string) bool {
	for _, r := range rules {
		if strings.Contains(r, "|") || contains([]string{"omitempty", "omitzero", "omitnil", "isdefault"}, r) {
			return false
		}
	}
	return contains(rules, "required")
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
