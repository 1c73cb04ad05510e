package openapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net"
	"net/netip"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
)

// mode says which side of the wire a schema describes: a request body, whose
// fields are required by their `validate` rules, a partial request body (a
// PATCH's), whose top-level fields are none of them required, or a response
// body, whose fields are all present unless omitempty, as encoding/json
// writes them.
type mode int

const (
	response mode = iota
	request
	partialRequest
)

// HTTPDate is the format, in the OpenAPI format registry, of a header whose
// value is an HTTP date, as a time.Time header's (see [petra.Header]) is.
const HTTPDate = "http-date"

var (
	timeType            = reflect.TypeFor[time.Time]()
	urlType             = reflect.TypeFor[url.URL]()
	fileHeaderType      = reflect.TypeFor[*multipart.FileHeader]()
	jsonNumberType      = reflect.TypeFor[json.Number]()
	netipAddrType       = reflect.TypeFor[netip.Addr]()
	netIPType           = reflect.TypeFor[net.IP]()
	netipPrefixType     = reflect.TypeFor[netip.Prefix]()
	jsonMarshalerType   = reflect.TypeFor[json.Marshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// registry builds schemas and keeps the named struct types as components.
type registry struct {
	schemas map[string]*Schema
	names   map[typeMode]string
}

type typeMode struct {
	t reflect.Type
	m mode
}

func newRegistry() *registry {
	return &registry{schemas: map[string]*Schema{}, names: map[typeMode]string{}}
}

// schema returns the schema of t in mode m: a $ref for named struct types.
func (g *registry) schema(t reflect.Type, m mode) *Schema {
	if t == nil {
		return &Schema{}
	}
	if t.Kind() == reflect.Pointer && t != fileHeaderType {
		return nullable(g.schema(t.Elem(), m))
	}
	switch {
	case t == timeType:
		return &Schema{Type: Types{"string"}, Format: "date-time"}
	case t == fileHeaderType:
		return &Schema{Type: Types{"string"}, Format: "binary"}
	case t == netipAddrType || t == netIPType:
		return addressSchema()
	case t == netipPrefixType:
		return prefixSchema()
	case t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType):
		return &Schema{} // it writes itself: any JSON
	case t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType):
		return &Schema{Type: Types{"string"}}
	}
	switch t.Kind() {
	case reflect.Bool:
		return &Schema{Type: Types{"boolean"}}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return integer(t)
	case reflect.Float32:
		return &Schema{Type: Types{"number"}, Format: "float"}
	case reflect.Float64:
		return &Schema{Type: Types{"number"}, Format: "double"}
	case reflect.String:
		if t == jsonNumberType {
			return &Schema{Type: Types{"number"}} // written as the number it holds
		}
		return &Schema{Type: Types{"string"}}
	case reflect.Slice, reflect.Array:
		s := &Schema{Type: Types{"array"}, Items: g.schema(t.Elem(), m)}
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			s = &Schema{Type: Types{"string"}, ContentEncoding: "base64"}
		}
		return nilAsNull(s, t, m)
	case reflect.Map:
		return nilAsNull(&Schema{Type: Types{"object"}, AdditionalProperties: g.schema(t.Elem(), m)}, t, m)
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t, m)
		}
		return &Schema{Ref: "#/components/schemas/" + g.component(t, m)}
	}
	return &Schema{} // interfaces: any JSON value
}

// addressSchema is the schema of an IP address, a netip.Addr or a net.IP:
// the text of an IPv4 or IPv6 address (formats ipv4 and ipv6), or "" for
// the zero one, as their MarshalText writes them.
func addressSchema() *Schema {
	return &Schema{Type: Types{"string"}, AnyOf: []*Schema{{Format: "ipv4"}, {Format: "ipv6"}, {MaxLength: ptr(0)}}}
}

// The patterns of IPv4 and IPv6 prefixes (CIDR), the address's format left
// to the patterns' look: JSON Schema has no format for a prefix.
const (
	ipv4Prefix = `^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(?:3[0-2]|[12]?[0-9])$`
	ipv6Prefix = `^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])$`
)

// prefixSchema is the schema of a netip.Prefix: an IPv4 or IPv6 prefix in
// CIDR notation ("192.0.2.0/24", "2001:db8::/32"), or "" for the zero one.
func prefixSchema() *Schema {
	return &Schema{Type: Types{"string"}, AnyOf: []*Schema{{Pattern: ipv4Prefix}, {Pattern: ipv6Prefix}, {MaxLength: ptr(0)}}}
}

// headerSchema returns the schema of a header's value, a t written as text:
// a url.URL (or a pointer to one) is a URI reference, relative or absolute,
// as Request.Link writes it; a time.Time is an HTTP date (RFC 9110 §5.6.7,
// "Sun, 06 Nov 1994 08:49:37 GMT"), the format http-date of the OpenAPI
// format registry, as Last-Modified and Expires are; any other type is as in
// a response body.
func (g *registry) headerSchema(t reflect.Type) *Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case urlType:
		return &Schema{Type: Types{"string"}, Format: "uri-reference"}
	case timeType:
		return &Schema{Type: Types{"string"}, Format: HTTPDate}
	}
	return g.schema(t, response)
}

// component returns the name of t's component in mode m, building it once.
func (g *registry) component(t reflect.Type, m mode) string {
	key := typeMode{t, m}
	if name, ok := g.names[key]; ok {
		return name
	}
	name := g.freeName(t, m)
	g.names[key] = name
	g.schemas[name] = nil // reserved: a recursive type refers to it while it is built
	g.schemas[name] = g.object(t, m)
	if ex, ok := example(t); ok {
		g.schemas[name].Examples = []any{ex}
	}
	return name
}

// example returns the value of t's Example method, if it has one of the form
// func (T) Example() T, whose result the compiler checks against the type.
func example(t reflect.Type) (any, bool) {
	m, ok := t.MethodByName("Example")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0) != t {
		return nil, false
	}
	return m.Func.Call([]reflect.Value{reflect.Zero(t)})[0].Interface(), true
}

// freeName names t's component: its Go name ("User", "PageUser" for
// petra.Page[User]), qualified by its package, then by the mode, when taken.
func (g *registry) freeName(t reflect.Type, m mode) string {
	base := typeName(t)
	candidates := []string{base, pkgName(t) + base}
	switch m {
	case request:
		candidates = append(candidates, base+"Input", pkgName(t)+base+"Input")
	case partialRequest:
		candidates = []string{base + "Patch", pkgName(t) + base + "Patch"}
	}
	for _, name := range candidates {
		if _, taken := g.schemas[name]; !taken {
			return name
		}
	}
	for i := 2; ; i++ {
		if name := fmt.Sprintf("%s%d", base, i); g.schemas[name] == nil {
			if _, taken := g.schemas[name]; !taken {
				return name
			}
		}
	}
}

// typeName is t's name with generic arguments folded in: "Page[pkg.User]" → "PageUser".
func typeName(t reflect.Type) string {
	name, args, generic := strings.Cut(t.Name(), "[")
	if !generic {
		return name
	}
	for _, arg := range strings.Split(strings.TrimSuffix(args, "]"), ",") {
		arg = arg[strings.LastIndexAny(arg, "./*]")+1:]
		name += strings.ToUpper(arg[:1]) + arg[1:]
	}
	return name
}

func pkgName(t reflect.Type) string {
	p := t.PkgPath()
	p = p[strings.LastIndexByte(p, '/')+1:]
	if p == "" {
		return ""
	}
	return strings.ToUpper(p[:1]) + p[1:]
}

// object is the schema of struct type t, its fields as encoding/json sees them.
func (g *registry) object(t reflect.Type, m mode) *Schema {
	s := &Schema{Type: Types{"object"}, Properties: map[string]*Schema{}}
	partial := m == partialRequest
	if partial {
		m = request // what a field holds is sent whole
	}
	for _, f := range jsonFields(t) {
		if m == request && isFile(f.sf.Type) {
			continue // files come in multipart bodies only
		}
		fs := g.schema(f.sf.Type, m)
		if f.quoted {
			fs = &Schema{Type: Types{"string"}} // the rules are about the value it holds
			if f.sf.Type.Kind() == reflect.Pointer {
				fs = nullable(fs)
			}
		}
		if m == request {
			own, items, note := fieldRules(f.sf)
			if !f.quoted {
				fs = applyRules(fs, f.sf.Type, own, items)
			}
			if note != "" && fs.Ref == "" {
				fs.Description = note
			}
			if hasRule(own, "required") && !partial {
				s.Required = append(s.Required, f.name)
			}
		} else {
			if !f.omit {
				s.Required = append(s.Required, f.name)
			}
			if f.omit || f.nonNull {
				fs = neverNil(fs, f.sf.Type)
			}
		}
		if format := tagFormat(f.sf.Tag.Get("openapi")); format != "" && fs.Ref == "" {
			fs.Format = format
		}
		s.Properties[f.name] = fs
	}
	return s
}

// FormatOption is the option of the struct tag `openapi:"..."` that names a
// field's format, in the OpenAPI format registry, when its Go type does
// not say it: `openapi:"format=uuid"` on a string that holds a UUID. The
// field is documented with it, on both sides of the wire, and a check of the
// answers (openapitest) holds the values to it.
const FormatOption = "format="

// tagFormat returns the format named by the options of an openapi tag, or "".
func tagFormat(opts string) string {
	for _, o := range strings.Split(opts, ",") {
		if format, ok := strings.CutPrefix(o, FormatOption); ok {
			return format
		}
	}
	return ""
}

// jsonField is one field of a struct as encoding/json reads and writes it.
type jsonField struct {
	sf   reflect.StructField
	name string
	omit bool // omitempty or omitzero
	// quoted is the ",string" option on a boolean, number or string: the
	// value is written as a JSON string (42 as "42").
	quoted bool
	// nonNull is the tag openapi:"nonnull": the field, a slice or a map, is
	// never nil in an answer (see [NonNull]).
	nonNull bool
}

// NonNull is the value of the struct tag `openapi:"..."` that promises a slice
// or map field of an answer is never nil, so never written null: the
// document gives it its type alone. petra.Page's data, which NewPage fills
// with [] for no items, carries it.
const NonNull = "nonnull"

// jsonFields lists t's fields as encoding/json does: exported, by tag name or
// Go name, embedded structs promoted, json:"-" left out. A name that two
// fields at one depth claim is left out, as encoding/json leaves it out.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	seen := map[string]int{} // name → index in out
	var walk func(t reflect.Type, depth int, depths map[string]int)
	depths := map[string]int{}
	walk = func(t reflect.Type, depth int, depths map[string]int) {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
				walk(ft, depth+1, depths)
				continue
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			f := jsonField{sf: sf, name: name, omit: strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero"),
				quoted:  hasOption(opts, "string") && (ft.Kind() == reflect.Bool || kindOf(ft) == "number" || kindOf(ft) == "string"),
				nonNull: hasOption(sf.Tag.Get("openapi"), NonNull)}
			if j, ok := seen[name]; ok {
				if depths[name] > depth {
					out[j], depths[name] = f, depth
				}
				continue
			}
			seen[name], depths[name] = len(out), depth
			out = append(out, f)
		}
	}
	walk(t, 0, depths)
	return out
}

// hasOption reports whether opts, the options of a json tag, include option.
func hasOption(opts, option string) bool {
	for _, o := range strings.Split(opts, ",") {
		if o == option {
			return true
		}
	}
	return false
}

// nilAsNull adds null to s, the schema of t, a slice or map type, in an
// answer (m is response): encoding/json writes a nil slice or map as null.
// Requests keep the type alone: a client has no reason to send null for one.
func nilAsNull(s *Schema, t reflect.Type, m mode) *Schema {
	if m != response || t.Kind() == reflect.Array {
		return s
	}
	return nullable(s)
}

// neverNil takes null out of s, the schema of a field of type t, when t is a
// slice or a map that the field's tags say is never written null: an
// omitempty or omitzero one is left out when nil, a nonnull one is never nil.
func neverNil(s *Schema, t reflect.Type) *Schema {
	if t.Kind() != reflect.Slice && t.Kind() != reflect.Map {
		return s
	}
	s.Type = slices.DeleteFunc(s.Type, func(name string) bool { return name == "null" })
	return s
}

// nullable adds null to the values s allows.
func nullable(s *Schema) *Schema {
	switch {
	case s.Ref != "" || len(s.Type) == 0:
		if s.Ref == "" {
			return s // any value already includes null
		}
		return &Schema{AnyOf: []*Schema{s, {Type: Types{"null"}}}}
	default:
		if !slices.Contains(s.Type, "null") {
			s.Type = append(s.Type, "null")
		}
		return s
	}
}

// integer is the schema of integer type t: its format in the OpenAPI format
// registry (int8 to int64, uint8 to uint64, an int, a uint or a uintptr by
// its size),
// and, for unsigned types, minimum 0. Types of 32 bits or less (but int32,
// which every tool knows) also carry their maximum, and their minimum, which
// a float64 says exactly, because validators that do not know the format
// (most know int32 and int64 only) still hold values to them. A uint64 has
// no maximum: 18446744073709551615 is no float64, and the nearest one,
// 2^64, would admit a value one too large; its format says the bound.
func integer(t reflect.Type) *Schema {
	unsigned := t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr
	s := &Schema{Type: Types{"integer"}, Format: fmt.Sprintf("int%d", t.Bits())}
	if unsigned {
		s.Format = "u" + s.Format
		s.Minimum = ptr(0.0)
	}
	switch {
	case unsigned && t.Bits() <= 32:
		s.Maximum = ptr(float64(uint64(1)<<t.Bits() - 1))
	case !unsigned && t.Bits() < 32:
		s.Minimum = ptr(-float64(int64(1) << (t.Bits() - 1)))
		s.Maximum = ptr(float64(int64(1)<<(t.Bits()-1) - 1))
	}
	return s
}

func ptr[T any](v T) *T { return &v }
