package openapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// Config is what the document says beyond the routes.
type Config struct {
	// Title and Version name the API in the document's info. Defaults: "petra
	// API" and "0.1.0".
	Title, Version string
	// Description is the API's description, in CommonMark.
	Description string
	// Servers are the URLs the API is served at ("https://api.example.com").
	Servers []string
	// Middleware describes what the app's middleware answers, in the order
	// App.Use takes it, the outermost first: each one's errors join every
	// operation's answers, and its headers join every answer of the routes
	// and of the middleware after it. petra/middleware describes its own:
	//
	//	openapi.Config{Middleware: []petra.Answers{
	//		middleware.RequestIDAnswers(),
	//		middleware.TimeoutAnswers(30 * time.Second),
	//		middleware.RateLimitAnswers(limits),
	//	}}
	Middleware []petra.Answers
}

// The names of the shared components.
const (
	errorSchema  = "Error"
	bearerScheme = "bearerAuth"
)

// Build returns the OpenAPI 3.1 document of every route app serves (see
// [petra.App.Operations]): call it once every module is mounted.
func Build(app *petra.App, cfg Config) *Document {
	if cfg.Title == "" {
		cfg.Title = "petra API"
	}
	if cfg.Version == "" {
		cfg.Version = "0.1.0"
	}
	doc := &Document{
		OpenAPI: "3.1.0",
		Info:    Info{Title: cfg.Title, Version: cfg.Version, Description: cfg.Description},
		Paths:   map[string]*PathItem{},
	}
	for _, u := range cfg.Servers {
		doc.Servers = append(doc.Servers, Server{URL: u})
	}
	if len(doc.Servers) == 0 {
		doc.Servers = []Server{{URL: "/"}} // wherever the document is served from
	}
	g := newRegistry()
	w := newWrapping(g, cfg.Middleware, app.Languages())
	usedIDs := map[string]bool{}
	for _, op := range app.Operations() {
		path, o := operation(g, w, op)
		o.OperationID = uniqueID(usedIDs, operationID(op))
		item := doc.Paths[path]
		if item == nil {
			item = &PathItem{}
			doc.Paths[path] = item
		}
		if slot := item.slot(op.Method); slot != nil {
			*slot = o
		}
		if !slices.ContainsFunc(doc.Tags, func(t Tag) bool { return t.Name == op.Module }) {
			doc.Tags = append(doc.Tags, Tag{Name: op.Module})
		}
	}
	g.schemas[errorSchema] = envelopeSchema()
	doc.Components = Components{
		Schemas:   g.schemas,
		Responses: w.components(),
		SecuritySchemes: map[string]*SecurityScheme{
			bearerScheme: {Type: "http", Scheme: "bearer", BearerFormat: "JWT"},
		},
	}
	return doc
}

// operation documents op, with what w's middleware adds, returning its
// OpenAPI path.
func operation(g *registry, w *wrapping, op petra.Operation) (string, *Operation) {
	o := &Operation{
		Tags:        []string{op.Module},
		Summary:     op.Summary,
		Description: op.Description,
		Responses:   map[string]*Response{},
		Security:    []map[string][]string{},
	}
	if o.Summary == "" {
		o.Summary = summary(op)
	}
	for _, p := range op.Params {
		o.Parameters = append(o.Parameters, &Parameter{Name: p.Name, In: "path", Required: true, Schema: paramSchema(p)})
	}
	invalid := false
	hasBody := op.Method == http.MethodPost || op.Method == http.MethodPut || op.Method == http.MethodPatch
	if op.Form != nil {
		invalid = true
		o.Parameters = append(o.Parameters, formParameters(g, op.Form, !hasBody, op.Partial)...)
		if hasBody {
			o.RequestBody = requestBody(g, op.Form, op.Partial, op.Multipart)
		}
	}
	for _, r := range op.Responses {
		res := &Response{Description: r.Status.Text(), Headers: responseHeaders(g, r.Headers)}
		if r.Body != nil && r.Status != status.HTTP_204_NO_CONTENT {
			res.Content = map[string]*MediaType{"application/json": {Schema: g.schema(r.Body, response)}}
			if isPage(r.Body) {
				invalid = true
				o.Parameters = append(o.Parameters, pageParameters()...)
			}
		}
		o.Responses[strconv.Itoa(int(r.Status))] = res
	}
	if len(op.Responses) == 0 {
		o.Responses["200"] = &Response{Description: "OK"}
	}
	errs := []petra.Failed{{Status: status.HTTP_500_INTERNAL_SERVER_ERROR}}
	if invalid {
		errs = append(errs, petra.Failed{Status: status.HTTP_400_BAD_REQUEST})
	}
	if len(op.Permissions) > 0 {
		errs = append(errs, petra.Failed{Status: status.HTTP_401_UNAUTHORIZED}, petra.Failed{Status: status.HTTP_403_FORBIDDEN})
		if needsAuthentication(op.Permissions) {
			o.Security = []map[string][]string{{bearerScheme: {}}}
		}
	}
	if len(op.Params) > 0 {
		errs = append(errs, petra.Failed{Status: status.HTTP_404_NOT_FOUND})
	}
	if o.RequestBody != nil {
		errs = append(errs, petra.Failed{Status: status.HTTP_408_REQUEST_TIMEOUT},
			petra.Failed{Status: status.HTTP_415_UNSUPPORTED_MEDIA_TYPE})
	}
	if op.BodyLimit >= 0 { // petra refuses a body over it on any method
		errs = append(errs, petra.Failed{Status: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE})
	}
	for _, f := range byStatus(append(errs, op.Errors...)) {
		key := strconv.Itoa(int(f.Status))
		if _, declared := o.Responses[key]; !declared {
			o.Responses[key] = envelopeResponse(g, f.Status, errorHeaders(f.Status, f.Headers))
		}
	}
	w.wrap(o.Responses)
	w.share(o.Responses)
	return openAPIPath(op.Path, op.Params), o
}

// responseHeaders documents the headers an answer is sent with: required
// unless declared optional.
func responseHeaders(g *registry, headers []petra.ResponseHeader) map[string]*Header {
	if len(headers) == 0 {
		return nil
	}
	out := make(map[string]*Header, len(headers))
	for _, h := range headers {
		out[h.Name] = &Header{Description: h.Description, Required: !h.Optional, Schema: g.headerSchema(h.Type)}
	}
	return out
}

// needsAuthentication reports whether perms refuse an anonymous request with
// petra.ErrUnauthenticated (401): such a route wants the bearer token. A
// permission that panics on the synthetic request is taken to need one.
func needsAuthentication(perms []petra.Permission) (needs bool) {
	defer func() {
		if recover() != nil {
			needs = true
		}
	}()
	r := &petra.Request{Request: httptest.NewRequest(http.MethodGet, "/", nil)}
	for _, p := range perms {
		err := p(r)
		var se interface{ Status() status.Code }
		if errors.As(err, &se) && se.Status() == status.HTTP_401_UNAUTHORIZED {
			return true
		}
		if err != nil {
			return false
		}
	}
	return false
}

// openAPIPath writes path with OpenAPI's {name} parameters.
func openAPIPath(path string, params []petra.PathParam) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '<', '{':
			end := closing(path[i:], c)
			if end < 0 { // unclosed: petra refuses such a route when it is mounted
				b.WriteString(strings.NewReplacer("<", "", "{", "").Replace(path[i:]))
				return b.String()
			}
			spec := path[i+1 : i+end]
			name := spec
			if c == '<' {
				if _, n, ok := strings.Cut(spec, ":"); ok {
					name = n
				}
			} else {
				name, _, _ = strings.Cut(spec, ":")
			}
			b.WriteString("{" + name + "}")
			i += end
		case '*':
			for _, p := range params {
				if p.Converter == "path" {
					b.WriteString("{" + p.Name + "}")
				}
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// closing returns the index of the bracket closing s[0], counting nested
// braces, or -1.
func closing(s string, open byte) int {
	closeBy := map[byte]byte{'<': '>', '{': '}'}[open]
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case open:
			depth++
		case closeBy:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// paramSchema is the schema of a path parameter: what its converter accepts.
func paramSchema(p petra.PathParam) *Schema {
	switch p.Converter {
	case "int":
		return &Schema{Type: Types{"integer"}, Minimum: ptr(0.0)}
	case "uuid":
		return &Schema{Type: Types{"string"}, Format: "uuid", Pattern: `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`}
	case "slug":
		return &Schema{Type: Types{"string"}, Pattern: `^[-a-zA-Z0-9_]+$`}
	case "str":
		return &Schema{Type: Types{"string"}, Pattern: `^[^/]+$`}
	case "path":
		return &Schema{Type: Types{"string"}, MinLength: ptr(1)}
	}
	if p.Pattern != "" {
		return &Schema{Type: Types{"string"}, Pattern: "^(?:" + p.Pattern + ")$"}
	}
	return &Schema{Type: Types{"string"}}
}

// summary is the default summary of op: its view's name in words,
// "user:get_single_user" → "Get single user".
func summary(op petra.Operation) string {
	name := op.Name
	if i := strings.LastIndexAny(name, ":."); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(name))
	if name == "" {
		return op.Method + " " + openAPIPath(op.Path, op.Params)
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// operationID is the route's name with characters URLs keep as they are.
func operationID(op petra.Operation) string {
	name := op.Name
	if name == "" {
		name = strings.ToLower(op.Method) + strings.NewReplacer("{", "", "}", "").Replace(openAPIPath(op.Path, op.Params))
		name = strings.TrimRight(name, "/")
	}
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '.' || r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return '_'
	}, strings.ReplaceAll(name, ":", "."))
}

func uniqueID(used map[string]bool, id string) string {
	candidate := id
	for i := 2; used[candidate]; i++ {
		candidate = id + "_" + strconv.Itoa(i)
	}
	used[candidate] = true
	return candidate
}

// isPage reports whether t is a petra.Page[T] or a petra.UncountedPage[T],
// the answer of a view that reads ?page= and ?per_page= with
// Request.PageParams.
func isPage(t reflect.Type) bool {
	return t.PkgPath() == reflect.TypeFor[petra.PageParams]().PkgPath() &&
		(strings.HasPrefix(t.Name(), "Page[") || strings.HasPrefix(t.Name(), "UncountedPage["))
}

func pageParameters() []*Parameter {
	return []*Parameter{
		{Name: "page", In: "query", Schema: &Schema{Type: Types{"integer"}, Minimum: ptr(1.0)},
			Description: "The page, from 1 (the default). A page past the last is answered 200 with empty data and a null next_page_url, not 404."},
		{Name: "per_page", In: "query", Schema: &Schema{Type: Types{"integer"}, Minimum: ptr(1.0)}},
	}
}
