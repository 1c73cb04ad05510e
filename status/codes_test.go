package status_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/status"
)

// constants lists every constant of DRF's status module: its name as DRF spells it, the
// Go constant of that name, its value and its phrase.
var constants = []struct {
	name  string
	code  status.Code
	value int
	text  string
}{
	{"HTTP_100_CONTINUE", status.HTTP_100_CONTINUE, 100, "Continue"},
	{"HTTP_101_SWITCHING_PROTOCOLS", status.HTTP_101_SWITCHING_PROTOCOLS, 101, "Switching Protocols"},
	{"HTTP_102_PROCESSING", status.HTTP_102_PROCESSING, 102, "Processing"},
	{"HTTP_103_EARLY_HINTS", status.HTTP_103_EARLY_HINTS, 103, "Early Hints"},
	{"HTTP_200_OK", status.HTTP_200_OK, 200, "OK"},
	{"HTTP_201_CREATED", status.HTTP_201_CREATED, 201, "Created"},
	{"HTTP_202_ACCEPTED", status.HTTP_202_ACCEPTED, 202, "Accepted"},
	{"HTTP_203_NON_AUTHORITATIVE_INFORMATION", status.HTTP_203_NON_AUTHORITATIVE_INFORMATION, 203, "Non-Authoritative Information"},
	{"HTTP_204_NO_CONTENT", status.HTTP_204_NO_CONTENT, 204, "No Content"},
	{"HTTP_205_RESET_CONTENT", status.HTTP_205_RESET_CONTENT, 205, "Reset Content"},
	{"HTTP_206_PARTIAL_CONTENT", status.HTTP_206_PARTIAL_CONTENT, 206, "Partial Content"},
	{"HTTP_207_MULTI_STATUS", status.HTTP_207_MULTI_STATUS, 207, "Multi-Status"},
	{"HTTP_208_ALREADY_REPORTED", status.HTTP_208_ALREADY_REPORTED, 208, "Already Reported"},
	{"HTTP_226_IM_USED", status.HTTP_226_IM_USED, 226, "IM Used"},
	{"HTTP_300_MULTIPLE_CHOICES", status.HTTP_300_MULTIPLE_CHOICES, 300, "Multiple Choices"},
	{"HTTP_301_MOVED_PERMANENTLY", status.HTTP_301_MOVED_PERMANENTLY, 301, "Moved Permanently"},
	{"HTTP_302_FOUND", status.HTTP_302_FOUND, 302, "Found"},
	{"HTTP_303_SEE_OTHER", status.HTTP_303_SEE_OTHER, 303, "See Other"},
	{"HTTP_304_NOT_MODIFIED", status.HTTP_304_NOT_MODIFIED, 304, "Not Modified"},
	{"HTTP_305_USE_PROXY", status.HTTP_305_USE_PROXY, 305, "Use Proxy"},
	{"HTTP_306_RESERVED", status.HTTP_306_RESERVED, 306, "Reserved"},
	{"HTTP_307_TEMPORARY_REDIRECT", status.HTTP_307_TEMPORARY_REDIRECT, 307, "Temporary Redirect"},
	{"HTTP_308_PERMANENT_REDIRECT", status.HTTP_308_PERMANENT_REDIRECT, 308, "Permanent Redirect"},
	{"HTTP_400_BAD_REQUEST", status.HTTP_400_BAD_REQUEST, 400, "Bad Request"},
	{"HTTP_401_UNAUTHORIZED", status.HTTP_401_UNAUTHORIZED, 401, "Unauthorized"},
	{"HTTP_402_PAYMENT_REQUIRED", status.HTTP_402_PAYMENT_REQUIRED, 402, "Payment Required"},
	{"HTTP_403_FORBIDDEN", status.HTTP_403_FORBIDDEN, 403, "Forbidden"},
	{"HTTP_404_NOT_FOUND", status.HTTP_404_NOT_FOUND, 404, "Not Found"},
	{"HTTP_405_METHOD_NOT_ALLOWED", status.HTTP_405_METHOD_NOT_ALLOWED, 405, "Method Not Allowed"},
	{"HTTP_406_NOT_ACCEPTABLE", status.HTTP_406_NOT_ACCEPTABLE, 406, "Not Acceptable"},
	{"HTTP_407_PROXY_AUTHENTICATION_REQUIRED", status.HTTP_407_PROXY_AUTHENTICATION_REQUIRED, 407, "Proxy Authentication Required"},
	{"HTTP_408_REQUEST_TIMEOUT", status.HTTP_408_REQUEST_TIMEOUT, 408, "Request Timeout"},
	{"HTTP_409_CONFLICT", status.HTTP_409_CONFLICT, 409, "Conflict"},
	{"HTTP_410_GONE", status.HTTP_410_GONE, 410, "Gone"},
	{"HTTP_411_LENGTH_REQUIRED", status.HTTP_411_LENGTH_REQUIRED, 411, "Length Required"},
	{"HTTP_412_PRECONDITION_FAILED", status.HTTP_412_PRECONDITION_FAILED, 412, "Precondition Failed"},
	{"HTTP_413_REQUEST_ENTITY_TOO_LARGE", status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, 413, "Request Entity Too Large"},
	{"HTTP_414_REQUEST_URI_TOO_LONG", status.HTTP_414_REQUEST_URI_TOO_LONG, 414, "Request URI Too Long"},
	{"HTTP_415_UNSUPPORTED_MEDIA_TYPE", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, 415, "Unsupported Media Type"},
	{"HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE", status.HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE, 416, "Requested Range Not Satisfiable"},
	{"HTTP_417_EXPECTATION_FAILED", status.HTTP_417_EXPECTATION_FAILED, 417, "Expectation Failed"},
	{"HTTP_418_IM_A_TEAPOT", status.HTTP_418_IM_A_TEAPOT, 418, "I'm a teapot"},
	{"HTTP_421_MISDIRECTED_REQUEST", status.HTTP_421_MISDIRECTED_REQUEST, 421, "Misdirected Request"},
	{"HTTP_422_UNPROCESSABLE_ENTITY", status.HTTP_422_UNPROCESSABLE_ENTITY, 422, "Unprocessable Entity"},
	{"HTTP_423_LOCKED", status.HTTP_423_LOCKED, 423, "Locked"},
	{"HTTP_424_FAILED_DEPENDENCY", status.HTTP_424_FAILED_DEPENDENCY, 424, "Failed Dependency"},
	{"HTTP_425_TOO_EARLY", status.HTTP_425_TOO_EARLY, 425, "Too Early"},
	{"HTTP_426_UPGRADE_REQUIRED", status.HTTP_426_UPGRADE_REQUIRED, 426, "Upgrade Required"},
	{"HTTP_428_PRECONDITION_REQUIRED", status.HTTP_428_PRECONDITION_REQUIRED, 428, "Precondition Required"},
	{"HTTP_429_TOO_MANY_REQUESTS", status.HTTP_429_TOO_MANY_REQUESTS, 429, "Too Many Requests"},
	{"HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE", status.HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE, 431, "Request Header Fields Too Large"},
	{"HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS", status.HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS, 451, "Unavailable For Legal Reasons"},
	{"HTTP_500_INTERNAL_SERVER_ERROR", status.HTTP_500_INTERNAL_SERVER_ERROR, 500, "Internal Server Error"},
	{"HTTP_501_NOT_IMPLEMENTED", status.HTTP_501_NOT_IMPLEMENTED, 501, "Not Implemented"},
	{"HTTP_502_BAD_GATEWAY", status.HTTP_502_BAD_GATEWAY, 502, "Bad Gateway"},
	{"HTTP_503_SERVICE_UNAVAILABLE", status.HTTP_503_SERVICE_UNAVAILABLE, 503, "Service Unavailable"},
	{"HTTP_504_GATEWAY_TIMEOUT", status.HTTP_504_GATEWAY_TIMEOUT, 504, "Gateway Timeout"},
	{"HTTP_505_HTTP_VERSION_NOT_SUPPORTED", status.HTTP_505_HTTP_VERSION_NOT_SUPPORTED, 505, "HTTP Version Not Supported"},
	{"HTTP_506_VARIANT_ALSO_NEGOTIATES", status.HTTP_506_VARIANT_ALSO_NEGOTIATES, 506, "Variant Also Negotiates"},
	{"HTTP_507_INSUFFICIENT_STORAGE", status.HTTP_507_INSUFFICIENT_STORAGE, 507, "Insufficient Storage"},
	{"HTTP_508_LOOP_DETECTED", status.HTTP_508_LOOP_DETECTED, 508, "Loop Detected"},
	{"HTTP_509_BANDWIDTH_LIMIT_EXCEEDED", status.HTTP_509_BANDWIDTH_LIMIT_EXCEEDED, 509, "Bandwidth Limit Exceeded"},
	{"HTTP_510_NOT_EXTENDED", status.HTTP_510_NOT_EXTENDED, 510, "Not Extended"},
	{"HTTP_511_NETWORK_AUTHENTICATION_REQUIRED", status.HTTP_511_NETWORK_AUTHENTICATION_REQUIRED, 511, "Network Authentication Required"},
}

// notInNetHTTP are the codes whose phrase comes from DRF's name because net/http has none.
var notInNetHTTP = map[status.Code]bool{
	status.HTTP_306_RESERVED:                 true,
	status.HTTP_509_BANDWIDTH_LIMIT_EXCEEDED: true,
}

// nameShape is DRF's spelling: HTTP_, three digits, then upper-case words joined by _.
var nameShape = regexp.MustCompile(`^HTTP_([1-5][0-9][0-9])_([A-Z]+(?:_[A-Z]+)*)$`)

// nameOf turns a phrase into the tail of a DRF name: "I'm a teapot" → "IM_A_TEAPOT".
func nameOf(phrase string) string {
	phrase = strings.ReplaceAll(phrase, "'", "")
	return strings.ToUpper(strings.Join(strings.FieldsFunc(phrase, func(r rune) bool {
		return r == ' ' || r == '-'
	}), "_"))
}

func TestConstants(t *testing.T) {
	require.Len(t, constants, 64, "DRF's status module has 64 constants")
	for _, tt := range constants {
		t.Run(tt.name, func(t *testing.T) {
			m := nameShape.FindStringSubmatch(tt.name)
			require.NotNil(t, m, "name does not have DRF's shape")
			assert.Equal(t, strconv.Itoa(tt.value), m[1], "number in the name")
			assert.Equal(t, tt.value, int(tt.code), "value")
			assert.Equal(t, tt.text, tt.code.Text(), "phrase")
			assert.Equal(t, m[2], nameOf(tt.text), "phrase matches the name")
			if notInNetHTTP[tt.code] {
				assert.Empty(t, http.StatusText(tt.value), "net/http gained a phrase; use it")
			} else {
				assert.Equal(t, http.StatusText(tt.value), tt.text, "phrase agrees with net/http")
			}
		})
	}
}

// TestConstantsDeclared reads codes.go so that a constant added there without a row in
// the table above, or declared under another name or value, fails.
func TestConstantsDeclared(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	require.NoError(t, err)

	declared := map[string]int{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			require.Len(t, vs.Values, len(vs.Names), "each constant has its own literal value")
			for i, n := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				require.True(t, ok, "%s: value is a literal", n.Name)
				v, err := strconv.Atoi(lit.Value)
				require.NoError(t, err)
				declared[n.Name] = v
			}
		}
	}

	want := map[string]int{}
	for _, tt := range constants {
		want[tt.name] = tt.value
	}
	assert.Equal(t, want, declared)
}
