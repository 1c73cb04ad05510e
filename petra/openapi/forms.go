package openapi

import (
	"reflect"
	"strings"
)

// formField is a field of a form as dto binds it from a form body or the query
// string.
type formField struct {
	sf    reflect.StructField
	form  string // its key in form bodies and GET query strings
	query string // its `query` tag
	path  string // its `path` tag
}

// formFields lists the fields of form type t that dto can bind from text or
// files, promoting embedded structs as dto does.
func formFields(t reflect.Type) []formField {
	var out []formField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		jsonName, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.Anonymous && jsonName == "" && ft.Kind() == reflect.Struct {
			out = append(out, formFields(ft)...)
			continue
		}
		if !sf.IsExported() || !fromText(sf.Type) {
			continue
		}
		f := formField{sf: sf, form: tagName(sf, "form"), query: tagName(sf, "query"), path: tagName(sf, "path")}
		if f.form == "" {
			f.form = jsonName
			if f.form == "" || f.form == "-" {
				f.form = sf.Name
			}
		}
		out = append(out, f)
	}
	return out
}

func tagName(sf reflect.StructField, key string) string {
	name, _, _ := strings.Cut(sf.Tag.Get(key), ",")
	if name == "-" {
		return ""
	}
	return name
}

// fromText reports whether dto fills a field of type t from form text or
// files: not structs (but dates and text unmarshalers) nor maps.
func fromText(t reflect.Type) bool {
	if t == fileHeaderType || t == reflect.SliceOf(fileHeaderType) {
		return true
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
		t = t.Elem()
	}
	if t == timeType || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return true
	}
	return t.Kind() != reflect.Struct && t.Kind() != reflect.Map && t.Kind() != reflect.Interface
}

func isFile(t reflect.Type) bool {
	return t == fileHeaderType || t == reflect.SliceOf(fileHeaderType)
}

// requestBody documents the bodies form type t is bound from: JSON by its
// json fields, urlencoded and multipart by its form fields (multipart only when
// it takes files).
//
// A partial form (a PATCH's) requires none of its fields. A form a view reads
// itself from a multipart body (see petra.Route.Multipart) is documented as
// multipart only.
func requestBody(g *registry, t reflect.Type, partial, multipartOnly bool) *RequestBody {
	form := &Schema{Type: Types{"object"}, Properties: map[string]*Schema{}}
	if multipartOnly {
		for _, f := range formFields(t) {
			if f.query != "" || f.path != "" {
				continue
			}
			form.Properties[f.form] = fieldSchema(g, f.sf)
			if own, _ := splitRules(f.sf.Tag.Get("validate")); hasRule(own, "required") {
				form.Required = append(form.Required, f.form)
			}
		}
		return &RequestBody{Required: true, Content: map[string]*MediaType{"multipart/form-data": {Schema: form}}}
	}
	m := request
	if partial {
		m = partialRequest
	}
	content := map[string]*MediaType{}
	jsonSchema := g.schema(t, m)
	required := len(g.schemas[g.names[typeMode{t, m}]].Required) > 0
	content["application/json"] = &MediaType{Schema: jsonSchema}
	files := false
	for _, f := range formFields(t) {
		if f.query != "" || f.path != "" {
			continue
		}
		files = files || isFile(f.sf.Type)
		form.Properties[f.form] = fieldSchema(g, f.sf)
		if own, _ := splitRules(f.sf.Tag.Get("validate")); hasRule(own, "required") && !partial {
			form.Required = append(form.Required, f.form)
		}
	}
	if len(form.Properties) > 0 {
		content["multipart/form-data"] = &MediaType{Schema: form}
		if !files {
			content["application/x-www-form-urlencoded"] = &MediaType{Schema: form}
		}
	}
	return &RequestBody{Required: required, Content: content}
}

// formParameters documents the fields of form type t read from the query
// string: those tagged `query`, and all form fields when the request has no
// body (GET, HEAD, DELETE); none is required in a partial form.
func formParameters(g *registry, t reflect.Type, queryIsForm, partial bool) []*Parameter {
	var params []*Parameter
	for _, f := range formFields(t) {
		name := f.query
		if name == "" && queryIsForm && f.path == "" && !isFile(f.sf.Type) {
			name = f.form
		}
		if name == "" {
			continue
		}
		own, _ := splitRules(f.sf.Tag.Get("validate"))
		params = append(params, &Parameter{Name: name, In: "query", Required: hasRule(own, "required") && !partial, Schema: fieldSchema(g, f.sf)})
	}
	return params
}

// fieldSchema is the schema of a form field with its rules.
func fieldSchema(g *registry, sf reflect.StructField) *Schema {
	own, items, note := fieldRules(sf)
	s := applyRules(g.schema(sf.Type, request), sf.Type, own, items)
	if note != "" && s.Ref == "" {
		s.Description = note
	}
	return s
}
