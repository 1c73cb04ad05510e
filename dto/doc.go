// Package dto binds and validates a request's form before a petra view runs, as
// django-petra's dto decorator does.
//
// # Forms
//
// A form is a struct. Tags say where each field comes from (json, form, query,
// path) and what it must be (validate, go-playground/validator's rules):
//
//	type RegistrationForm struct {
//		Name     string `json:"name"     form:"name"     validate:"required,max=100"`
//		Email    string `json:"email"    form:"email"    validate:"required,email,max=100"`
//		Password string `json:"password" form:"password" validate:"required,min=8,max=100"`
//	}
//
// [Form] wraps a view that takes the form; its type is inferred from the view:
//
//	petra.Post("registration/", dto.Form(v.Register))
//
// The form is inspected there, when the route is declared: a misspelt rule
// panics at start-up, and a path tag that names no parameter of the route
// panics when it is mounted. A view that binds its form itself declares a
// [Binder] with [NewBinder]. Nested structs and lists of structs are validated
// with no dive in their tags, and required reads as in Django at every depth:
// 0 and false are values, absent and null are not.
//
// A field tagged dto:"trim" has its surrounding whitespace removed once it is
// bound, before its rules are checked, as DRF's CharField trims by default: a
// string, a pointer to one or a list of them, from any body or the query
// string. It is opt-in, field by field, since a password's spaces are part of
// it:
//
//	Email string `json:"email" form:"email" dto:"trim" validate:"required,email"`
//
// The option applies to the fields of the form itself, embedded ones
// included; on a field of a nested struct, or of a type other than text, it
// panics when the route is declared.
//
// An invalid form is answered 400 before the view runs, every field's messages
// keyed by its JSON name, nested ones as address.city and items[0].sku:
//
//	{"success": false, "message": "The given data was invalid",
//	 "errors": {"email": ["The email must be a valid email address"]}}
//
// # Cleaning
//
// A form's Clean method ([Cleaner]) and Clean<Field> methods run after the rules
// pass, like Django's clean() and clean_<field>(): they normalise values and add
// errors that need code or the request, such as a uniqueness check; a hook that
// needs a service (a store) takes it as a second parameter, given once where the
// form is declared with [With] ([Resource] gives the viewset). [Messages] lets a
// form word its own errors.
//
// # Partial updates
//
// A view that takes a *[Partial][F] serves a PATCH with the same form F as the
// PUT: the fields not sent are neither required nor checked, the fields sent
// are validated and applied to the stored object (a JSON null clears a
// pointer, and is refused for a field that cannot be nil), and cross-field
// rules and the form's Clean see the merged object, as it will be saved.
// [Partial.Sent] tells which fields the request sent.
//
// # Rules and languages
//
// [WithRules] gives one app validation rules of its own ([Rule]), with their
// messages; other apps in the process do not see them. Every message dto
// answers with is worded in the request's language when the app has catalogs
// (petra.WithCatalog): petra.Spanish words them all, and a catalog words an
// app's rules by their English message.
//
// # Query string or body
//
// The form of a GET or HEAD comes from its query string, by the `form` tags,
// whatever body the request carries: a GET's content has no defined meaning
// (RFC 9110 §9.3.1), and petra's OpenAPI documents the form's fields as query
// parameters. Such a body is not read, so it cannot make the request fail (no
// 400, 408 or 415 for it); petra still answers 413, before the view, to a body
// whose Content-Length is over the route's limit, on any method. DELETE is
// bound the same way: its content has no defined meaning either (§9.3.5), some
// proxies drop it, and the OpenAPI document lists its form in the query string
// too. A view that wants such a body reads it itself (r.RawBody). The form of
// any other method comes from its body.
//
// # Bodies
//
// JSON, urlencoded and multipart bodies (files included) are read within the
// route's body limit (413 past it); malformed JSON is a 400 that says where, a
// value of the wrong type a 400 on its field (every such value, as
// items[1].qty), an unknown Content-Type a 415. Text that is not UTF-8 or holds
// a null character, and numbers that are not finite, are refused with a 400, as
// the databases behind a view would refuse them. An answer lists at most 100
// fields. Nothing a client sends is answered 500.
package dto
