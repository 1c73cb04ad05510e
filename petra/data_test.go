package petra

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/status"
)

// part is one part of a multipart body: a field, or a file when filename is set.
type part struct{ name, filename, content string }

// multipartBody encodes parts and returns the body and its Content-Type.
func multipartBody(t *testing.T, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.filename != "" {
			w, err = mw.CreateFormFile(p.name, p.filename)
		} else {
			w, err = mw.CreateFormField(p.name)
		}
		require.NoError(t, err)
		_, err = io.WriteString(w, p.content)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return &buf, mw.FormDataContentType()
}

func TestAllData(t *testing.T) {
	view := func(r *Request) Result {
		data, err := r.AllData()
		if err != nil {
			return Fail(err)
		}
		again, _ := r.AllData()
		if len(again) != len(data) {
			return Fail(errors.New("AllData changed"))
		}
		out := map[string]any{}
		for k, v := range data {
			switch v := v.(type) {
			case *multipart.FileHeader:
				f, err := v.Open()
				if err != nil {
					return Fail(err)
				}
				content, _ := io.ReadAll(f)
				_ = f.Close()
				out[k] = "file " + v.Filename + ": " + string(content)
			case []*multipart.FileHeader:
				var names []string
				for _, fh := range v {
					names = append(names, fh.Filename)
				}
				out[k] = names
			case json.Number:
				out[k] = "number " + v.String()
			default:
				out[k] = v
			}
		}
		out["data(q)"] = r.Data("q")
		return Response(out)
	}
	mp, mpType := multipartBody(t,
		part{name: "name", content: "Ann"},
		part{name: "tag", content: "a"}, part{name: "tag", content: "b"},
		part{name: "q", content: "body wins"},
		part{name: "avatar", filename: "me.png", content: "PNG"},
		part{name: "docs", filename: "1.txt", content: "1"}, part{name: "docs", filename: "2.txt", content: "2"},
	)
	tests := []struct {
		name, contentType string
		body              io.Reader
		code              status.Code
		want              string
	}{
		{"query only", "", nil, 200, `{"q":"query","page":"2","data(q)":"query"}`},
		{"json", "application/json", strings.NewReader(`{"q":"body wins","n":1.50,"ok":true,"nested":{"a":[1]},"none":null}`), 200,
			`{"q":"body wins","page":"2","n":"number 1.50","ok":true,"nested":{"a":[1]},"none":null,"data(q)":"body wins"}`},
		{"json with charset", "application/json; charset=utf-8", strings.NewReader(`{"name":"Ann"}`), 200,
			`{"q":"query","page":"2","name":"Ann","data(q)":"query"}`},
		{"json null", "application/json", strings.NewReader(`null`), 200, `{"q":"query","page":"2","data(q)":"query"}`},
		{"vendor json", "application/vnd.api+json", strings.NewReader(` {"name":"Ann"} `), 200,
			`{"q":"query","page":"2","name":"Ann","data(q)":"query"}`},
		{"empty json", "application/json", strings.NewReader("  \n"), 200, `{"q":"query","page":"2","data(q)":"query"}`},
		{"urlencoded", "application/x-www-form-urlencoded", strings.NewReader("name=Ann&tag=a&tag=b&q=body+wins"), 200,
			`{"q":"body wins","page":"2","name":"Ann","tag":["a","b"],"data(q)":"body wins"}`},
		{"multipart", mpType, mp, 200,
			`{"q":"body wins","page":"2","name":"Ann","tag":["a","b"],"avatar":"file me.png: PNG","docs":["1.txt","2.txt"],"data(q)":"body wins"}`},
		{"unsupported", "text/plain", strings.NewReader("hello"), 415,
			`{"success":false,"message":"Unsupported media type: send application/json, application/x-www-form-urlencoded or multipart/form-data"}`},
		{"no content type", "", strings.NewReader("hello"), 415,
			`{"success":false,"message":"Unsupported media type: send application/json, application/x-www-form-urlencoded or multipart/form-data"}`},
		{"unsupported but empty", "text/plain", strings.NewReader(""), 200, `{"q":"query","page":"2","data(q)":"query"}`},
		{"json array", "application/json", strings.NewReader(`[1,2]`), 400, `{"success":false,"message":"The request body must be a JSON object"}`},
		{"json string", "application/json", strings.NewReader(`"a"`), 400, `{"success":false,"message":"The request body must be a JSON object"}`},
		{"malformed json", "application/json", strings.NewReader("{\n  \"a\": 1,\n  \"b\": x\n}"), 400,
			`{"success":false,"message":"The request body is not valid JSON: invalid character 'x' looking for beginning of value at line 3, column 8"}`},
		{"truncated json", "application/json", strings.NewReader(`{"a": [1, 2`), 400,
			`{"success":false,"message":"The request body is not valid JSON: it ends unexpectedly"}`},
		{"json with trailing data", "application/json", strings.NewReader(`{"a":1} {"b":2}`), 400,
			`{"success":false,"message":"The request body is not valid JSON: invalid character '{' after top-level value at line 1, column 9"}`},
		{"json with trailing bracket", "application/json", strings.NewReader("{\"a\":1}\n]"), 400,
			`{"success":false,"message":"The request body is not valid JSON: invalid character ']' after top-level value at line 2, column 1"}`},
		{"bad urlencoded", "application/x-www-form-urlencoded", strings.NewReader("a=%zz"), 400,
			`{"success":false,"message":"The request body is not a valid urlencoded form"}`},
		{"multipart without boundary", "multipart/form-data", strings.NewReader("--x\r\n"), 400,
			`{"success":false,"message":"The request body is not a valid multipart form"}`},
		{"broken multipart", "multipart/form-data; boundary=x", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"), 400,
			`{"success":false,"message":"The request body is not a valid multipart form"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/data?q=query&page=2", tt.body)
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			serveView(t, Post("data", view), req).AssertJSON(tt.code, tt.want)
		})
	}
}

func TestDataOnABrokenBody(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/?a=1", strings.NewReader("{"))
	req.Header.Set("Content-Type", "application/json")
	r := NewRequest(httptest.NewRecorder(), req)
	assert.Nil(t, r.Data("a"), "a body that cannot be read gives no data")
	_, err := r.AllData()
	assert.Equal(t, BadRequest("The request body is not valid JSON: it ends unexpectedly"), err)
}

func TestFile(t *testing.T) {
	view := func(r *Request) Result {
		fh, err := r.File("avatar")
		if err != nil {
			return Fail(err)
		}
		return Response(map[string]any{"name": fh.Filename, "size": fh.Size})
	}
	mp, mpType := multipartBody(t, part{name: "avatar", filename: "me.png", content: "PNG!"}, part{name: "avatar", filename: "2.png", content: "x"})
	noFile, noFileType := multipartBody(t, part{name: "avatar", content: "not a file"})
	tests := []struct {
		name, contentType string
		body              io.Reader
		code              status.Code
		want              string
	}{
		{"first file", mpType, mp, 200, `{"name":"me.png","size":4}`},
		{"field, not a file", noFileType, noFile, 400,
			`{"success":false,"message":"The given data was invalid","errors":{"avatar":["The avatar field is required"]}}`},
		{"not multipart", "application/json", strings.NewReader(`{"avatar":"x"}`), 400,
			`{"success":false,"message":"The given data was invalid","errors":{"avatar":["The avatar field is required"]}}`},
		{"broken multipart", "multipart/form-data; boundary=x", strings.NewReader("junk"), 400,
			`{"success":false,"message":"The request body is not a valid multipart form"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/file", tt.body)
			req.Header.Set("Content-Type", tt.contentType)
			serveView(t, Post("file", view), req).AssertJSON(tt.code, tt.want)
		})
	}
}

func TestMultipartTempFilesAreRemoved(t *testing.T) {
	// Files beyond the memory budget spill to disk; they must not outlive the request.
	content := strings.Repeat("x", multipartMemory+1)
	body, contentType := multipartBody(t, part{name: "f", filename: "big.bin", content: content})
	var spilled string
	view := func(r *Request) Result {
		fh, err := r.File("f")
		if err != nil {
			return Fail(err)
		}
		f, err := fh.Open()
		if err != nil {
			return Fail(err)
		}
		defer f.Close()
		if osFile, ok := f.(*os.File); ok {
			spilled = osFile.Name()
		}
		return Response(fh.Size)
	}
	req := httptest.NewRequest(http.MethodPost, "/upload", body)
	req.Header.Set("Content-Type", contentType)
	serveView(t, Post("upload", view).BodyLimit(-1), req).AssertStatus(status.HTTP_200_OK)
	require.NotEmpty(t, spilled, "the file should have spilled to disk")
	_, err := os.Stat(spilled)
	assert.True(t, errors.Is(err, os.ErrNotExist), "temporary file %s left behind", spilled)
}

func TestIsJSONMediaType(t *testing.T) {
	tests := map[string]bool{
		"application/json":          true,
		"application/problem+json":  true,
		"application/vnd.api+json":  true,
		"application/+json":         false,
		"application/jsonx":         false,
		"text/json":                 false,
		"text/plain+json":           false,
		"application/json; charset": false, // parameters must be removed first
		"":                          false,
	}
	for mt, want := range tests {
		assert.Equal(t, want, IsJSONMediaType(mt), mt)
	}
}
