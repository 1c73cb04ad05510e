package dto

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-playground/validator/v10"

	"github.com/go-petra/petra/petra"
)

// The benchmarks answer the same validated JSON POST with 201, through petra
// and dto.Form, and through chi with encoding/json and validator written by
// hand, so that `go test -bench . -benchmem ./dto` shows what dto costs. Both
// reuse one request and one writer, so only the handling is measured.

var benchBody = []byte(`{"name":"Ann Example","email":"ann@example.com","age":30}`)

// rewindBody is a request body that can be read again without allocating.
type rewindBody struct{ bytes.Reader }

func (*rewindBody) Close() error { return nil }

// benchWriter is a ResponseWriter that keeps nothing but the status.
type benchWriter struct {
	header http.Header
	code   int
}

func (w *benchWriter) Header() http.Header         { return w.header }
func (w *benchWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *benchWriter) WriteHeader(code int)        { w.code = code }

func runBench(b *testing.B, h http.Handler) {
	b.Helper()
	body := &rewindBody{}
	req, err := http.NewRequest(http.MethodPost, "/api/v1/t/users/", body)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(benchBody))
	w := &benchWriter{header: http.Header{}}
	b.ReportAllocs()
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		body.Reset(benchBody)
		req.Body = body
		clear(w.header)
		w.code = 0
		h.ServeHTTP(w, req)
		if w.code != http.StatusCreated {
			b.Fatalf("answered %d", w.code)
		}
	}
}

func BenchmarkFormJSON(b *testing.B) {
	app := petra.New(petra.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	app.Mount(petra.Module{Name: "t", Routes: []petra.Route{petra.Post("users/", Form(createUser))}})
	runBench(b, app)
}

// handValidate is configured as dto's validator is.
var handValidate = newValidator()

// handwritten is what a careful chi handler does for the same route.
func handwritten(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeHandError(w, http.StatusUnsupportedMediaType, "Unsupported media type", nil)
		return
	}
	var form userForm
	if err := json.NewDecoder(r.Body).Decode(&form); err != nil {
		writeHandError(w, http.StatusBadRequest, "The request body is not valid JSON", nil)
		return
	}
	if err := handValidate.Struct(&form); err != nil {
		fields := map[string][]string{}
		if verrs, ok := err.(validator.ValidationErrors); ok {
			for _, fe := range verrs {
				fields[fe.Field()] = append(fields[fe.Field()], "The "+fe.Field()+" is invalid")
			}
		}
		writeHandError(w, http.StatusBadRequest, "The given data was invalid", fields)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(&form)
}

func writeHandError(w http.ResponseWriter, code int, msg string, fields map[string][]string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"success": false, "message": msg, "errors": fields})
}

func BenchmarkHandwritten(b *testing.B) {
	mux := chi.NewRouter()
	mux.Post("/api/v1/t/users/", handwritten)
	runBench(b, mux)
}

// BenchmarkBindOnly measures dto's part alone: binding and validating the form,
// without routing or the response.
func BenchmarkBindOnly(b *testing.B) { benchBind(b, benchBody, false) }

// BenchmarkBindOnlyInvalid is BenchmarkBindOnly for a form that fails its
// rules, whose answer is worded.
func BenchmarkBindOnlyInvalid(b *testing.B) {
	benchBind(b, []byte(`{"name":"","email":"nope","age":0}`), true)
}

func benchBind(b *testing.B, data []byte, invalid bool) {
	p := planFor[userForm]()
	body := &rewindBody{}
	hr, err := http.NewRequest(http.MethodPost, "/", body)
	if err != nil {
		b.Fatal(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.ContentLength = int64(len(data))
	b.ReportAllocs()
	for b.Loop() {
		body.Reset(data)
		hr.Body = body
		r := petra.NewRequest(nil, hr)
		var form userForm
		if err := p.bind(r, &form, nil); (err != nil) != invalid {
			b.Fatal(err)
		}
	}
}

// BenchmarkFormQuery binds a GET form from the query string.
func BenchmarkFormQuery(b *testing.B) {
	app := petra.New(petra.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	app.Mount(petra.Module{Name: "t", Routes: []petra.Route{petra.Get("users/", Form(createUser))}})
	req, err := http.NewRequest(http.MethodGet, "/api/v1/t/users/?name=Ann&email=ann%40example.com&age=30", nil)
	if err != nil {
		b.Fatal(err)
	}
	w := &benchWriter{header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		app.ServeHTTP(w, req)
		if w.code != http.StatusCreated {
			b.Fatalf("answered %d", w.code)
		}
	}
}
