package modules_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db/dbtest"
)

// hostile is a request body built to hurt the server.
type hostile struct {
	name        string
	contentType string
	body        func() io.Reader
	length      bool // send a Content-Length (else chunked)
	// want is 4 when the answer must be a 4xx; 0 accepts a 2xx as well, for
	// bodies that may be fine after all. code, when set, is the exact status.
	// Never a 5xx, always within a second.
	want, code int
}

func textBody(s string) func() io.Reader {
	return func() io.Reader { return strings.NewReader(s) }
}

// multipartBody returns a multipart form of fields and its content type.
func multipartBody(fields map[string]string) (func() io.Reader, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	_ = mw.Close()
	return func() io.Reader { return bytes.NewReader(buf.Bytes()) }, mw.FormDataContentType()
}

func hostileBodies() []hostile {
	const mb = 1 << 20
	huge := func() io.Reader { // 20 MB of one JSON string, produced as it is sent
		return io.MultiReader(strings.NewReader(`{"name":"`), io.LimitReader(repeatByte('a'), 20*mb), strings.NewReader(`"}`))
	}
	deepArrays := `{"name":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`
	deepObjects := strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000)
	deepKey := url.Values{"name" + strings.Repeat("[a]", 100_000): {"x"}}.Encode()
	mpBad, mpType := multipartBody(map[string]string{"name": "Bad \xff\xfe name", "email": "mp-utf8@x.io", "password": "S3cret!pw"})
	mpNUL, mpNULType := multipartBody(map[string]string{"name": "a\x00b", "email": "mp-nul@x.io", "password": "S3cret!pw"})
	return []hostile{
		{name: "20 MB with Content-Length", contentType: "application/json", body: huge, length: true, want: 4, code: 413},
		{name: "20 MB chunked", contentType: "application/json", body: huge, want: 4, code: 413},
		{name: "100k nested arrays", contentType: "application/json", body: textBody(deepArrays), length: true, want: 4, code: 400},
		{name: "100k nested objects", contentType: "application/json", body: textBody(deepObjects), length: true, want: 4, code: 400},
		{name: "100k nested form key", contentType: "application/x-www-form-urlencoded", body: textBody(deepKey), length: true, want: 4},
		{name: "invalid UTF-8 in a JSON string", contentType: "application/json",
			body: textBody(`{"name":"Bad ` + "\xff\xfe" + ` name","email":"json-utf8@x.io","password":"S3cret!pw"}`), length: true},
		{name: "invalid UTF-8 in a form value", contentType: "application/x-www-form-urlencoded",
			body: textBody("name=Bad+%FF%FE+name&email=form-utf8%40x.io&password=S3cret%21pw"), length: true},
		{name: "invalid UTF-8 in a multipart value", contentType: mpType, body: mpBad, length: true},
		{name: "invalid UTF-8 outside strings", contentType: "application/json",
			body: textBody("{\xff\"name\":\"x\"}"), length: true, want: 4, code: 400},
		{name: "raw NUL in JSON", contentType: "application/json",
			body: textBody("{\"name\":\"a\x00b\",\"email\":\"raw-nul@x.io\",\"password\":\"S3cret!pw\"}"), length: true, want: 4, code: 400},
		{name: "escaped NUL in a JSON string", contentType: "application/json",
			body: textBody(`{"name":"a\u0000b","email":"esc-nul@x.io","password":"S3cret!pw"}`), length: true, want: 4},
		{name: "NUL in a form value", contentType: "application/x-www-form-urlencoded",
			body: textBody("name=a%00b&email=form-nul%40x.io&password=S3cret%21pw"), length: true, want: 4},
		{name: "NUL in a multipart value", contentType: mpNULType, body: mpNUL, length: true, want: 4},
		{name: "only NULs", contentType: "application/json", body: textBody(strings.Repeat("\x00", 4096)), length: true, want: 4, code: 400},
	}
}

// repeatByte is an endless reader of b.
type repeatByte byte

func (r repeatByte) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// answerBound is how long the server may take to answer a hostile body. It
// starts once the body is built, so it measures the server only, and it is
// generous, so a busy machine under -race passes: a hang still fails.
const answerBound = 10 * time.Second

// TestHostileBodies sends bodies built to hurt through a real server: each is
// answered within answerBound, 4xx in the error envelope (or 2xx when the body
// is acceptable after all), never a 5xx.
func TestHostileBodies(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			srv := httptest.NewServer(cheapApp(t, migrated(t, driver), quiet))
			t.Cleanup(srv.Close)
			for _, h := range hostileBodies() {
				t.Run(h.name, func(t *testing.T) {
					var body io.Reader = h.body()
					if h.length {
						b, err := io.ReadAll(body)
						require.NoError(t, err)
						body = bytes.NewReader(b)
					}
					ctx, cancel := context.WithTimeout(context.Background(), answerBound)
					defer cancel()
					req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/v1/user/registration/", body)
					require.NoError(t, err)
					req.Header.Set("Content-Type", h.contentType)
					res, err := srv.Client().Do(req)
					require.NoError(t, err, "answered within answerBound")
					defer res.Body.Close()
					got, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					t.Logf("%d %s", res.StatusCode, got)
					require.Less(t, res.StatusCode, 500, "%s", got)
					if h.code != 0 {
						assert.Equal(t, h.code, res.StatusCode, "%s", got)
					}
					if h.want == 4 {
						assert.Equal(t, 4, res.StatusCode/100, "%s", got)
					}
					if res.StatusCode >= 400 {
						assert.True(t, isEnvelope(string(got)), "%s", got)
					}
				})
			}
		})
	}
}
