package apilog_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// TestShowAPILogsErrorsInSpanish checks that show-api-logs refuses mistaken
// filters in the language the client asks for, its own messages as the
// rules' and the list's, the parameters' names filled into the translation,
// and in English otherwise.
func TestShowAPILogsErrorsInSpanish(t *testing.T) {
	d := openDB(t, "sqlite")
	app := petra.New(petra.WithCatalog(petra.Spanish))
	app.Mount(apilog.Module(d, testCursorKey, petra.AllowAny))
	tests := []struct {
		query            string
		english, spanish map[string][]string
	}{
		{"status__in=200,700",
			map[string][]string{"status__in": {"The status__in must list status codes from 100 to 599"}},
			map[string][]string{"status__in": {"El campo status__in debe enumerar códigos de estado de 100 a 599"}}},
		{"since=2026-01-02&until=2026-01-01",
			map[string][]string{"since": {"The since must not be after the until"}},
			map[string][]string{"since": {"El campo since no debe ser posterior al campo until"}}},
		{"since__gte=2026-01-02&until__lte=2026-01-01",
			map[string][]string{"since__gte": {"The since__gte must not be after the until__lte"}},
			map[string][]string{"since__gte": {"El campo since__gte no debe ser posterior al campo until__lte"}}},
		{"method=FOO&path=x",
			map[string][]string{
				"method": {"The method must be one of: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
				"path":   {"The path must start with /"}},
			map[string][]string{
				"method": {"El campo method debe ser uno de: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
				"path":   {"El campo path debe empezar por /"}}},
		{"status__in=200,x",
			map[string][]string{"status__in": {"The status__in must be a whole number"}},
			map[string][]string{"status__in": {"El campo status__in debe ser un número entero"}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			for _, lang := range []struct {
				accept, message string
				errors          map[string][]string
			}{
				{"es", "Los datos proporcionados no son válidos", tt.spanish},
				{"es-MX,en;q=0.5", "Los datos proporcionados no son válidos", tt.spanish},
				{"", "The given data was invalid", tt.english},
				{"fr", "The given data was invalid", tt.english},
			} {
				res := petratest.New(t, app).WithHeader("Accept-Language", lang.accept).
					Get(apilog.ShowPath + "?" + tt.query).AssertStatus(status.HTTP_400_BAD_REQUEST)
				env := res.Envelope()
				assert.Equal(t, lang.message, env.Message, lang.accept)
				assert.Equal(t, lang.errors, env.Errors, lang.accept)
			}
		})
	}
}
