// Package openapitest checks, in tests, that an app keeps the promises of its
// OpenAPI document: every request a petratest client sends and every answer it
// gets are validated against the document petra/openapi builds.
//
//	c := petratest.New(t, app).WithCheck(openapitest.Check(t, app, openapi.Config{}))
//
// The document never lies when, for every exchange:
//   - the answer's status is one the operation lists, its body fits the
//     schema listed for it, and it carries the headers listed for it as
//     required, each header it carries fitting its schema, formats
//     included (a time.Time header's value is an HTTP date, as
//     http.ParseTime reads it);
//   - a request the document calls invalid is refused with a 4xx (the server
//     is not more lenient than the document);
//   - a method or path the document does not list is answered 404 or 405.
package openapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/petratest"
)

// Check returns a petratest.Check that validates every exchange against the
// document of app, built now: mount every module first. It fails t if the
// document is not valid OpenAPI 3.1.
func Check(t testing.TB, app *petra.App, cfg openapi.Config) petratest.Check {
	t.Helper()
	data, err := json.Marshal(openapi.Build(app, cfg))
	require.NoError(t, err)
	doc, err := libopenapi.NewDocument(data)
	require.NoError(t, err, "openapitest: the document does not parse")
	// Answers are held to their formats, which petra writes from Go types
	// (a time.Time as a date-time in a body, an HTTP date in a header).
	// Requests are not: a validate rule accepts what the format it is
	// documented as may not (email takes an internationalized address).
	v, errs := validator.NewValidator(doc)
	require.Empty(t, errs, "openapitest: no validator for the document")
	answers, errs := validator.NewValidator(doc, config.WithFormatAssertions(), config.WithCustomFormat(openapi.HTTPDate, httpDate))
	require.Empty(t, errs, "openapitest: no validator for the document's answers")
	valid, verrs := v.ValidateDocument()
	require.True(t, valid, "openapitest: the document is not valid OpenAPI: %s", describe(verrs))
	return func(t testing.TB, req *http.Request, res *http.Response) {
		t.Helper()
		exchange := req.Method + " " + req.URL.RequestURI() + " → " + res.Status
		reqOK, reqErrs := v.ValidateHttpRequestSync(req)
		if unlisted(reqErrs) {
			if req.Method == http.MethodOptions || req.Method == http.MethodHead {
				return // answered by petra for every path: Allow, or GET without its body
			}
			if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("openapitest: %s: the document lists no such operation, yet it was not answered 404 or 405", exchange)
			}
			return
		}
		if ok, errs := answers.ValidateHttpResponse(req, res); !ok {
			t.Errorf("openapitest: %s: the answer is not what the document says: %s", exchange, describe(errs))
		}
		if !reqOK && (res.StatusCode < 400 || res.StatusCode >= 500) {
			t.Errorf("openapitest: %s: the document calls the request invalid (%s), yet it was not refused with a 4xx", exchange, describe(reqErrs))
		}
	}
}

// httpDate checks a value of the format openapi.HTTPDate: a string must be
// an HTTP date as net/http reads one.
func httpDate(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil // not a string: the schema's type says so
	}
	if _, err := http.ParseTime(s); err != nil {
		return fmt.Errorf("%q is not an HTTP date such as %q", s, http.TimeFormat)
	}
	return nil
}

// unlisted reports whether errs say that the document has no operation for
// the request's path or method.
func unlisted(errs []*verrors.ValidationError) bool {
	for _, e := range errs {
		if e.ValidationType == helpers.PathValidation &&
			(e.ValidationSubType == helpers.ValidationMissing || e.ValidationSubType == helpers.ValidationMissingOperation) {
			return true
		}
	}
	return false
}

func describe(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n  %s: %s", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n    %s: %s", s.FieldPath, s.Reason)
		}
	}
	return b.String()
}
