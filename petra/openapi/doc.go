// Package openapi builds the OpenAPI 3.1 document of a petra app from what the
// app already knows, and serves it with a docs UI.
//
// # What comes from where
//
// [Build] reads [petra.App.Operations] once every module is mounted:
//   - paths and path parameters from the routes, Django converters typed
//     (<int:pk> an integer, <uuid:id> a uuid string, <slug:s> its pattern);
//   - request bodies from the form a dto.Form view binds: JSON by its json
//     fields, urlencoded and multipart by its form fields (files as binary),
//     query and path fields as parameters, and every `validate` rule JSON Schema
//     can say (required as Django reads it, min/max/len, gt/gte/lt/lte, email,
//     url, uuid, oneof, alpha, numeric, unique and friends; of a field dto
//     trims, dto:"trim", only its lower bounds, the others named in its
//     description, since they hold once the whitespace is gone); nested
//     structs and lists nest, and named struct types are shared components;
//     the form a view reads itself from a multipart body
//     ([petra.Route.Multipart]) as multipart only;
//   - answers from [petra.Route.Returns], which names the Go type a view
//     answers with (petra.Schema[User]()), never a hand-written schema; a
//     petra.Page[T] answer adds ?page= and ?per_page=;
//   - the headers of an answer from the [petra.Header] values its Returns
//     lists, required, and the [petra.OptionalHeader] ones, not, each with its
//     description and the schema of its Go type written as text (a url.URL is
//     a uri-reference string, a time.Time an HTTP date, format [HTTPDate]);
//   - the error answers each route can give, all in the one envelope (the
//     Error component): 400 for forms and pages, 401 and 403 for permissions,
//     404 for path parameters, 408 and 415 for bodies, 413 on every route
//     with a body limit (petra refuses a body whose Content-Length is over it
//     on any method, a GET's too, and any body a view reads past it; a GET's
//     form comes from its query string, its body unread), 500 always, and
//     those [petra.Route.Fails] and
//     [petra.Route.FailsWith] declare; each
//     lists the headers petra sends with every such answer
//     ([petra.ErrorHeaders]: a 401's WWW-Authenticate, a 405's Allow, a 429's
//     optional Retry-After), those FailsWith adds, and Content-Language when
//     the app answers in several languages ([petra.App.Languages]);
//   - what the app's middleware answers ([Config.Middleware], outermost
//     first, each a [petra.Answers]): its errors join every operation, and
//     its headers every answer of the routes and of the middleware inside
//     it, as middleware.RateLimitAnswers gives a 429 with Retry-After and
//     X-RateLimit-Limit and X-RateLimit-Remaining on the answers it counts,
//     and middleware.TimeoutAnswers a 503; an answer two of them give has
//     the headers both send required, the others optional. The 499 petra
//     logs for a client gone before its answer is not documented: no client
//     reads it;
//   - Go types as encoding/json writes them: integers with their registry
//     format, a time.Time a date-time, a netip.Addr or net.IP an ipv4 or
//     ipv6 string ("" for the zero one), a netip.Prefix a CIDR prefix by
//     pattern, a field tagged `openapi:"format=uuid"` ([FormatOption]) with
//     that format, and null where a nil is written null (see Null below);
//   - the bearer JWT security scheme on the routes whose permissions refuse an
//     anonymous request with 401;
//   - examples from a method func (T) Example() T of a form or answer type;
//   - operationId from the route's name, a tag per module, summary and
//     description from [petra.Route.Summary] and [petra.Route.Description].
//
// # Null
//
// encoding/json writes a nil pointer, slice or map as null, and petra answers
// with encoding/json, so an answer's pointer, slice and map are documented as
// their type or null (type: [array, "null"] in OpenAPI 3.1), and a body of a
// slice or map type too. Answering [] instead would take a walk over every
// answer's value, or a JSON encoder of its own; documenting null keeps petra
// as fast as encoding/json and the document true. A slice or map field is
// documented without null when it is never written null: tagged omitempty or
// omitzero (a nil one is left out) or `openapi:"nonnull"` ([NonNull]), the
// view's promise that it is never nil, as petra.Page's data (NewPage makes
// no items []). A request's slices and maps keep their type alone. openapitest
// holds answers to it, a body that is null included.
//
// # Serving it
//
// [Module] serves /openapi.json, /openapi.yaml and Swagger UI at /docs ([Handler]
// the same as a plain http.Handler), whose
// script and stylesheet are embedded in the binary (see ui/update.sh), so the
// docs work offline. [Encode] writes a document as JSON or YAML, as
// `petra openapi` does. Package openapitest checks, in tests, that every
// exchange keeps the document's promises.
package openapi
