package db_test

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// peopleApp answers the people of d: a cursor's page when the query has a
// cursor, else a page of peopleList.
func peopleApp(d *db.DB, opts ...petra.Option) *petra.App {
	app := petra.New(opts...)
	app.Mount(petra.Module{Name: "people", Routes: []petra.Route{
		petra.Get("people/", func(r *petra.Request) petra.Result {
			p, err := r.PageParams()
			if err != nil {
				return petra.Fail(err)
			}
			lq, err := peopleList.Parse(r.QueryValues())
			if err != nil {
				return petra.Fail(err)
			}
			if r.QueryValues().Has(db.CursorParam) {
				page, err := db.SelectCursor[person](r.Context(), d, lq, peopleQuery, nil, cursorKey, r.Query(db.CursorParam), p.PerPage)
				if err != nil {
					return petra.Fail(err)
				}
				return petra.Response(page)
			}
			rows, more, err := db.SelectListUncounted[person](r.Context(), d, lq, peopleQuery, nil, p.Page, p.PerPage)
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(petra.NewUncountedPage(r, p, names(rows), more))
		}),
	}})
	return app
}

// TestListParamErrorsInSpanish checks each message of a list's query
// parameters over HTTP: in Spanish when the client asks for it, the values
// (parameter names, limits, allowed fields) filled into the translation, and
// in English, as before, otherwise.
func TestListParamErrorsInSpanish(t *testing.T) {
	tests := []struct {
		query, param, english, spanish string
	}{
		{"ordering=password", "ordering",
			"The ordering must name only age, created, email, name, each with - for descending",
			"El campo ordering solo puede nombrar age, created, email, name, cada uno con - para orden descendente"},
		{"ordering=name&ordering=age", "ordering",
			"The ordering must be given once, as comma-separated fields",
			"El campo ordering debe indicarse una sola vez, como campos separados por comas"},
		{"is_active=yes", "is_active", "The is_active must be true or false", "El campo is_active debe ser verdadero o falso"},
		{"is_active=true&is_active=false", "is_active", "The is_active must be given once", "El campo is_active debe indicarse una sola vez"},
		{"age=1+OR+1=1", "age", "The age must be a whole number", "El campo age debe ser un número entero"},
		{"age__in=" + strings.Repeat("1,", 100) + "1", "age__in", "The age__in must list at most 100 values",
			"El campo age__in debe enumerar como máximo 100 valores"},
		{"age__regex=.*", "age__regex",
			"The age__regex filter is not supported; age allows age__exact, age__gte, age__lt, age__in, age__isnull",
			"El filtro age__regex no está admitido; age admite age__exact, age__gte, age__lt, age__in, age__isnull"},
		{"created__gte=yesterday", "created__gte",
			"The created__gte must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z)",
			"El campo created__gte debe ser una fecha (2006-01-02) o una hora RFC 3339 (2006-01-02T15:04:05Z)"},
		{"name=%00", "name", "The name must be UTF-8 text without null characters",
			"El campo name debe ser texto UTF-8 sin caracteres nulos"},
		{"name=" + strings.Repeat("a", 201), "name", "The name must be at most 200 bytes", "El campo name debe tener como máximo 200 bytes"},
		{"search=a&search=b", "search", "The search must be given once", "El campo search debe indicarse una sola vez"},
		{"search=a+b+c+d+e+f+g+h+i+j+k", "search", "The search must have at most 10 words",
			"El campo search debe tener como máximo 10 palabras"},
		{"page=0", "page", "The page must be a whole number of at least 1",
			"El campo page debe ser un número entero mayor o igual que 1"},
		{"per_page=x", "per_page", "The per_page must be a whole number of at least 1",
			"El campo per_page debe ser un número entero mayor o igual que 1"},
		{"cursor=e30.AAAA", "cursor", "The cursor is invalid or has expired", "El cursor no es válido o ha caducado"},
		{"cursor=%27+OR+1%3D1+--", "cursor", "The cursor is invalid or has expired", "El cursor no es válido o ha caducado"},
	}
	d := dbtest.Open(t, "sqlite")
	seedPeople(t, d)
	client := petratest.New(t, peopleApp(d, petra.WithCatalog(petra.Spanish)))
	for _, tt := range tests {
		t.Run(tt.english, func(t *testing.T) {
			path := "/api/v1/people/people/?" + tt.query
			es := client.WithTest(t).WithHeader("Accept-Language", "es-MX").Get(path).
				AssertFieldErrors(status.HTTP_400_BAD_REQUEST, map[string][]string{tt.param: {tt.spanish}})
			assert.Equal(t, "Los datos proporcionados no son válidos", es.Envelope().Message)
			assert.Equal(t, "es", es.Header().Get("Content-Language"))
			client.WithTest(t).Get(path).
				AssertFieldErrors(status.HTTP_400_BAD_REQUEST, map[string][]string{tt.param: {tt.english}})
		})
	}
}

// TestParamErrorInLanguages checks that one ParamError, answered again and
// again, is worded in each request's language and left as it was.
func TestParamErrorInLanguages(t *testing.T) {
	_, err := peopleList.Parse(url.Values{"search": {"a", "b"}, "age": {"x"}})
	require.Error(t, err)
	app := petra.New(petra.WithCatalog(petra.Spanish))
	app.Mount(petra.Module{Name: "m", Routes: []petra.Route{
		petra.Get("list", func(*petra.Request) petra.Result { return petra.Fail(err) }),
	}})
	client := petratest.New(t, app)
	english := map[string][]string{"age": {"The age must be a whole number"}, "search": {"The search must be given once"}}
	spanish := map[string][]string{"age": {"El campo age debe ser un número entero"}, "search": {"El campo search debe indicarse una sola vez"}}
	for _, lang := range []string{"es", "en", "es-ES", "fr"} {
		want := english
		if strings.HasPrefix(lang, "es") {
			want = spanish
		}
		client.WithTest(t).WithHeader("Accept-Language", lang).Get("/api/v1/m/list").AssertFieldErrors(status.HTTP_400_BAD_REQUEST, want)
	}
	var perr *db.ParamError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, english, perr.Fields, "the error is left as it was")
}

// TestParamErrorInLanguagesKeepsItsOwnMessages checks that a ParamError built
// by hand, or whose Fields were changed, has those messages translated as they
// are.
func TestParamErrorInLanguagesKeepsItsOwnMessages(t *testing.T) {
	_, err := peopleList.Parse(url.Values{"age": {"x"}, "name__gt": {"a"}, "search": {"a", "b"}})
	var perr *db.ParamError
	require.ErrorAs(t, err, &perr)
	const invalidCursor = "The cursor is invalid or has expired"
	perr.Fields["age"] = append(perr.Fields["age"], invalidCursor)
	perr.Fields["name__gt"] = []string{invalidCursor}
	perr.Fields["tag"] = []string{"Not translated"}
	es, _ := petra.Spanish.Message(invalidCursor)
	translate := func(id string) string {
		if msg, ok := petra.Spanish.Message(id); ok {
			return msg
		}
		return id
	}
	assert.Equal(t, map[string][]string{
		"age":      {"El campo age debe ser un número entero", es},
		"name__gt": {es},
		"search":   {"El campo search debe indicarse una sola vez"},
		"tag":      {"Not translated"},
	}, perr.FieldErrorsIn(translate))
	hand := &db.ParamError{Fields: map[string][]string{"cursor": {invalidCursor}}}
	assert.Equal(t, map[string][]string{"cursor": {es}}, hand.FieldErrorsIn(translate))
}

// TestSpanishWordsEveryParamMessage checks that petra.Spanish translates
// every template of a list's query parameter errors, keeping its
// placeholders.
func TestSpanishWordsEveryParamMessage(t *testing.T) {
	src, err := os.ReadFile("list.go")
	require.NoError(t, err)
	declared := regexp.MustCompile(`(?m)^\t\w+Template\s+= "`).FindAll(src, -1)
	require.Len(t, db.ParamTemplates, len(declared), "ParamTemplates lists every template list.go declares")
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	for _, id := range db.ParamTemplates {
		msg, ok := petra.Spanish.Message(id)
		if assert.True(t, ok, "petra.Spanish lacks %q", id) {
			assert.NotEqual(t, id, msg)
			assert.ElementsMatch(t, placeholder.FindAllString(id, -1), placeholder.FindAllString(msg, -1), id)
		}
	}
}
