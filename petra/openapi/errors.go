package openapi

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// envelopeSchema is petra's one error envelope.
func envelopeSchema() *Schema {
	return &Schema{
		Type:        Types{"object"},
		Description: "Every 4xx and 5xx answer. errors, keyed by the field's JSON name (address.city, items[0].sku), comes with validation failures only.",
		Properties: map[string]*Schema{
			"success": {Type: Types{"boolean"}, Const: false},
			"message": {Type: Types{"string"}},
			"errors": {
				Type:                 Types{"object"},
				AdditionalProperties: &Schema{Type: Types{"array"}, Items: &Schema{Type: Types{"string"}}},
			},
		},
		Required: []string{"success", "message"},
	}
}

// errorNames name the shared error responses.
var errorNames = map[status.Code]string{
	status.HTTP_400_BAD_REQUEST:              "BadRequest",
	status.HTTP_401_UNAUTHORIZED:             "Unauthorized",
	status.HTTP_403_FORBIDDEN:                "Forbidden",
	status.HTTP_404_NOT_FOUND:                "NotFound",
	status.HTTP_408_REQUEST_TIMEOUT:          "RequestTimeout",
	status.HTTP_405_METHOD_NOT_ALLOWED:       "MethodNotAllowed",
	status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "PayloadTooLarge",
	status.HTTP_415_UNSUPPORTED_MEDIA_TYPE:   "UnsupportedMediaType",
	status.HTTP_429_TOO_MANY_REQUESTS:        "TooManyRequests",
	status.HTTP_500_INTERNAL_SERVER_ERROR:    "InternalServerError",
	status.HTTP_503_SERVICE_UNAVAILABLE:      "ServiceUnavailable",
}

// errorDescriptions say when each shared error response is given.
var errorDescriptions = map[status.Code]string{
	status.HTTP_400_BAD_REQUEST:              "The request is invalid: malformed JSON, a value of the wrong type, or a field that breaks its rules (listed in errors).",
	status.HTTP_401_UNAUTHORIZED:             "Authentication credentials were not provided or are invalid.",
	status.HTTP_403_FORBIDDEN:                "The authenticated user may not do this.",
	status.HTTP_404_NOT_FOUND:                "Nothing is found at this path: a path parameter does not fit its converter, or names nothing.",
	status.HTTP_405_METHOD_NOT_ALLOWED:       "The path does not answer this method; Allow lists those it does.",
	status.HTTP_408_REQUEST_TIMEOUT:          "The body was sent too slowly (see petra.WithBodyTimeout).",
	status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "The body is larger than the route accepts.",
	status.HTTP_415_UNSUPPORTED_MEDIA_TYPE:   "The body's Content-Type is not one the route reads.",
	status.HTTP_429_TOO_MANY_REQUESTS:        "Too many requests from this client; Retry-After says when to try again.",
	status.HTTP_500_INTERNAL_SERVER_ERROR:    "An unexpected failure; the server's log has the details.",
	status.HTTP_503_SERVICE_UNAVAILABLE:      "The request took too long to complete, or a service the app needs is unavailable for now: try again later.",
}

// envelopeResponse is an error response of code in the envelope, sent with
// headers.
func envelopeResponse(g *registry, code status.Code, headers []petra.ResponseHeader) *Response {
	description, ok := errorDescriptions[code]
	if !ok {
		description = code.Text() + " (" + strconv.Itoa(int(code)) + ")"
	}
	return &Response{
		Description: description,
		Headers:     responseHeaders(g, headers),
		Content:     map[string]*MediaType{"application/json": {Schema: &Schema{Ref: "#/components/schemas/" + errorSchema}}},
	}
}

// errorHeaders are the headers of an error answer of code that a route
// declares with its own: petra's (petra.ErrorHeaders), then the route's,
// which replace petra's of the same name.
func errorHeaders(code status.Code, own []petra.ResponseHeader) []petra.ResponseHeader {
	headers := petra.ErrorHeaders(code)
	for _, h := range own {
		headers = slices.DeleteFunc(headers, func(p petra.ResponseHeader) bool { return strings.EqualFold(p.Name, h.Name) })
		headers = append(headers, h)
	}
	return headers
}

// byStatus merges the error answers of errs that share a status, in the order
// each status first comes, with every header declared for it.
func byStatus(errs []petra.Failed) []petra.Failed {
	var out []petra.Failed
	for _, f := range errs {
		i := slices.IndexFunc(out, func(o petra.Failed) bool { return o.Status == f.Status })
		if i < 0 {
			out = append(out, petra.Failed{Status: f.Status})
			i = len(out) - 1
		}
		out[i].Headers = append(out[i].Headers, f.Headers...)
	}
	return out
}
