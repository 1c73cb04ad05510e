// Package petra is the core of the petra web framework: REST APIs built from
// modules, viewsets and views, in the manner of django-petra over Django REST
// Framework, on plain net/http and chi.
//
// # Apps and modules
//
// An [App] is an http.Handler. [New] builds one from options ([WithLogger],
// [WithBodyLimit], [WithBaseURL], [WithPagination]…), [App.Mount] adds
// [Module]s, and [App.Run] serves it with sane timeouts until SIGINT or SIGTERM,
// letting in-flight requests finish. A module groups routes under
// /api/{version}/{name}/:
//
//	app := petra.New()
//	app.Mount(petra.Module{Name: "user", Version: "v1", Routes: v.Routes(
//		petra.Get("users/<uuid:user_id>", v.GetSingleUser),
//	)})
//
// A module has no list of viewsets beside its routes, as early designs had
// (Module.ViewSets): a viewset's [ViewSet.Routes] hands out routes that carry
// its permissions, so a route cannot be mounted without the rules of the
// viewset it belongs to, nor a viewset listed whose routes were forgotten, and
// routes of several viewsets are simply appended.
//
// # Routes
//
// [Get], [Post], [Put], [Patch] and [Delete] declare routes with Django path
// converters (<int:id>, <uuid:id>, <slug:s>, <str:s>, <path:p>) or chi's {id}. A
// value that does not fit its converter is a 404 before the view runs; several
// methods on one path share it, and other methods get 405 with an Allow header; a
// path declared "users/" answers /users and /users/ alike. [Method] declares any
// other method, PURGE or REPORT. Paths that match the same requests are one path
// and must name their parameters alike ("users/<int:id>", not also
// "users/<int:pk>"); [App.Mount] panics on such mistakes, as on a malformed path.
// [Handle] serves a plain http.Handler for every method, [Mount] one under a
// prefix (a sub-app, a chi router, a file server), and [Route.With] gives a
// route middleware of its own.
//
// # Views and results
//
// A view is a func(*Request) Result, usually a method of a struct that embeds
// [ViewSet]. It returns [Response] with data and an optional status (200 by
// default), or [Fail] with an error: an error that knows its status ([NotFound],
// [Invalid], [ErrUnauthenticated]…) chooses it, anything else is a logged 500
// that tells the client nothing. The package dto binds and validates a form
// before a view runs.
//
// # Errors
//
// Every error petra answers, its own (unknown route, wrong method, body too
// large, panics) and the views', has one shape:
//
//	{"success": false, "message": "The given data was invalid", "errors": {"email": ["The email field is required"]}}
//
// with errors present only for validation. [WriteError] gives middleware the same.
// A body the client breaks is [ErrMalformedBody] (400) and one it sends too
// slowly [ErrBodyTimeout] (408, see [WithBodyTimeout]). A panic is recovered
// once, by [App.ServeHTTP], logged once with the request ID and answered 500;
// if the response had already started, the connection is aborted instead.
// An [Error] may carry response headers ([Error.WithHeader]): every 401 has a
// WWW-Authenticate challenge, and a 429 or 503 can say Retry-After.
//
// # Languages
//
// An app given catalogs with [WithCatalog] answers in the language each
// request's Accept-Language asks for: English is built in, [Spanish] words
// every message of the framework, and [NewCatalog] adds the app's own. The
// envelope keeps its shape and its field keys in every language. Views read
// the choice with [Request.Language] and word their text with
// [Request.Translate].
//
// # Permissions
//
// A [Permission] guards views: set it on a viewset with [ViewSet.SetPermission],
// limited with [PermissionRule.Only] or [PermissionRule.Ignore], or on one route
// with [Route.Permission]. Views are named by method value, not by string. A
// viewset hands out its routes with [ViewSet.Routes], so its permissions travel
// with them; [App.Mount] panics on a method view declared any other way.
// An [ObjectPermission] guards the objects a view fetched, as DRF's
// has_object_permission: the view calls [Request.CheckObject] after the fetch,
// so an unknown object is its 404 for everyone; a refusal is 403 (401 when
// anonymous). Set them with [ViewSet.SetObjectPermission] or
// [Route.ObjectPermission].
//
// # Requests and pagination
//
// [Request] embeds *http.Request and adds typed path and query parameters,
// [Request.AllData] across query, JSON, form and files, and the authenticated
// principal. [Request.PageParams] and [NewPage] answer lists with Laravel-style
// pagination meta. [Request.Logger] is the app's logger ([WithLogger]) with
// the request's ID, so that what a view logs goes where the app's lines go,
// in their format, and can be found by the ID the client was given.
//
// # Reversing URLs
//
// [App.URL] is Django's reverse(): the path of a view, named by method value or
// route name, with its parameters checked by the route's converters and
// escaped. Views link with [Request.Reverse] and [Request.Link]; a route
// declares what its view links to with [Route.Reverses], and [App.Check],
// which [App.Serve] runs, refuses an app whose links name no route.
//
// # Performance
//
// The app's own work per request is a sixteenth of an allocation: it finds the
// route with a router of its own, a tree of path segments that answers what
// chi's tree answers without allocating (chi's Mux.Find, behind a map of the
// paths without parameters, when a route has a regexp parameter or one that is
// part of a segment), instead of through chi's ServeHTTP, which copies the
// request and adds a context value for every request; it dispatches by method
// once, and keeps the writer, the copy of the request that middleware and
// views see, the [Request], chi's route context and the path values' map in a
// pooled state, with a JSON encoder for the answer. What it allocates is the
// request's context, sixteen at a time and never reused, which carries chi's
// route context, so chi.URLParam, chi.RouteContext, r.PathValue and r.Pattern
// work as under chi's router, and middleware added with [App.Use] see the
// route context before and after routing as they would under chi's Use. The
// rest a request allocates is its view's.
//
// What is pooled is read during the request, as with Gin's and Echo's pooled
// contexts: the *http.Request the app passes to middleware and views (a copy
// of the one it was given), a [Request], chi's route context (chi pools it
// too) and the path values are the app's again once the request is answered;
// the pooled map of path values is emptied before another request sees it, so
// a value middleware or a view sets with r.SetPathValue stays its request's.
// A goroutine that outlives the request takes what it needs first
// (ctx := r.Context(), id := r.PathParam("id"), or r.Clone(ctx)). The request's
// context stays its own: code keeps it past the request (a database driver
// watching ctx.Done() in a goroutine of its own), so it is not pooled; the
// price of allocating contexts in batches is that one kept past its request
// keeps its batch (384 bytes) alive. Pooling the request's copy saves 300
// bytes per request, and their collection, which is about a fifth of a small
// route's time. The state goes back to the pool only once a route ran or the
// router answered, and nothing of the walk still runs: a route still running
// when the app has answered (under http.TimeoutHandler) keeps it.
//
// A view's answer is encoded by a plan made the first time the app answers
// with its type, and followed over the value's memory from then on: the
// bytes encoding/json writes (without HTML escaping), in under a third of
// its time and with no allocation where encoding/json makes one for each
// time.Time (BenchmarkAnswerJSON), and with far less code on the path,
// which on a small route decides whether the request's code stays in the
// processor's instruction cache. A type with a rule of its own (MarshalJSON,
// MarshalText, a struct embedded by pointer, the ",string" option, []byte, other maps)
// and a value a plan gives up on (a NaN, a cycle) are encoded by
// encoding/json, as before; a fuzz test holds the two to the same bytes.
// Libraries that encode faster (segmentio/encoding, goccy/go-json) were
// measured and not taken: the first ignores omitzero and leaves a
// json.RawMessage uncompacted, the second's encoder is a large machine whose
// code misses the instruction cache more than encoding/json's.
//
// Strings are scanned eight bytes at a time, a 64-bit word tested at once for
// a byte to escape, which saves a sixth of the encoding of a page of twenty.
//
// Answers petra writes carry a Date header of its own, formatted once a second
// and shared (as fasthttp does), which net/http then leaves as it is: net/http
// reads the clock and formats the date for every response, about 1,500
// instructions, a thirtieth of what a small route costs the server. The clock is
// a timer set for the start of the next second, which stops in a second no
// answer was written, so an idle process keeps neither a timer nor a goroutine.
//
// bench/notes.md has the figures of each choice.
//
// # Project endpoints
//
// Every app answers GET /hello-petra/status and, unless [WithShowRoutes] says
// otherwise, GET /hello-petra/api/show-routes with its route table.
package petra
