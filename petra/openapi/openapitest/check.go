// Package openapitest checks, in tests, that an app keeps the promises of its
// OpenAPI document: every request a petratest client sends and every answer it
// gets are validated against the document petra/openapi builds.
//
//	c := petratest.New(t, app).WithCheck(openapitest.Check(t, app, openapi.Config{}))
//
// The document never lies when, for every exchange:
//   - the answer's status is one the operation lists, its body fits the
//     schema listed for it (a body that is null too, which a nil slice or
//     map answers), and it carries the headers listed for it as required,
//     and no others but HTTP's own (Content-Type, Vary, Cache-Control,
//     CORS's…), each header it carries fitting its schema, formats
//     included (a time.Time header's value is an HTTP date, as
//     http.ParseTime reads it);
//   - a request the document calls invalid, formats included (an email rule
//     is an idn-email), is refused with a 4xx (the server
//     is not more lenient than the document);
//   - a method or path the document does not list is answered 404 or 405.
package openapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pb33f/jsonschema/v6"
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
	// Requests and answers are held to their formats: petra writes answers
	// from Go types (a time.Time as a date-time in a body, an HTTP date in a
	// header), and documents a request's by the validate rules that check them.
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions(),
		config.WithCustomFormat(openapi.HTTPDate, httpDate),
		config.WithCustomFormat("idn-email", idnEmail),
		config.WithCustomFormat("int64", integerFormat("int64", math.MinInt64, math.MaxInt64, parseInt64)),
		config.WithCustomFormat("uint64", integerFormat("uint64", 0, math.MaxUint64, parseUint64)))
	require.Empty(t, errs, "openapitest: no validator for the document")
	valid, verrs := v.ValidateDocument()
	require.True(t, valid, "openapitest: the document is not valid OpenAPI: %s", describe(verrs))
	model, err := doc.BuildV3Model()
	require.NoError(t, err)
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
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err, "openapitest: reading the answer")
		res.Body = io.NopCloser(bytes.NewReader(body))
		answer := answerOf(&model.Model, req, res)
		if ok, errs := v.ValidateHttpResponse(req, res); !ok {
			t.Errorf("openapitest: %s: the answer is not what the document says: %s", exchange, describe(errs))
		} else if nullRefused(answer, res, body) {
			t.Errorf("openapitest: %s: the answer is not what the document says: its body is null, which its schema does not allow", exchange)
		} else if unlisted := unlistedHeaders(answer, res); len(unlisted) > 0 {
			t.Errorf("openapitest: %s: the answer is not what the document says: it carries %s, which the document does not list",
				exchange, strings.Join(unlisted, ", "))
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

// asciiEmail is JSON Schema's email format, as the validator checks it.
var asciiEmail = func() *jsonschema.Schema {
	s, err := helpers.NewCompiledSchema("email", []byte(`{"format":"email"}`), config.NewValidationOptions(config.WithFormatAssertions()))
	if err != nil {
		panic(err)
	}
	return s
}()

// idnEmail checks a value of the format idn-email (RFC 6531): an address
// as the format email (RFC 5321) reads one, but for the letters beyond
// ASCII that RFC 6531 allows wherever RFC 5321 allows a letter, in the
// local part and in the domain's labels.
func idnEmail(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil // not a string: the schema's type says so
	}
	ascii := strings.Map(func(r rune) rune {
		if r >= utf8.RuneSelf {
			return 'x'
		}
		return r
	}, s)
	if !utf8.ValidString(s) || asciiEmail.Validate(ascii) != nil {
		return fmt.Errorf("%q is not an email address, internationalized or not", s)
	}
	return nil
}

// integerFormat returns the check of the integer format name, whose values
// are what parse reads and, as float64s, from lo to hi. A json.Number or an
// int64 is checked exactly. A float64, as the validator decodes a body's
// numbers, has lost its precision already: MaxInt64 comes as 2^63 and
// MaxUint64 as 2^64, so a float64 is held to the float64 bounds, which let
// a value just above the bound through (and the validator's own int64,
// comparing with 2^63 exclusive, refuses MaxInt64 itself).
func integerFormat(name string, lo, hi float64, parse func(string) error) func(any) error {
	return func(v any) error {
		var whole bool
		switch n := v.(type) {
		case json.Number:
			whole = parse(n.String()) == nil
			if f, err := n.Float64(); !whole && err == nil && strings.ContainsAny(n.String(), ".eE") {
				whole = inRange(f, lo, hi) // 1e3, 2.0
			}
		case float64:
			whole = inRange(n, lo, hi)
		case int64:
			whole = parse(strconv.FormatInt(n, 10)) == nil
		default:
			return nil // not a number: the schema's type says so
		}
		if !whole {
			return fmt.Errorf("%v is not a whole number of the range of %s", v, name)
		}
		return nil
	}
}

func parseInt64(s string) error {
	_, err := strconv.ParseInt(s, 10, 64)
	return err
}

func parseUint64(s string) error {
	_, err := strconv.ParseUint(s, 10, 64)
	return err
}

// inRange reports whether f is a whole number from lo to hi.
func inRange(f, lo, hi float64) bool {
	return f == math.Trunc(f) && f >= lo && f <= hi
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
