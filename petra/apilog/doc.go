// Package apilog records every API request in the database, with its
// redacted bodies, off the request path, and serves the log as
// django-petra's show-api-logs does.
//
// # Recording
//
// [New] returns a [Logger] over a database migrated with [Migrations];
// [Logger.Middleware] captures each request: method, path, query string,
// status, duration, client IP, request ID, the user ([Options].User) and
// the request and response bodies. The entry goes to a bounded queue that
// one goroutine writes in batches (up to 100 rows, or after 500ms).
//
// Every request is logged; nothing is lost silently. When the queue is full
// a finishing request waits for room (backpressure, up to
// [Options].QueueWait); a batch the database cannot take because it is busy
// or unreachable is tried again a few times. Only what still cannot be
// written is dropped, and that is counted in [Logger.Stats], warned about
// (at most every 10s) and reported by [Logger.Close], which logs the totals
// and returns an error wrapping [ErrLost]. Close flushes the queue at
// shutdown, after the HTTP server has stopped, within its context's bound:
//
//	logs := apilog.New(d, apilog.Options{MaxBody: 4096, User: subject})
//	defer logs.Close(ctx)
//	app.Use(middleware.RequestID, logs.Middleware, tokens.Middleware, logs.Identify)
//	app.Mount(apilog.Module(d, db.DeriveKey(secret, "apilog cursor"), auth.IsAuthenticated))
//
// [Logger.Identify], placed after the authentication middleware, lets User
// see the principal while Middleware, placed before it, still logs the
// requests authentication rejects.
//
// # What is stored, and what never is
//
// No header is stored, so neither Authorization nor Cookie ever is. In the
// query string, urlencoded bodies and JSON bodies (at any depth, in arrays
// too, whatever the value's type) the value of every key that looks secret
// is replaced by [Redacted]. A key looks secret when, lower-cased and
// stripped of punctuation, it contains password, passwd, passphrase, pwd,
// secret, token, apikey, accesskey, privatekey, authorization, credential,
// cookie, session, signature, card, cvv, cvc or iban, or is auth, pass, pin,
// otp, ssn, jwt or bearer; [Options].RedactKeys adds fragments. So
// password_confirmation, access_token, refreshToken, X-Api-Key and
// card_number are all redacted.
//
// The messages in petra's error envelope are the exception: a response
// {"success": false, …, "errors": {"password": ["The password field is
// required"]}} is stored as it is, so that the log says what went wrong.
// petra's own messages (dto's rules, type errors, the list filters) are
// worded from templates, the field's name and the rule's parameter, never
// from a value the client sent (a list filter's message may name the
// parameter as the client spelt it, status__foo); an application's
// messages (petra.Invalid in a Clean hook or a view) may quote one. So each
// message under a secret key of errors is checked against the secrets of
// its request (the values redacted from its query string and body, and
// those of its secret-looking headers, such as Authorization's credentials
// and the cookies): one that holds any of them, ignoring case, as it was
// sent or quoted as Go's %q quotes it, is redacted.
// When the request's secrets are not all known (its body was cut at
// MaxBody, not read, or of a type redaction does not read), the values of
// secret keys in errors are redacted whole, as everywhere else; so is
// anything there that is not a message or a list of messages.
//
// The first [Options].MaxBody bytes of each body are kept (4096 by
// default). A JSON body longer than that is redacted as far as it goes and
// ends with "…[truncated]"; a value cut in two is dropped rather than half
// kept. Redaction can lengthen a body, so redacted text may reach twice
// MaxBody before it is cut.
// A request body is stored only as redacted JSON or urlencoded data; one
// without a Content-Type or of another type (text, XML) is described, never
// stored raw. Other response text is kept only when it is whole and fits;
// anything else, such as
// an image or a multipart upload, is stored as a description
// ("[image/png body of 52311 bytes, not kept]"). A request body is seen as
// the handler reads it, so one the handler did not read (a request refused
// before its view) is described as such. Sizes are always recorded.
// Memory is bounded too: at most QueueSize entries of two capped bodies.
//
// # Reading
//
// [Module] mounts GET /hello-petra/api/show-api-logs ([ShowPath]), a page
// of [Entry] newest first by cursor, guarded by the permissions given
// ([petra.IsAuthenticated] when none are). Requests to it are not logged.
// Its filters ([Query]) are checked: one no logged request could match, such
// as ?method=FOO or ?status=700, is a 400 naming the parameter in the
// request's language (pass [Spanish] to petra.WithCatalog after
// petra.Spanish to word its own messages in Spanish), and a cursor is valid
// only with the filters of the page that gave it.
package apilog
