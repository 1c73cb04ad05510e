package openapitest

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"

	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// nullRefused reports whether body, an answer's, is the JSON null where the
// document allows no null: the schema of the answer's status and media type
// allows none. The validator takes a null body for no body and checks
// nothing, yet encoding/json writes a nil slice or map as null.
func nullRefused(model *v3.Document, req *http.Request, res *http.Response, body []byte) bool {
	if !bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return false
	}
	item, errs, _ := paths.FindPath(req, model, config.NewValidationOptions())
	if item == nil || len(errs) > 0 {
		return false // the validator says so
	}
	op := helpers.ExtractOperation(req, item)
	if op == nil || op.Responses == nil || op.Responses.Codes == nil {
		return false
	}
	answer := op.Responses.Codes.GetOrZero(strconv.Itoa(res.StatusCode))
	if answer == nil {
		return false // an unlisted status: the validator says so
	}
	mt, ok := helpers.FindMediaType(answer.Content, res.Header.Get("Content-Type"))
	if !ok || mt.Schema == nil {
		return false
	}
	return !allowsNull(mt.Schema.Schema())
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
