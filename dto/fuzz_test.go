package dto

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/petratest"
)

// The fuzzers serve fuzzForm, which has a field of every kind the binder
// handles, and check that whatever arrives is answered 2xx or with an enveloped
// 4xx: never a 5xx, which is also what a panic becomes. The view answers the
// form it got, so a value that binds but cannot be answered is caught too.
// Seeds are in testdata/fuzz/<FuzzName> and in f.Add, so `go test` runs them.

type fuzzEmbedded struct {
	Ref string `json:"ref" form:"ref" validate:"omitempty,max=8"`
}

type fuzzItem struct {
	SKU   string   `json:"sku"   form:"sku" validate:"required,max=20"`
	Qty   int      `json:"qty"   validate:"required,gte=1"`
	Price *float64 `json:"price" validate:"omitempty,gte=0"`
}

type fuzzForm struct {
	fuzzEmbedded
	Name    string                  `json:"name"    form:"name"   validate:"required,max=50"`
	Email   string                  `json:"email"   form:"email"  validate:"omitempty,email"`
	Age     int                     `json:"age"     form:"age"    validate:"required,gte=0,lte=150"`
	Score   float64                 `json:"score"   form:"score"  validate:"omitempty,gte=0"`
	Ratio   float32                 `json:"ratio"   form:"ratio"`
	Active  bool                    `json:"active"  form:"active" validate:"required"`
	Small   int8                    `json:"small"   form:"small"`
	Count   uint                    `json:"count"   form:"count"`
	Tags    []string                `json:"tags"    form:"tags"   validate:"max=5,dive,max=10"`
	Nums    []int                   `json:"nums"    form:"nums"`
	Address address                 `json:"address"`
	Billing *address                `json:"billing"`
	Items   []fuzzItem              `json:"items"   validate:"dive"`
	Labels  map[string]int          `json:"labels"  validate:"dive,gte=0"`
	When    time.Time               `json:"when"    form:"when"`
	Ptr     *int                    `json:"ptr"     form:"ptr"    validate:"omitempty,gte=1"`
	Raw     json.RawMessage         `json:"raw"`
	Any     any                     `json:"any"`
	Bytes   []byte                  `json:"bytes"   form:"bytes"`
	Page    int                     `json:"-"       query:"page"  validate:"omitempty,gte=1"`
	Avatar  *multipart.FileHeader   `json:"-"       form:"avatar"`
	Docs    []*multipart.FileHeader `json:"-"       form:"docs"`
}

var (
	fuzzAppOnce sync.Once
	fuzzApp     *petra.App
	fuzzLog     petratest.LogBuffer
)

// fuzzServer returns the app every fuzzer serves; its log holds what a 5xx was.
func fuzzServer(t *testing.T) *petra.App {
	fuzzAppOnce.Do(func() {
		fuzzApp = newApp(t, &fuzzLog, petra.Post("f/", Form(echo[fuzzForm])))
	})
	return fuzzApp
}

// checkAnswer fails t unless res is a 2xx, or a 4xx whose body is the envelope.
func checkAnswer(t *testing.T, res *petratest.Response) {
	t.Helper()
	switch code := res.Code(); {
	case code.IsSuccess():
	case code.IsClientError():
		res.Envelope()
	default:
		t.Fatalf("answered %d %s\nlog: %s", code, res.Body(), fuzzLog.String())
	}
}

func FuzzBindJSON(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Ann","age":30,"active":true}`,
		`{"name":"Ann","age":0,"active":false,"ref":"r1","tags":["a","b"],"nums":[1,2]}`,
		`{"name":"Ann","age":30,"active":true,"address":{"city":"Oslo","zip":0,"floor":1},"billing":null}`,
		`{"items":[{"sku":"A","qty":1,"price":0.5},{"sku":2,"qty":"x"}],"labels":{"a":-1,"b":"x"}}`,
		`{"when":"2024-01-02T03:04:05Z","ptr":0,"raw":{"x":[1]},"any":[null,true],"bytes":"aGk="}`,
		`{"when":"yesterday","bytes":"!","small":300,"count":-1,"score":1e400}`,
		`{"age":"30","active":"yes","tags":"a","address":[],"items":{}}`,
		`{"AGE":1,"\u0061ctive":true,"name":"\u0000","age":null}`,
		`[1]`, `null`, `"x"`, `{`, `{"a":1} x`, ``, "{\"name\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkAnswer(t, petratest.New(t, fuzzServer(t)).PostJSON("/api/v1/t/f/?page=1", body))
	})
}

func FuzzBindURLEncoded(f *testing.F) {
	for _, seed := range [][2]string{
		{"name=Ann&age=30&active=on", "page=1"},
		{"name=Ann&age=0&active=false&tags=a&tags=b&nums=1&nums=x", "page=0"},
		{"name=&age=&active=&score=NaN&ratio=Inf&small=300&count=-1", ""},
		{"when=2024-01-02T03:04:05Z&ptr=0&bytes=%00%ff&ref=r", "page=x"},
		{"name=%zz", "%zz"},
		{"name=A%00&email=ann%40example.com&age=1e3&active=2", "page=99999999999999999999"},
		{";;&&==", "a;b"},
		{"address.city=Oslo&address[zip]=0&items[0].sku=A&items[0][qty]=0&items[1].price=-1", ""},
		{"items[99999999].sku=A&items[-1].qty=1&items[0]x=1&address..city=x&items[].sku=y&billing.floor=1", ""},
		{"items[0].sku.more=1&address=x&address.city.zip=1&items[1e3].qty=1&items[0][qty][]=2", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, body, query string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/t/f/", strings.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		checkAnswer(t, petratest.New(t, fuzzServer(t)).Do(req))
	})
}

// fuzzBoundary is the boundary of the fuzzed multipart bodies.
const fuzzBoundary = "fuzzboundary"

// multipartFrom builds a multipart body from one text field and one file, whose
// parts are fuzzed as they are, so they may break the framing.
func multipartFrom(field, value, fileField, filename string, content []byte) io.Reader {
	var b bytes.Buffer
	b.WriteString("--" + fuzzBoundary + "\r\n")
	b.WriteString(`Content-Disposition: form-data; name="` + field + "\"\r\n\r\n")
	b.WriteString(value)
	b.WriteString("\r\n--" + fuzzBoundary + "\r\n")
	b.WriteString(`Content-Disposition: form-data; name="` + fileField + `"; filename="` + filename + "\"\r\n")
	b.WriteString("Content-Type: application/octet-stream\r\n\r\n")
	b.Write(content)
	b.WriteString("\r\n--" + fuzzBoundary + "--\r\n")
	return &b
}

func FuzzBindMultipart(f *testing.F) {
	f.Add("name", "Ann", "avatar", "me.png", []byte("PNG"))
	f.Add("age", "0", "docs", "a.txt", []byte("a"))
	f.Add("active", "maybe", "name", "x", []byte("not a text field"))
	f.Add("tags", "a\xff", "docs", "", []byte{})
	f.Add("name\"", "x\r\n--"+fuzzBoundary+"--", "avatar", "a\"b", []byte("\r\n--"+fuzzBoundary))
	f.Add("score", "Inf", "avatar", "../../etc/passwd", []byte{0, 1, 2})
	f.Add("items[0][sku]", "A", "items[0].sku", "x", []byte("x"))
	f.Add("items[99999999].qty", "1", "address.city", "c", []byte("c"))
	f.Fuzz(func(t *testing.T, field, value, fileField, filename string, content []byte) {
		checkAnswer(t, petratest.New(t, fuzzServer(t)).Send(http.MethodPost, "/api/v1/t/f/",
			"multipart/form-data; boundary="+fuzzBoundary, multipartFrom(field, value, fileField, filename, content)))
	})
}
