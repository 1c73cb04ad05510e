package petra

import (
	"fmt"
	"reflect"

	"golang.org/x/net/http/httpguts"

	"github.com/go-petra/petra/status"
)

// BodyType is the Go type of a response body a route declares with
// [Route.Returns]. Build it with [Schema]; the zero BodyType, [NoBody], is a
// response without a body.
type BodyType struct {
	typ reflect.Type
}

// NoBody is the BodyType of a response without a body, such as a 204.
var NoBody BodyType

// Schema returns the BodyType of T, the type a view answers with
// petra.Response(T{...}, code). Naming the type rather than writing its schema
// keeps the documentation in step with the code: renaming or changing T changes
// what is documented.
func Schema[T any]() BodyType { return BodyType{typ: reflect.TypeFor[T]()} }

// Type returns the Go type, or nil for [NoBody].
func (b BodyType) Type() reflect.Type { return b.typ }

// Returns returns a copy of rt that declares a successful answer of its view:
// the status code, the type of its body and the headers it is sent with (see
// [Header]). A route may declare several (a 200 and a 202); documentation
// generators such as petra/openapi read them, and the tests that check answers
// against the document prove them.
//
//	petra.Post("registration/", dto.Form(v.Register)).Returns(petra.Schema[Registered](), status.HTTP_201_CREATED,
//		petra.Header[url.URL]("Location", "The URL of the new account"))
//	petra.Delete("users/<uuid:user_id>", v.DeleteUser).Returns(petra.NoBody, status.HTTP_204_NO_CONTENT)
func (rt Route) Returns(body BodyType, code status.Code, headers ...ResponseHeader) Route {
	rt.doc.Responses = append(rt.doc.Responses[:len(rt.doc.Responses):len(rt.doc.Responses)],
		Returned{Status: code, Body: body.typ, Headers: headers})
	return rt
}

// ResponseHeader is a header that a view sends with an answer it declares with
// [Route.Returns] or [Route.FailsWith]. Build it with [Header] or
// [OptionalHeader].
type ResponseHeader struct {
	// Name is the header's name, "Location".
	Name string
	// Description says what its value is.
	Description string
	// Type is the Go type of the value the view writes as text: a string, a
	// number, a url.URL for a URL, a time.Time for an HTTP date.
	Type reflect.Type
	// Optional says that the view may leave the header out of such an
	// answer; the zero value is a header sent with every one.
	Optional bool
}

// Header returns a ResponseHeader named name, whose value is a T written as
// text and means what description says, for [Route.Returns] and
// [Route.FailsWith]: the view sends it with every such answer, as the
// registration sends the Location of the new account. A time.Time is written
// as an HTTP date, t.UTC().Format(http.TimeFormat), as Last-Modified and
// Expires are. It panics if name is not a valid header name.
//
//	petra.Header[url.URL]("Location", "The URL of the new account")
//	petra.Header[int]("X-Total-Count", "How many items the list holds")
func Header[T any](name, description string) ResponseHeader {
	return responseHeader[T]("Header", name, description)
}

// OptionalHeader is [Header] for a header the view sends with some of its
// answers of the code only, as a Last-Modified it knows for some objects:
// documentation says it is not required, and a check of the answers
// accepts one without it (but not one with a value that is not a T).
func OptionalHeader[T any](name, description string) ResponseHeader {
	h := responseHeader[T]("OptionalHeader", name, description)
	h.Optional = true
	return h
}

// responseHeader builds the ResponseHeader of [Header] and [OptionalHeader], named
// by caller in its panic.
func responseHeader[T any](caller, name, description string) ResponseHeader {
	if !httpguts.ValidHeaderFieldName(name) {
		panic(fmt.Sprintf("petra: %s: %q is not a valid header name", caller, name))
	}
	return ResponseHeader{Name: name, Description: description, Type: reflect.TypeFor[T]()}
}

// Fails returns a copy of rt that declares error answers its view gives with
// petra.Fail beyond those petra documents by itself (400 for a form, 401 and 403
// for permissions, 404 for path parameters, 413 and 415 for bodies, 500), such
// as a login's 401 for wrong credentials. Each is documented with the headers
// petra sends with every such answer (see [ErrorHeaders]); declare those of
// the view's own with [Route.FailsWith].
func (rt Route) Fails(codes ...status.Code) Route {
	rt.doc.Errors = rt.doc.Errors[:len(rt.doc.Errors):len(rt.doc.Errors)]
	for _, code := range codes {
		rt.doc.Errors = append(rt.doc.Errors, Failed{Status: code})
	}
	return rt
}

// FailsWith is [Route.Fails] for one error answer that the view sends with
// headers, as [Error.WithHeader] adds them: a 423 with the Retry-After of
// when to try again.
//
//	petra.Delete("orders/<int:pk>", v.Cancel).
//		FailsWith(status.HTTP_423_LOCKED, petra.Header[int]("Retry-After", "How many seconds the packing takes"))
func (rt Route) FailsWith(code status.Code, headers ...ResponseHeader) Route {
	rt.doc.Errors = append(rt.doc.Errors[:len(rt.doc.Errors):len(rt.doc.Errors)],
		Failed{Status: code, Headers: headers})
	return rt
}

// Summary returns a copy of rt with a one-line summary, shown by API documentation.
func (rt Route) Summary(s string) Route {
	rt.doc.Summary = s
	return rt
}

// Description returns a copy of rt with a longer description, shown by API
// documentation.
func (rt Route) Description(s string) Route {
	rt.doc.Description = s
	return rt
}

// Multipart returns a copy of rt that declares the multipart/form-data body
// its view reads itself, with [Request.File] or the request's MultipartForm,
// rather than through dto.Form: the fields of form's type, a
// *multipart.FileHeader for a file, named by their `form` tags and required
// by their `validate:"required"`, as dto reads them. A request with another
// content type is answered 415 before the view runs, after the route's
// permissions. Documentation generators such as petra/openapi document that
// body, multipart only, with the 400 of a form and the 408, 413 and 415 of a
// body. It panics if form is not a struct type or if the view already binds
// a form (dto.Form documents its own).
//
//	type AvatarUpload struct {
//		Avatar *multipart.FileHeader `form:"avatar" validate:"required"`
//	}
//	petra.Post("users/<uuid:user_id>/avatar/", v.UploadAvatar).Multipart(petra.Schema[AvatarUpload]())
func (rt Route) Multipart(form BodyType) Route {
	if form.typ == nil || form.typ.Kind() != reflect.Struct {
		panic(fmt.Sprintf("petra: Multipart needs a struct type, got %v", form.typ))
	}
	if rt.form != nil {
		panic(fmt.Sprintf("petra: Multipart on a route whose view binds %v already", rt.form))
	}
	rt.form, rt.multipart = form.typ, true
	serve := rt.serve
	rt.serve = func(r *Request) Result {
		if r.MediaType() != "multipart/form-data" {
			return Fail(ErrUnsupportedMediaType)
		}
		return serve(r)
	}
	return rt
}

// Binds returns a copy of h that declares the type of the form its view binds,
// for documentation generators; dto.Form calls it with the form type.
func (h Handler) Binds(form reflect.Type) Handler {
	h.form = form
	return h
}

// BindsPartial is [Handler.Binds] for a view that applies the fields a
// request sends to a stored object, as a PATCH does (dto.Partial): the form's
// fields are documented, none of them required.
func (h Handler) BindsPartial(form reflect.Type) Handler {
	h.form, h.partial = form, true
	return h
}

// Returned is one answer a route declared with [Route.Returns].
type Returned struct {
	// Status is the answer's status code.
	Status status.Code
	// Body is the type of its body, nil for none.
	Body reflect.Type
	// Headers are the headers it is sent with, declared with [Header].
	Headers []ResponseHeader
}

// Failed is one error answer a route declared with [Route.Fails] or
// [Route.FailsWith]; its body is petra's error envelope.
type Failed struct {
	// Status is the answer's status code.
	Status status.Code
	// Headers are the headers the view sends with it, beyond those of
	// [ErrorHeaders].
	Headers []ResponseHeader
}

// Answers describes, for documentation generators such as petra/openapi
// (its Config.Middleware), what a middleware answers for the routes it wraps:
// the error answers it gives itself, in petra's envelope, and the headers it
// adds to every answer that passes through it, those of the routes and of
// the middleware it wraps. The middleware of petra/middleware describe
// themselves (middleware.RateLimitAnswers, middleware.TimeoutAnswers…); the
// zero Answers adds nothing.
type Answers struct {
	// Errors are the error answers the middleware gives instead of the
	// route's, each with the headers it sends beyond those of
	// [ErrorHeaders]: a rate limit's 429 with Retry-After.
	Errors []Failed
	// Headers are the headers it adds to every answer it passes through,
	// required unless declared with [OptionalHeader].
	Headers []ResponseHeader
}

// routeDoc is what a route declares for documentation only.
type routeDoc struct {
	Summary     string
	Description string
	Responses   []Returned
	Errors      []Failed
}

// PathParam is one parameter of a route's path.
type PathParam struct {
	// Name is the parameter's name, "user_id".
	Name string
	// Converter is the Django converter checking it ("int", "uuid", "slug",
	// "str", "path"), or "" for a chi parameter.
	Converter string
	// Pattern is the regular expression of a chi parameter ("{id:[0-9]+}"), if any.
	Pattern string
}

// Operation describes a mounted route for documentation generators such as
// petra/openapi: everything the app knows about it before a request arrives.
type Operation struct {
	RouteInfo
	// Params are the path's parameters, in path order.
	Params []PathParam
	// Form is the type of the form the view binds (see dto.Form), nil if none.
	Form reflect.Type
	// Partial says that the view binds Form partially (see
	// [Handler.BindsPartial]): no field of it is required.
	Partial bool
	// Multipart says that the view reads Form itself from a
	// multipart/form-data body, and from no other (see [Route.Multipart]).
	Multipart bool
	// Responses are the successful answers declared with [Route.Returns].
	Responses []Returned
	// Errors are the error answers declared with [Route.Fails] and
	// [Route.FailsWith].
	Errors []Failed
	// Summary and Description are set with [Route.Summary] and [Route.Description].
	Summary, Description string
	// Permissions guard the route: its viewset's, then its own.
	Permissions []Permission
	// BodyLimit is the largest request body in bytes; negative for none.
	BodyLimit int64

	reverse reverseInfo // see App.URL
}

// Operations returns every route the app serves, described for documentation,
// in the order of [App.Routes]. The slice is a copy; the routes must all be
// mounted first.
func (a *App) Operations() []Operation {
	return append([]Operation(nil), a.operations...)
}

// operation describes rt, declared by decl.
func (decl Route) operation(rt *route, pat pattern) Operation {
	op := Operation{
		RouteInfo:   rt.info,
		Form:        decl.form,
		Partial:     decl.partial,
		Multipart:   decl.multipart,
		Responses:   decl.doc.Responses,
		Errors:      decl.doc.Errors,
		Summary:     decl.doc.Summary,
		Description: decl.doc.Description,
		Permissions: rt.perms,
		BodyLimit:   rt.bodyLimit,
		reverse:     reverseInfo{view: decl.id, pattern: pat, targets: decl.reverses},
	}
	for _, key := range pat.keys {
		p := PathParam{Name: key}
		for _, c := range pat.params {
			if c.name == key {
				p.Converter = c.conv.name
			}
		}
		if key == pat.wildcard {
			p.Converter = "path"
		}
		if p.Converter == "" {
			p.Pattern = pat.regexps[key]
		}
		op.Params = append(op.Params, p)
	}
	return op
}

// Languages returns the languages the app answers in, as its Content-Language
// header names them: English first, then those of its catalogs (see
// [WithCatalog]). It returns nil for an app without catalogs, which answers
// in English and sends no Content-Language. Documentation generators such as
// petra/openapi list the header on the error answers, which always carry it.
func (a *App) Languages() []string {
	ls := a.settings.languages
	if ls == nil {
		return nil
	}
	out := make([]string, len(ls.header))
	for i, h := range ls.header {
		out[i] = h[0]
	}
	return out
}
