package petra

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/go-petra/petra/status"
)

// Error is an error that carries the HTTP status and the client-facing message of
// the envelope it becomes. Views return one through [Fail]; the framework answers
// with one for everything it rejects itself.
type Error struct {
	// Code is the HTTP status of the response.
	Code status.Code
	// Message is the sentence the client reads. It must not contain internals.
	Message string
	// Header holds response headers the error answers with, such as the
	// WWW-Authenticate challenge of a 401 or the Retry-After of a 429 or 503
	// (see [Error.WithHeader]). Nil means none. Treat it as read-only.
	Header http.Header

	origin *Error // the error WithHeader copied, for errors.Is

	// template is the message ID Message was worded from, when Message
	// holds values (a line number); values are its placeholder and value
	// pairs, so that the request's language words the template again.
	template string
	values   []string
}

// NewError returns an [Error] with the given status and client-facing message.
func NewError(code status.Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Error implements the error interface.
func (e *Error) Error() string { return fmt.Sprintf("petra: %d %s", int(e.Code), e.Message) }

// Status reports the HTTP status of the error.
func (e *Error) Status() status.Code { return e.Code }

// Sentinel errors for the statuses views and permissions answer most often.
// Compare with errors.Is.
var (
	// ErrUnauthenticated (401) means the request carries no valid credentials.
	// It carries the challenge "WWW-Authenticate: Bearer" (RFC 9110 §15.5.2).
	ErrUnauthenticated = NewError(status.HTTP_401_UNAUTHORIZED, "Authentication credentials were not provided or are invalid").
				WithHeader("WWW-Authenticate", "Bearer")
	// ErrForbidden (403) means the credentials are valid but do not allow the action.
	ErrForbidden = NewError(status.HTTP_403_FORBIDDEN, "You do not have permission to perform this action")
	// ErrNotFound (404) means the route or resource does not exist.
	ErrNotFound = NewError(status.HTTP_404_NOT_FOUND, "Not found")
	// ErrMethodNotAllowed (405) means the path exists but not for this method.
	ErrMethodNotAllowed = NewError(status.HTTP_405_METHOD_NOT_ALLOWED, "Method not allowed")
	// ErrBodyTooLarge (413) means the request body exceeds the route's limit.
	ErrBodyTooLarge = NewError(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "The request body is too large")
	// ErrUnsupportedMediaType (415) means the body's Content-Type cannot be read.
	ErrUnsupportedMediaType = NewError(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
		"Unsupported media type: send application/json, application/x-www-form-urlencoded or multipart/form-data")
	// ErrTooManyRequests (429) means the client exceeded its rate limit.
	ErrTooManyRequests = NewError(status.HTTP_429_TOO_MANY_REQUESTS, "Too many requests")
	// ErrServiceUnavailable (503) means a dependency such as the database is down.
	ErrServiceUnavailable = NewError(status.HTTP_503_SERVICE_UNAVAILABLE, "The service is temporarily unavailable, try again later")
	// errInternal is what a client sees of any error that has no status.
	errInternal = NewError(status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
)

// worded returns an [Error] whose message is template with its placeholders
// filled by values, placeholder and value pairs ("{line}", "3"): a catalog
// translates template, and the values fill the translation (see
// [WithCatalog]).
func worded(code status.Code, template string, values ...string) *Error {
	return &Error{Code: code, Message: fill(template, values), template: template, values: values}
}

// fill replaces each placeholder of template with its value, from
// placeholder and value pairs.
func fill(template string, values []string) string {
	return strings.NewReplacer(values...).Replace(template)
}

// NotFound returns a 404 [Error] with the given message, such as "User not found".
func NotFound(message string) *Error {
	return NewError(status.HTTP_404_NOT_FOUND, message)
}

// BadRequest returns a 400 [Error] with the given message, for a request that is
// wrong as a whole rather than in one field (see [Invalid] for fields).
func BadRequest(message string) *Error {
	return NewError(status.HTTP_400_BAD_REQUEST, message)
}

// ValidationError (400) lists what is wrong with the fields of a request, keyed by
// the field's wire name (its JSON name, `items[0].sku` for nested values).
// Build one with [Invalid] or [ValidationError.Add].
type ValidationError struct {
	// Fields maps each invalid field to its messages, in the form "The email
	// must be a valid email address".
	Fields map[string][]string
}

// Invalid returns a [ValidationError] with one message for one field. Messages are
// written in django-petra's form: "The email is already registered".
func Invalid(field, message string) *ValidationError {
	return &ValidationError{Fields: map[string][]string{field: {message}}}
}

// Add appends a message for field and returns e, so errors can be built up.
func (e *ValidationError) Add(field, message string) *ValidationError {
	if e.Fields == nil {
		e.Fields = make(map[string][]string)
	}
	e.Fields[field] = append(e.Fields[field], message)
	return e
}

// Merge adds every message of other to e. A nil other is ignored.
func (e *ValidationError) Merge(other *ValidationError) *ValidationError {
	if other == nil {
		return e
	}
	for _, field := range slices.Sorted(maps.Keys(other.Fields)) {
		for _, msg := range other.Fields[field] {
			e.Add(field, msg)
		}
	}
	return e
}

// Has reports whether field has at least one message.
func (e *ValidationError) Has(field string) bool { return len(e.Fields[field]) > 0 }

// Error implements the error interface, naming the invalid fields.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("petra: invalid fields %v", slices.Sorted(maps.Keys(e.Fields)))
}

// Status reports 400.
func (e *ValidationError) Status() status.Code { return status.HTTP_400_BAD_REQUEST }

// statusClientClosed is the status logged for a request whose client went away
// before the answer, as nginx's 499 is.
const statusClientClosed status.Code = 499

// validationMessage is the envelope message of every validation failure.
const validationMessage = "The given data was invalid"

// statusError is what an error implements to choose its own status.
type statusError interface {
	error
	Status() status.Code
}

// fieldErrors is what an error of another package implements to be answered
// as a validation failure: 400 with its messages by field (petra/db's
// ParamError, for query parameters a list cannot honour).
type fieldErrors interface {
	error
	FieldErrors() map[string][]string
}

// translatableFieldErrors is what a fieldErrors error implements when its
// messages hold values (petra/db's ParamError names the fields a list
// allows): FieldErrorsIn words them in a language, translate giving the
// language's text of a message ID, so that the values fill the translation.
type translatableFieldErrors interface {
	FieldErrorsIn(translate func(id string) string) map[string][]string
}

// envelope is the one shape of every error response petra writes.
type envelope struct {
	Success bool                `json:"success"`
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors,omitempty"`

	// template and values word Message, and fields words Errors, in
	// another language when they hold values (see translateEnvelope).
	template string
	values   []string
	fields   translatableFieldErrors
}

// errorEnvelope returns the envelope of e.
func errorEnvelope(e *Error) envelope {
	return envelope{Message: e.Message, template: e.template, values: e.values}
}

// classify maps err to the envelope and status the client sees, and reports
// whether err is internal, that is, must be logged and hidden: a server
// error whose details the client does not see. A bare *Error is never
// internal; one wrapped with a 5xx status is, since the wrapping says more.
func classify(err error) (code status.Code, body envelope, internal bool) {
	if verr, ok := errors.AsType[*ValidationError](err); ok {
		return verr.Status(), envelope{Message: validationMessage, Errors: verr.Fields}, false
	}
	if ferr, ok := errors.AsType[fieldErrors](err); ok {
		body := envelope{Message: validationMessage, Errors: ferr.FieldErrors()}
		body.fields, _ = ferr.(translatableFieldErrors)
		return status.HTTP_400_BAD_REQUEST, body, false
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return ErrBodyTooLarge.Code, envelope{Message: ErrBodyTooLarge.Message}, false
	}
	if errors.Is(err, context.Canceled) {
		// The client went away, so nobody reads this answer and nothing
		// failed on the server's side: not an error to log.
		return statusClientClosed, envelope{Message: "The client closed the request"}, false
	}
	if pe, ok := err.(*Error); ok {
		// A bare *Error is a status and a message someone chose, the
		// framework or a view: nothing is hidden, so nothing to log.
		return pe.Code, errorEnvelope(pe), false
	}
	if se, ok := errors.AsType[statusError](err); ok {
		code := se.Status()
		if pe, ok := errors.AsType[*Error](err); ok {
			return code, errorEnvelope(pe), code.IsServerError()
		}
		// A status error of another type chooses the code but not the words,
		// which could carry internals.
		return code, envelope{Message: code.Text()}, code.IsServerError()
	}
	return errInternal.Code, envelope{Message: errInternal.Message}, true
}
