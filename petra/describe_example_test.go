package petra_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// A view that sends Last-Modified only when it knows the time declares it
// optional: documented as not required, and openapitest accepts an answer
// without it. A time.Time header is written as an HTTP date.
func ExampleOptionalHeader() {
	type Report struct {
		Total int `json:"total"`
	}
	var changed time.Time // unknown until the first order
	view := func(*petra.Request) petra.Result {
		res := petra.Response(Report{Total: 0})
		if !changed.IsZero() {
			res = res.WithHeader("Last-Modified", changed.UTC().Format(http.TimeFormat))
		}
		return res
	}
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Get("report", view).Returns(petra.Schema[Report](), status.HTTP_200_OK,
			petra.OptionalHeader[time.Time]("Last-Modified", "When the report last changed, once it has")),
	}})
	ops := app.Operations()
	for _, h := range ops[len(ops)-1].Responses[0].Headers {
		fmt.Println(h.Name, h.Type, "optional:", h.Optional)
	}
	get := func() {
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/shop/report", nil))
		fmt.Printf("%d Last-Modified: %q\n", rec.Code, rec.Header().Get("Last-Modified"))
	}
	get()
	changed = time.Date(2026, time.December, 6, 9, 0, 0, 0, time.UTC)
	get()
	// Output:
	// Last-Modified time.Time optional: true
	// 200 Last-Modified: ""
	// 200 Last-Modified: "Sun, 06 Dec 2026 09:00:00 GMT"
}

// A view that answers 423 while an order is being packed says, in a
// header, when to try again; FailsWith declares the code with that header.
func ExampleRoute_FailsWith() {
	errPacking := petra.NewError(status.HTTP_423_LOCKED, "The order is being packed")
	app := petra.New()
	app.Mount(petra.Module{Name: "shop", Routes: []petra.Route{
		petra.Delete("orders/<int:pk>", func(*petra.Request) petra.Result {
			return petra.Fail(errPacking.WithHeader("Retry-After", "60"))
		}).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).
			FailsWith(status.HTTP_423_LOCKED, petra.Header[int]("Retry-After", "How many seconds the packing takes")),
	}})
	ops := app.Operations()
	for _, f := range ops[len(ops)-1].Errors {
		fmt.Println(int(f.Status), f.Headers[0].Name)
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/api/v1/shop/orders/7", nil))
	fmt.Println(rec.Code, rec.Header().Get("Retry-After"))
	// Output:
	// 423 Retry-After
	// 423 60
}

// A view that reads an upload itself, to check its bytes as they stream,
// declares the multipart body it reads: documentation shows the form, and
// a request with another content type is answered 415 before the view runs.
func ExampleRoute_Multipart() {
	type Upload struct {
		File *multipart.FileHeader `form:"file" validate:"required"`
	}
	app := petra.New()
	app.Mount(petra.Module{Name: "media", Routes: []petra.Route{
		petra.Post("files/", func(r *petra.Request) petra.Result {
			fh, err := r.File("file")
			if err != nil {
				return petra.Fail(err)
			}
			return petra.Response(map[string]int64{"size": fh.Size}, status.HTTP_201_CREATED)
		}).Multipart(petra.Schema[Upload]()),
	}})
	ops := app.Operations()
	op := ops[len(ops)-1]
	fmt.Println(op.Form.Name(), "multipart:", op.Multipart)

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", "notes.txt")
	_, _ = part.Write([]byte("hello"))
	_ = w.Close()
	post := func(contentType string, body io.Reader) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/media/files/", body)
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	post(w.FormDataContentType(), &body)
	post("application/json", strings.NewReader(`{"file":"hello"}`))
	// Output:
	// Upload multipart: true
	// 201
	// 415
}
