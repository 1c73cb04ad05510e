package db

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/go-petra/petra/status"
)

// FieldType is the kind of value a list field holds; it decides how values from
// the query string are parsed before they become query parameters.
type FieldType int

// The field types a [List] understands.
const (
	TypeText FieldType = iota // any UTF-8 text without null characters
	TypeInt                   // a whole number
	TypeBool                  // true or false, exactly
	TypeTime                  // RFC 3339 ("2026-01-02T15:04:05Z") or a date ("2026-01-02", midnight UTC)
)

// Lookup is a filter's comparison, named as django-filter names them: the
// query parameter name__gte applies Gte to the field name.
type Lookup string

// The lookups a [Field] may allow.
const (
	Exact      Lookup = "exact"      // col = v
	In         Lookup = "in"         // col IN (v1, v2…), the values comma-separated
	Gt         Lookup = "gt"         // col > v
	Gte        Lookup = "gte"        // col >= v
	Lt         Lookup = "lt"         // col < v
	Lte        Lookup = "lte"        // col <= v
	IsNull     Lookup = "isnull"     // col IS NULL (true) or IS NOT NULL (false)
	StartsWith Lookup = "startswith" // text starting with v, ignoring ASCII case
)

// The query parameters a [List] reads besides its fields.
const (
	SearchParam   = "search"
	OrderingParam = "ordering"
)

// Limits on what a query string may ask of a list.
const (
	maxInValues  = 100 // values of one in lookup
	maxTextBytes = 200 // bytes of one text value or of the search
	maxTerms     = 10  // words of a search
)

// Field declares one field of a [List]: the column of the list query's
// result it stands for, and what a client may do with it.
type Field struct {
	// Column is the column of the list query's result; the field's own name
	// when empty. It must be a plain identifier, and is quoted for the dialect.
	Column string
	// Type is how values are parsed.
	Type FieldType
	// Lookups are the filters allowed on the field. ?name=v applies the
	// first; ?name__lookup=v any of them. None: the field is not filterable.
	Lookups []Lookup
	// Order lets ?ordering= name the field.
	Order bool
	// Search puts the field among those ?search= looks in (Text only).
	Search bool
}

// List declares what clients may filter, order and search a list by, as
// django-filter's FilterSet, DRF's OrderingFilter and SearchFilter do. Only
// declared fields reach SQL, by their declared columns; every value is a
// parameter. A List is read-only once built and safe for concurrent use.
//
// Text values and the ?search= term are normalised to NFC before they are
// compared, so that "José" finds "José" however the client spelt its accent:
// the text stored in the columns they are compared with is expected in NFC
// too (normalise it with golang.org/x/text/unicode/norm before it is saved,
// as the example app does its names and emails), or a term may miss it.
type List struct {
	// Fields are the fields by their names in the query string.
	Fields map[string]Field
	// Ordering is the order when the request names none, such as
	// []string{"-created"}: field names, "-" for descending. The fields
	// need not allow Order.
	Ordering []string
	// Unique is the field (usually the primary key) that ends every
	// ordering, so that rows never tie and pages never overlap; its
	// direction is that of the ordering's last field.
	Unique string
}

// ListQuery is a request's filters, search and ordering, parsed by
// [List.Parse]: ready to wrap a list query with [ListQuery.SQL].
type ListQuery struct {
	list  *List
	where []string
	args  []any
	order []orderTerm
}

// orderTerm is one term of ORDER BY.
type orderTerm struct {
	field string
	desc  bool
}

// ParamError reports query parameters a list cannot honour, by parameter,
// with sentences a client can act on. It answers 400 with the validation
// envelope: petra.Fail recognises its FieldErrors, and words them in the
// request's language with FieldErrorsIn.
type ParamError struct {
	// Fields holds the messages by query parameter name.
	Fields map[string][]string

	problems map[string][]problem // by parameter: what Fields words, for FieldErrorsIn
}

// problem is what is wrong with a query parameter: a template, whose {field}
// is the parameter's name, and the values of its other placeholders, {param}
// (what a rule allows) and {name} (the list field of a lookup).
type problem struct {
	template, param, name string
}

// word returns p's template, as translate gives it, with the placeholders of
// parameter filled.
func (p problem) word(translate func(string) string, parameter string) string {
	return strings.NewReplacer("{field}", parameter, "{param}", p.param, "{name}", p.name).Replace(translate(p.template))
}

// Error implements the error interface, naming the parameters.
func (e *ParamError) Error() string {
	return fmt.Sprintf("db: invalid query parameters %v", slices.Sorted(maps.Keys(e.Fields)))
}

// Status reports 400.
func (e *ParamError) Status() status.Code { return status.HTTP_400_BAD_REQUEST }

// FieldErrors returns the messages by parameter.
func (e *ParamError) FieldErrors() map[string][]string { return e.Fields }

// FieldErrorsIn returns the messages by parameter in another language:
// translate gives the language's text of a message ID, the English template
// ("The {field} must be at most {param} bytes"), and the values fill it in.
// A message of Fields that [List.Parse] did not word is translated as it is.
func (e *ParamError) FieldErrorsIn(translate func(id string) string) map[string][]string {
	out := make(map[string][]string, len(e.Fields))
	for param, msgs := range e.Fields {
		words := make([]string, len(msgs))
		for i, msg := range msgs {
			if ps := e.problems[param]; i < len(ps) && ps[i].word(identity, param) == msg {
				words[i] = ps[i].word(translate, param)
			} else {
				words[i] = translate(msg)
			}
		}
		out[param] = words
	}
	return out
}

// identity returns id as it is: the English wording.
func identity(id string) string { return id }

func (e *ParamError) add(param string, p problem) {
	if e.Fields == nil {
		e.Fields = map[string][]string{}
		e.problems = map[string][]problem{}
	}
	e.Fields[param] = append(e.Fields[param], p.word(identity, param))
	e.problems[param] = append(e.problems[param], p)
}

// The messages of query parameters a list cannot honour, each the message
// ID a petra catalog translates: {field} is the parameter, {param} what the
// rule allows, {name} the list field a lookup filters.
const (
	unsupportedLookupTemplate = "The {field} filter is not supported; {name} allows {param}"
	givenOnceTemplate         = "The {field} must be given once"
	tooManyValuesTemplate     = "The {field} must list at most {param} values"
	tooManyWordsTemplate      = "The {field} must have at most {param} words"
	noSearchTemplate          = "The {field} is not supported by this list"
	orderingOnceTemplate      = "The {field} must be given once, as comma-separated fields"
	orderingFieldsTemplate    = "The {field} must name only {param}, each with - for descending"
	tooLongTemplate           = "The {field} must be at most {param} bytes"
	notWholeNumberTemplate    = "The {field} must be a whole number"
	notBoolTemplate           = "The {field} must be true or false"
	notTimeTemplate           = "The {field} must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z)"
	notTextTemplate           = "The {field} must be UTF-8 text without null characters"
)

// Check reports a mistake in the declaration: a column that is not an
// identifier, an unknown lookup, startswith or search on a field that is not
// text, an ordering or unique field that is not declared. [List.Parse] runs
// it first; call it where the list is declared (in a test, or at start-up)
// to hear of a mistake before a request does.
func (l *List) Check() error {
	for _, name := range slices.Sorted(maps.Keys(l.Fields)) {
		f := l.Fields[name]
		if _, err := SQLite.QuoteIdent(l.column(name)); err != nil || strings.Contains(name, "__") {
			return fmt.Errorf("db: list field %q: invalid name or column %q", name, l.column(name))
		}
		for _, lk := range f.Lookups {
			if !slices.Contains([]Lookup{Exact, In, Gt, Gte, Lt, Lte, IsNull, StartsWith}, lk) {
				return fmt.Errorf("db: list field %q: unknown lookup %q", name, lk)
			}
			if lk == StartsWith && f.Type != TypeText {
				return fmt.Errorf("db: list field %q: startswith needs a TypeText field", name)
			}
		}
		if f.Search && f.Type != TypeText {
			return fmt.Errorf("db: list field %q: search needs a TypeText field", name)
		}
	}
	for _, t := range l.Ordering {
		if _, ok := l.Fields[strings.TrimPrefix(t, "-")]; !ok && strings.TrimPrefix(t, "-") != l.Unique {
			return fmt.Errorf("db: list ordering %q names no declared field", t)
		}
	}
	if _, err := SQLite.QuoteIdent(l.column(l.Unique)); l.Unique != "" && err != nil {
		return fmt.Errorf("db: list unique field %q: %w", l.Unique, err)
	}
	return nil
}

// Parse reads the filters, ?search= and ?ordering= of q into a ListQuery.
// Parameters naming no field (page, per_page…) are ignored; a field with a
// lookup it does not allow, a value that does not fit its field, or an
// ordering by an undeclared field is a [*ParamError] naming what is allowed.
// A mistake in the declaration itself is another error (see [List.Check]).
func (l *List) Parse(q url.Values) (*ListQuery, error) {
	if err := l.Check(); err != nil {
		return nil, err
	}
	lq := &ListQuery{list: l}
	perr := &ParamError{}
	for _, key := range slices.Sorted(maps.Keys(q)) {
		if key == SearchParam || key == OrderingParam {
			continue
		}
		name, lookup, hasLookup := strings.Cut(key, "__")
		f, ok := l.Fields[name]
		if !ok || len(f.Lookups) == 0 {
			continue
		}
		if !hasLookup {
			lookup = string(f.Lookups[0])
		}
		if !slices.Contains(f.Lookups, Lookup(lookup)) {
			perr.add(key, problem{template: unsupportedLookupTemplate, param: lookupNames(name, f.Lookups), name: name})
			continue
		}
		if len(q[key]) != 1 {
			perr.add(key, problem{template: givenOnceTemplate})
			continue
		}
		if p := lq.filter(l.column(name), f.Type, Lookup(lookup), q[key][0]); p.template != "" {
			perr.add(key, p)
		}
	}
	if s, ok := q[SearchParam]; ok {
		if p := lq.search(l, s); p.template != "" {
			perr.add(SearchParam, p)
		}
	}
	if p := lq.ordering(l, q[OrderingParam]); p.template != "" {
		perr.add(OrderingParam, p)
	}
	if len(perr.Fields) > 0 {
		return nil, perr
	}
	return lq, nil
}

// lookupNames lists the parameters a field's lookups make.
func lookupNames(name string, lookups []Lookup) string {
	names := make([]string, len(lookups))
	for i, lk := range lookups {
		names[i] = name + "__" + string(lk)
	}
	return strings.Join(names, ", ")
}

// column returns the declared column of field name.
func (l *List) column(name string) string {
	if c := l.Fields[name].Column; c != "" {
		return c
	}
	return name
}

// filter adds the condition of one lookup, or returns what is wrong with v.
func (lq *ListQuery) filter(col string, t FieldType, lookup Lookup, v string) problem {
	switch lookup {
	case IsNull:
		b, p := parseValue(TypeBool, v)
		if p.template != "" {
			return p
		}
		if b.(bool) {
			lq.where = append(lq.where, "{"+col+"} IS NULL")
		} else {
			lq.where = append(lq.where, "{"+col+"} IS NOT NULL")
		}
		return problem{}
	case In:
		parts := strings.Split(v, ",")
		if len(parts) > maxInValues {
			return problem{template: tooManyValuesTemplate, param: strconv.Itoa(maxInValues)}
		}
		for _, part := range parts {
			val, p := parseValue(t, part)
			if p.template != "" {
				return p
			}
			lq.args = append(lq.args, val)
		}
		lq.where = append(lq.where, "{"+col+"} IN (?"+strings.Repeat(", ?", len(parts)-1)+")")
		return problem{}
	case StartsWith:
		text, p := parseValue(TypeText, v)
		if p.template != "" {
			return p
		}
		lq.where = append(lq.where, "LOWER({"+col+"}) LIKE ? ESCAPE '!'")
		lq.args = append(lq.args, escapeLike(lowerText(text.(string)))+"%")
		return problem{}
	}
	op := map[Lookup]string{Exact: "=", Gt: ">", Gte: ">=", Lt: "<", Lte: "<="}[lookup]
	val, p := parseValue(t, v)
	if p.template != "" {
		return p
	}
	lq.where = append(lq.where, "{"+col+"} "+op+" ?")
	lq.args = append(lq.args, val)
	return problem{}
}

// search adds ?search=: every word must appear, ignoring ASCII case, in one
// of the searched fields at least. The term is normalised to NFC, as stored
// text is expected to be.
func (lq *ListQuery) search(l *List, values []string) problem {
	if len(values) != 1 {
		return problem{template: givenOnceTemplate}
	}
	term, p := parseValue(TypeText, values[0])
	if p.template != "" {
		return p
	}
	words := strings.Fields(lowerText(term.(string)))
	if len(words) > maxTerms {
		return problem{template: tooManyWordsTemplate, param: strconv.Itoa(maxTerms)}
	}
	var cols []string
	for _, name := range slices.Sorted(maps.Keys(l.Fields)) {
		if l.Fields[name].Search {
			cols = append(cols, l.column(name))
		}
	}
	if len(cols) == 0 {
		return problem{template: noSearchTemplate}
	}
	for _, w := range words {
		terms := make([]string, len(cols))
		for i, c := range cols {
			terms[i] = "LOWER({" + c + "}) LIKE ? ESCAPE '!'"
			lq.args = append(lq.args, "%"+escapeLike(w)+"%")
		}
		lq.where = append(lq.where, "("+strings.Join(terms, " OR ")+")")
	}
	return problem{}
}

// ordering reads ?ordering=, or takes the list's default, and ends it with
// the unique field.
func (lq *ListQuery) ordering(l *List, values []string) problem {
	terms := l.Ordering
	if len(values) > 0 {
		if len(values) != 1 || values[0] == "" {
			return problem{template: orderingOnceTemplate}
		}
		terms = strings.Split(values[0], ",")
		for _, t := range terms {
			if f, ok := l.Fields[strings.TrimPrefix(t, "-")]; !ok || !f.Order {
				return problem{template: orderingFieldsTemplate, param: l.orderable()}
			}
		}
	}
	seen := map[string]bool{}
	for _, t := range terms {
		name := strings.TrimPrefix(t, "-")
		if !seen[name] {
			seen[name] = true
			lq.order = append(lq.order, orderTerm{field: name, desc: strings.HasPrefix(t, "-")})
		}
	}
	if l.Unique != "" && !seen[l.Unique] {
		desc := len(lq.order) > 0 && lq.order[len(lq.order)-1].desc
		lq.order = append(lq.order, orderTerm{field: l.Unique, desc: desc})
	}
	return problem{}
}

// orderable lists the fields ?ordering= may name.
func (l *List) orderable() string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(l.Fields)) {
		if l.Fields[name].Order {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// Ordering returns the ordering in effect, as ?ordering= spells it, the
// unique field included: "-created,-uuid".
func (lq *ListQuery) Ordering() string {
	terms := make([]string, len(lq.order))
	for i, t := range lq.order {
		terms[i] = t.field
		if t.desc {
			terms[i] = "-" + t.field
		}
	}
	return strings.Join(terms, ",")
}

// SQL wraps base, a plain SELECT without ORDER BY or LIMIT, with the
// filters, search and ordering, quoting the declared columns for dialect:
//
//	SELECT * FROM (base) AS petra_list WHERE … ORDER BY …
//
// args are base's arguments; the filters' follow them. The columns are
// those of base's result, so aliases work.
func (lq *ListQuery) SQL(dialect Dialect, base string, args []any) (string, []any) {
	return lq.build(dialect, base, args, nil, false)
}

// build is SQL with extra conditions and, for a backward page, the
// ordering reversed.
func (lq *ListQuery) build(dialect Dialect, base string, args []any, extra []string, reverse bool) (string, []any) {
	base = strings.TrimRight(strings.TrimSpace(base), "; \t\r\n")
	var b strings.Builder
	where := append(slices.Clone(lq.where), extra...)
	if len(where) > 0 {
		b.WriteString("\nWHERE " + strings.Join(where, "\nAND "))
	}
	if len(lq.order) > 0 {
		terms := make([]string, len(lq.order))
		for i, t := range lq.order {
			terms[i] = "{" + lq.list.column(t.field) + "}"
			if t.desc != reverse {
				terms[i] += " DESC"
			}
		}
		b.WriteString("\nORDER BY " + strings.Join(terms, ", "))
	}
	query := "SELECT * FROM (\n" + base + "\n) AS petra_list" + quoteColumns(dialect, b.String())
	return query, append(slices.Clone(args), lq.args...)
}

// quoteColumns replaces each {column} in s, the conditions and ordering the
// list wrote, with the quoted identifier. Only declared columns are placed
// there, and values are parameters, so a column that is not an identifier is
// a mistake in the declaration.
func quoteColumns(dialect Dialect, s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "{")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], "}")
		q, err := dialect.QuoteIdent(s[i+1 : i+j])
		if err != nil {
			panic(fmt.Sprintf("db: list column: %v", err))
		}
		b.WriteString(s[:i] + q)
		s = s[i+j+1:]
	}
}

// parseValue parses v, a client's value, as a value of type t, or says what
// is wrong with it. Text is normalised to NFC, as the stored text it is
// compared with is expected to be: a value sent decomposed ("e" and a
// combining accent) finds the "é" stored.
func parseValue(t FieldType, v string) (any, problem) {
	if t == TypeText {
		if len(v) > maxTextBytes {
			return nil, problem{template: tooLongTemplate, param: strconv.Itoa(maxTextBytes)}
		}
		v = norm.NFC.String(v)
	}
	return parseTrusted(t, v)
}

// lowerText lower-cases s, NFC text, as LIKE patterns compare it with
// LOWER(column); lower-casing can leave text that is not NFC (İ becomes i and
// a combining dot), hence NFC again.
func lowerText(s string) string {
	return norm.NFC.String(strings.ToLower(s))
}

// parseTrusted is parseValue without the length limit, for the values of a
// signed cursor, which petra took from a row.
func parseTrusted(t FieldType, v string) (any, problem) {
	switch t {
	case TypeInt:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, problem{template: notWholeNumberTemplate}
		}
		return n, problem{}
	case TypeBool:
		switch v {
		case "true":
			return true, problem{}
		case "false":
			return false, problem{}
		}
		return nil, problem{template: notBoolTemplate}
	case TypeTime:
		if d, err := time.Parse(time.DateOnly, v); err == nil {
			return d, problem{}
		}
		ts, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, problem{template: notTimeTemplate}
		}
		return ts.UTC(), problem{}
	}
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return nil, problem{template: notTextTemplate}
	}
	return v, problem{}
}

// escapeLike escapes LIKE's wildcards in s with !, the ESCAPE character
// petra declares (the same on every dialect, unlike a backslash).
func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// SelectList runs base filtered, searched and ordered by lq, for one page of
// rows scanned into T and the count of every row that matches, as
// [SelectPage] does. The count runs without the ORDER BY.
func SelectList[T any](ctx context.Context, q Querier, lq *ListQuery, base string, args []any, page, perPage int) ([]T, int, error) {
	query, qargs := lq.SQL(q.Dialect(), base, args)
	unordered := *lq
	unordered.order = nil
	count, _ := unordered.SQL(q.Dialect(), base, args)
	return selectPage[T](ctx, q, count, query, qargs, page, perPage)
}
