package petra

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-petra/petra/status"
)

// multipartMemory is how much of a multipart body is kept in memory; the rest of
// its files spill to temporary files, as net/http does.
const multipartMemory = 8 << 20

// AllData returns every value the request carries, as django-petra's request
// helpers do: the query string, then the body (JSON object, urlencoded or
// multipart form, whose keys win over the query's). A key sent once is a string
// (JSON values keep their JSON types, numbers as json.Number); a key sent several
// times is a []string; a file is a *multipart.FileHeader ([]*multipart.FileHeader
// for several). The result is computed once per request and must not be modified.
//
// A body that cannot be read as its Content-Type says is an error that [Fail]
// answers with 400, 413 or 415.
func (r *Request) AllData() (map[string]any, error) {
	if r.data != nil {
		return r.data, nil
	}
	data := make(map[string]any)
	addValues(data, r.QueryValues())
	if err := r.addBody(data); err != nil {
		return nil, err
	}
	r.data = data
	return data, nil
}

// Data returns the value of key from [Request.AllData], or nil when the key is
// absent or the body cannot be read.
func (r *Request) Data(key string) any {
	data, err := r.AllData()
	if err != nil {
		return nil
	}
	return data[key]
}

// File returns the first file uploaded under key in a multipart body. A request
// without one is a [*ValidationError] on key.
func (r *Request) File(key string) (*multipart.FileHeader, error) {
	if r.MediaType() == "multipart/form-data" {
		if err := r.parseMultipart(); err != nil {
			return nil, err
		}
		if files := r.MultipartForm.File[key]; len(files) > 0 {
			return files[0], nil
		}
	}
	return nil, Invalid(key, r.fieldMessage("The {field} field is required", key))
}

func (r *Request) addBody(data map[string]any) error {
	mt := r.MediaType()
	if mt == "multipart/form-data" {
		if err := r.parseMultipart(); err != nil {
			return err
		}
		addValues(data, r.MultipartForm.Value)
		for k, files := range r.MultipartForm.File {
			if len(files) == 1 {
				data[k] = files[0]
			} else {
				data[k] = files
			}
		}
		return nil
	}
	body, err := r.RawBody()
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	switch {
	case IsJSONMediaType(mt):
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		err := dec.Decode(&obj)
		if err == nil && len(bytes.TrimSpace(body[dec.InputOffset():])) > 0 {
			// Something follows the object: let Unmarshal say what and where.
			err = json.Unmarshal(body, new(json.RawMessage))
		}
		if err != nil {
			if mj := MalformedJSON(body, err); mj != nil {
				return mj
			}
			return BadRequest("The request body must be a JSON object")
		}
		for k, v := range obj {
			data[k] = v
		}
	case mt == "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return BadRequest("The request body is not a valid urlencoded form")
		}
		addValues(data, values)
	default:
		return ErrUnsupportedMediaType
	}
	return nil
}

// parseMultipart parses a multipart body once, mapping its errors to the
// client errors they are.
func (r *Request) parseMultipart() error {
	if r.MultipartForm != nil {
		return nil
	}
	err := r.ParseMultipartForm(multipartMemory)
	var maxErr *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &maxErr):
		return err
	default:
		return BadRequest("The request body is not a valid multipart form")
	}
}

func addValues(data map[string]any, values url.Values) {
	for k, v := range values {
		if len(v) == 1 {
			data[k] = v[0]
		} else {
			data[k] = v
		}
	}
}

// IsJSONMediaType reports whether mt, a media type without parameters, is JSON:
// application/json or any application/*+json.
func IsJSONMediaType(mt string) bool {
	return mt == "application/json" ||
		(len(mt) > len("application/+json") && mt[:len("application/")] == "application/" && mt[len(mt)-5:] == "+json")
}

// malformedJSONTemplate is the message of a JSON body with a syntax error:
// {detail} is encoding/json's description, {line} and {column} where it is.
const malformedJSONTemplate = "The request body is not valid JSON: {detail} at line {line}, column {column}"

// MalformedJSON returns the 400 error that tells a client where its JSON body is
// broken ("The request body is not valid JSON: invalid character 'x' looking for
// beginning of value at line 1, column 9"), or nil when err, from decoding body,
// is not a syntax error.
func MalformedJSON(body []byte, err error) *Error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		line, col := position(body, syn.Offset)
		return worded(status.HTTP_400_BAD_REQUEST, malformedJSONTemplate,
			"{detail}", syn.Error(), "{line}", strconv.Itoa(line), "{column}", strconv.Itoa(col))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return BadRequest("The request body is not valid JSON: it ends unexpectedly")
	}
	return nil
}

// position converts a byte offset in body to a 1-based line and column.
func position(body []byte, offset int64) (line, col int) {
	if offset > int64(len(body)) {
		offset = int64(len(body))
	}
	before := body[:max(offset-1, 0)]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
