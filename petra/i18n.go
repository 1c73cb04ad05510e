package petra

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

// Catalog holds the messages of one language, by message ID. A message ID is
// the English message petra, dto or the app answers with ("Not found", "The
// {field} field is required", "The email is already registered"), as gettext's
// msgid is, or a key of the app's own ("user.email_taken") that the app's
// English catalog words. Build one with [NewCatalog]; the zero Catalog holds
// nothing. A Catalog is read-only, so it is safe for concurrent use.
//
// In a message, {field} stands for the field's name and {param} for the
// rule's parameter, as the English message has them: "The {field} must be at
// least {param} characters" is "El campo {field} debe tener al menos {param}
// caracteres".
type Catalog struct {
	tag      language.Tag
	messages map[string]string
}

// NewCatalog returns the catalog of messages in lang, a BCP 47 tag such as
// "es", "pt-BR" or "en". It panics if lang is not a well-formed tag, a
// mistake to fix before the app can start. The map is copied.
func NewCatalog(lang string, messages map[string]string) Catalog {
	tag, err := language.Parse(lang)
	if err != nil {
		panic(fmt.Sprintf("petra: catalog language %q is not a BCP 47 tag: %v", lang, err))
	}
	return Catalog{tag: tag, messages: maps.Clone(messages)}
}

// Language returns the catalog's BCP 47 tag, "es".
func (c Catalog) Language() string { return c.tag.String() }

// Message returns the message with ID id, and whether the catalog has it.
func (c Catalog) Message(id string) (string, bool) {
	msg, ok := c.messages[id]
	return msg, ok
}

// WithCatalog has the app answer in the languages of catalogs, as Django's
// LocaleMiddleware does: each request's Accept-Language chooses among English,
// which is built in, and the catalogs' languages (golang.org/x/text/language
// matching, so es-MX is answered in es, and q-values are honoured); a header
// that asks for none of them, or is malformed, is answered in English, never
// with an error.
//
// The error envelope's message and its field messages are looked up in the
// chosen catalog by their English text; views and dto forms read it with
// [Request.Translate]. The envelope's shape and its field keys stay the same
// in every language. Errors are answered with Content-Language and with
// "Vary: Accept-Language", so that caches keep one answer per language.
//
// Catalogs of one language merge, later ones winning, so an app adds its own
// messages to a shipped catalog such as [Spanish], and a catalog of "en" words
// the app's own message keys. Default: none, and the app answers in English
// whatever the request asks, as before.
func WithCatalog(catalogs ...Catalog) Option {
	return func(s *settings) { s.languages = s.languages.with(catalogs) }
}

// languages are the languages an app answers in: English first, then those of
// its catalogs in the order given.
type languages struct {
	tags     []language.Tag
	messages []map[string]string // by tag: the merged catalogs
	header   [][]string          // by tag: the Content-Language value
	matcher  language.Matcher

	chosen sync.Map // Accept-Language value → index, for the headers seen most
	cached atomic.Int32
}

// maxChosen bounds the Accept-Language values remembered: browsers send a
// handful; anything past it is matched again on each request.
const maxChosen = 256

// maxAcceptLanguage is the longest Accept-Language matched; a longer one,
// which no browser sends, is answered in English.
const maxAcceptLanguage = 512

// with returns the languages of ls and catalogs, ls left as it was.
func (ls *languages) with(catalogs []Catalog) *languages {
	out := &languages{tags: []language.Tag{language.English}, messages: []map[string]string{{}}}
	if ls != nil {
		out.tags = append([]language.Tag(nil), ls.tags...)
		out.messages = make([]map[string]string, len(ls.messages))
		for i, m := range ls.messages {
			out.messages[i] = maps.Clone(m)
		}
	}
	for _, c := range catalogs {
		if c.tag == (language.Tag{}) {
			continue // the zero Catalog
		}
		i := out.index(c.tag)
		if i < 0 {
			out.tags = append(out.tags, c.tag)
			out.messages = append(out.messages, map[string]string{})
			i = len(out.tags) - 1
		}
		maps.Copy(out.messages[i], c.messages)
	}
	out.header = make([][]string, len(out.tags))
	for i, t := range out.tags {
		out.header[i] = []string{t.String()}
	}
	out.matcher = language.NewMatcher(out.tags)
	return out
}

func (ls *languages) index(tag language.Tag) int {
	for i, t := range ls.tags {
		if t == tag {
			return i
		}
	}
	return -1
}

// choose returns the index of the language that accept, an Accept-Language
// value, asks for: 0, English, when it asks for none of them or is malformed.
func (ls *languages) choose(accept string) int {
	if accept == "" || len(accept) > maxAcceptLanguage {
		return 0
	}
	if i, ok := ls.chosen.Load(accept); ok {
		return i.(int)
	}
	i := 0
	if prefs, _, err := language.ParseAcceptLanguage(accept); err == nil && len(prefs) > 0 {
		if _, index, conf := ls.matcher.Match(prefs...); conf != language.No {
			i = index
		}
	}
	if ls.cached.Load() < maxChosen {
		if _, loaded := ls.chosen.LoadOrStore(accept, i); !loaded {
			ls.cached.Add(1)
		}
	}
	return i
}

// acceptLanguage returns r's Accept-Language, its lines joined.
func acceptLanguage(r *http.Request) string {
	values := r.Header["Accept-Language"]
	switch len(values) {
	case 0:
		return ""
	case 1:
		return values[0]
	}
	return strings.Join(values, ",")
}

// languageChoice is the language one request to an app with catalogs is
// answered in, chosen from its Accept-Language once, when first needed.
type languageChoice struct {
	app  *App
	lang atomic.Int32 // 1 + the index of the language chosen; 0: not chosen yet
}

// languageKey is the context key of a request's languageChoice, so that
// errors written through middleware whose writers hide the app's (a
// timeout's) find it. A request the app routes carries it in its route
// context (see routeContext.Value), allocating nothing more.
type languageKey struct{}

// withLanguageChoice returns r with a languageChoice in its context when the
// app has catalogs; other apps pay nothing.
func (a *App) withLanguageChoice(r *http.Request) *http.Request {
	if a.settings.languages == nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), languageKey{}, &languageChoice{app: a}))
}

// languageChoiceOf returns the language choice of the app serving r, when
// the app has catalogs, or nil.
func languageChoiceOf(r *http.Request) *languageChoice {
	c, _ := r.Context().Value(languageKey{}).(*languageChoice)
	return c
}

// language returns the app's languages and the index of the one r asks
// for, chosen once per request.
func (c *languageChoice) language(r *http.Request) (*languages, int) {
	ls := c.app.settings.languages
	if l := c.lang.Load(); l > 0 {
		return ls, int(l - 1)
	}
	i := ls.choose(acceptLanguage(r))
	c.lang.Store(int32(i + 1))
	return ls, i
}

// Language returns the BCP 47 tag of the language the request is answered
// in: the one its Accept-Language chose among the app's catalogs (see
// [WithCatalog]), "en" by default.
func (r *Request) Language() string {
	ls, i := r.languages()
	if ls == nil {
		return "en"
	}
	return ls.header[i][0]
}

// Translate returns the message with ID id in the request's language, or id
// itself when the language's catalog lacks it (English, unless the app's
// English catalog words id). It marks the response as varying with
// Accept-Language, and sets its Content-Language, when the app has catalogs.
func (r *Request) Translate(id string) string {
	ls, i := r.languages()
	if ls == nil {
		return id
	}
	markLanguage(r.w.Header(), ls, i)
	if msg, ok := ls.messages[i][id]; ok {
		return msg
	}
	return id
}

// fieldMessage words tmpl, a message ID with a {field} placeholder, for field
// in the request's language.
func (r *Request) fieldMessage(tmpl, field string) string {
	return strings.ReplaceAll(r.Translate(tmpl), "{field}", field)
}

func (r *Request) languages() (*languages, int) {
	if r.route == nil || r.route.app.settings.languages == nil {
		return nil, 0
	}
	if c := languageChoiceOf(r.Request); c != nil {
		return c.language(r.Request)
	}
	ls := r.route.app.settings.languages
	return ls, ls.choose(acceptLanguage(r.Request))
}

const varyAcceptLanguage = "Accept-Language"

// varyHeader is shared, so that setting Vary allocates nothing.
var varyHeader = []string{varyAcceptLanguage}

// markLanguage sets Content-Language to language i of ls, and adds
// Accept-Language to Vary, once.
func markLanguage(h http.Header, ls *languages, i int) {
	h["Content-Language"] = ls.header[i]
	for _, v := range h["Vary"] {
		for f := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), varyAcceptLanguage) {
				return
			}
		}
	}
	if len(h["Vary"]) == 0 {
		h["Vary"] = varyHeader
		return
	}
	h["Vary"] = append(h["Vary"], varyAcceptLanguage)
}

// translateEnvelope puts body in the language r's app chose for it, when it
// has catalogs: the message and every field message found in the catalog are
// replaced, on a copy of the field map, which may be shared. A message worded
// from a template with values is worded again from the template's
// translation.
func translateEnvelope(w http.ResponseWriter, r *http.Request, body *envelope) {
	c := languageChoiceOf(r)
	if c == nil {
		return
	}
	ls, i := c.language(r)
	markLanguage(w.Header(), ls, i)
	messages := ls.messages[i]
	if len(messages) == 0 {
		return
	}
	translate := func(id string) string {
		if msg, ok := messages[id]; ok {
			return msg
		}
		return id
	}
	if body.template != "" {
		body.Message = fill(translate(body.template), body.values)
	} else {
		body.Message = translate(body.Message)
	}
	if body.fields != nil {
		body.Errors = body.fields.FieldErrorsIn(translate)
		return
	}
	if body.Errors == nil {
		return
	}
	fields := make(map[string][]string, len(body.Errors))
	for k, msgs := range body.Errors {
		out := make([]string, len(msgs))
		for j, msg := range msgs {
			out[j] = translate(msg)
		}
		fields[k] = out
	}
	body.Errors = fields
}
