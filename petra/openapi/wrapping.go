package openapi

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// wrapping adds to every operation's answers what the app adds around its
// routes: the errors and headers of its middleware ([Config.Middleware]) and
// the Content-Language of its answers (petra.App.Languages), required on
// errors. It shares
// the error answers that are alike as components.
type wrapping struct {
	g          *registry
	middleware []petra.Answers
	languages  []string
	shared     map[status.Code]*Response // the answer of each shared error response
	used       map[status.Code]bool      // those an operation refers to
}

func newWrapping(g *registry, middleware []petra.Answers, languages []string) *wrapping {
	w := &wrapping{g: g, middleware: middleware, languages: languages,
		shared: map[status.Code]*Response{}, used: map[status.Code]bool{}}
	for code := range errorNames {
		// Shared is the answer most operations give: petra's own, or, for a
		// status a middleware answers on every route, the middleware's.
		key := strconv.Itoa(int(code))
		answers := map[string]*Response{}
		if !w.middlewareAnswers(code) {
			answers[key] = envelopeResponse(g, code, petra.ErrorHeaders(code))
		}
		w.wrap(answers)
		w.shared[code] = answers[key]
	}
	return w
}

// middlewareAnswers reports whether some middleware answers code itself.
func (w *wrapping) middlewareAnswers(code status.Code) bool {
	for _, mw := range w.middleware {
		for _, f := range mw.Errors {
			if f.Status == code {
				return true
			}
		}
	}
	return false
}

// wrap adds to answers, an operation's by status, what the middleware adds,
// from the innermost out: each one's headers join every answer so far, then
// its errors join them. An error a route answers too is merged with it: its
// headers are required only where both send them.
func (w *wrapping) wrap(answers map[string]*Response) {
	for i := len(w.middleware) - 1; i >= 0; i-- {
		mw := w.middleware[i]
		for _, res := range answers {
			for name, h := range responseHeaders(w.g, mw.Headers) {
				setHeader(res, name, h)
			}
		}
		for _, f := range byStatus(mw.Errors) {
			key := strconv.Itoa(int(f.Status))
			res := envelopeResponse(w.g, f.Status, errorHeaders(f.Status, f.Headers))
			if have, ok := answers[key]; ok {
				merge(have, res)
			} else {
				answers[key] = res
			}
		}
	}
	if len(w.languages) == 0 {
		return
	}
	for key, res := range answers {
		// Errors are always worded in a language; other answers when their
		// view words them (Request.Translate).
		code, _ := strconv.Atoi(key)
		setHeader(res, "Content-Language", &Header{
			Description: "The language of the answer's words: the one of the app's that Accept-Language prefers, English by default",
			Required:    code >= 400,
			Schema:      &Schema{Type: Types{"string"}, Enum: anySlice(w.languages)},
		})
	}
}

// share replaces each of answers that is a shared error response's with a
// reference to it.
func (w *wrapping) share(answers map[string]*Response) {
	for key, res := range answers {
		code, _ := strconv.Atoi(key)
		if shared, ok := w.shared[status.Code(code)]; ok && reflect.DeepEqual(res, shared) {
			answers[key] = &Response{Ref: "#/components/responses/" + errorNames[status.Code(code)]}
			w.used[status.Code(code)] = true
		}
	}
}

// components are the shared error responses that doc's operations refer to.
func (w *wrapping) components() map[string]*Response {
	out := map[string]*Response{}
	for code := range w.used {
		out[errorNames[code]] = w.shared[code]
	}
	return out
}

// setHeader adds h to res's headers as name, replacing one of the same name
// in any case.
func setHeader(res *Response, name string, h *Header) {
	for have := range res.Headers {
		if strings.EqualFold(have, name) {
			delete(res.Headers, have)
		}
	}
	if res.Headers == nil {
		res.Headers = map[string]*Header{}
	}
	res.Headers[name] = h
}

// merge makes have, an answer of one status, also describe other, another
// answer of that status: each header either one lacks is optional.
func merge(have, other *Response) {
	for name, h := range other.Headers {
		if mine := header(have, name); mine != nil {
			mine.Required = mine.Required && h.Required
			continue
		}
		h.Required = false
		setHeader(have, name, h)
	}
	for name, h := range have.Headers {
		if header(other, name) == nil {
			h.Required = false
		}
	}
}

// header returns res's header named name in any case, or nil.
func header(res *Response, name string) *Header {
	for have, h := range res.Headers {
		if strings.EqualFold(have, name) {
			return h
		}
	}
	return nil
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
