package openapitest

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// answerOf returns the answer the document lists for res, the answer to
// req, or nil when it lists none (the validator says so).
func answerOf(model *v3.Document, req *http.Request, res *http.Response) *v3.Response {
	item, errs, _ := paths.FindPath(req, model, config.NewValidationOptions())
	if item == nil || len(errs) > 0 {
		return nil
	}
	op := helpers.ExtractOperation(req, item)
	if op == nil || op.Responses == nil || op.Responses.Codes == nil {
		return nil
	}
	return op.Responses.Codes.GetOrZero(strconv.Itoa(res.StatusCode))
}

// nullRefused reports whether body, that of answer, is the JSON null where
// the document allows no null: the schema of the answer's media type allows
// none. The validator takes a null body for no body and checks nothing, yet
// encoding/json writes a nil slice or map as null.
func nullRefused(answer *v3.Response, res *http.Response, body []byte) bool {
	if answer == nil || !bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return false
	}
	mt, ok := helpers.FindMediaType(answer.Content, res.Header.Get("Content-Type"))
	if !ok || mt.Schema == nil {
		return false
	}
	return !allowsNull(mt.Schema.Schema())
}

// messageHeaders are the headers of HTTP itself that an answer may carry
// unlisted: they describe the message, its caching and its connection, not
// what the API says (CORS's Access-Control-* too).
var messageHeaders = map[string]bool{
	"Accept-Ranges": true, "Cache-Control": true, "Connection": true, "Content-Disposition": true,
	"Content-Encoding": true, "Content-Length": true, "Content-Range": true, "Content-Security-Policy": true,
	"Content-Type": true, "Date": true, "Etag": true, "Expires": true, "Last-Modified": true,
	"Transfer-Encoding": true, "Vary": true, "X-Content-Type-Options": true,
}

// unlistedHeaders returns the headers res carries that answer, the answer the
// document lists for it, does not list, but those of [messageHeaders].
func unlistedHeaders(answer *v3.Response, res *http.Response) []string {
	if answer == nil {
		return nil
	}
	var out []string
	for name := range res.Header {
		if messageHeaders[name] || strings.HasPrefix(name, "Access-Control-") {
			continue
		}
		listed := false
		if answer.Headers != nil {
			for have := range answer.Headers.KeysFromOldest() {
				listed = listed || http.CanonicalHeaderKey(have) == name
			}
		}
		if !listed {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// allowsNull reports whether s admits the JSON null: its types include null
// or it names none, or one of its alternatives does.
func allowsNull(s *base.Schema) bool {
	if s == nil {
		return true
	}
	for _, alternatives := range [][]*base.SchemaProxy{s.AnyOf, s.OneOf} {
		if len(alternatives) > 0 {
			return slices.ContainsFunc(alternatives, func(p *base.SchemaProxy) bool { return allowsNull(p.Schema()) })
		}
	}
	return len(s.Type) == 0 || slices.Contains(s.Type, "null")
}
