package bench

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-playground/validator/v10"
	"github.com/google/uuid"
)

// handwrittenUserForm is the body of POST /users/.
type handwrittenUserForm struct {
	Name  string `json:"name"  validate:"required,max=100"`
	Email string `json:"email" validate:"required,email,max=100"`
	Age   int    `json:"age"   validate:"required,gte=1,lte=150"`
}

// errorEnvelope is petra's error shape, which the hand-written handler answers
// too, so that both do the same work.
type errorEnvelope struct {
	Success bool                `json:"success"`
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors,omitempty"`
}

// newValidator returns the validator the implementations without one of their
// own plug in, naming fields by their JSON names in its errors, as petra does.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		return name
	})
	return v
}

// handwritten holds what the hand-written handlers share.
type handwritten struct {
	validate *validator.Validate
}

// NewHandwritten returns the workload written by hand on chi, encoding/json and
// validator, with what petra does for every request and nothing else: a body
// limit, recovery from panics, JSON-only bodies, validation errors keyed by JSON
// name in petra's envelope, a 404 for an id that is not a UUID (uuid.Parse) and
// Laravel-style pagination links. It is the floor a chi-based framework can
// reach.
func NewHandwritten() http.Handler {
	v := newValidator()
	h := &handwritten{validate: v}
	r := chi.NewRouter()
	r.Use(recoverer)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, errorEnvelope{Message: "Not found"})
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusMethodNotAllowed, errorEnvelope{Message: "Method not allowed"})
	})
	r.Get(prefix+"/ping", h.ping)
	r.Post(prefix+"/users/", h.addUser)
	r.Get(prefix+"/users/", h.getUsers)
	r.Get(prefix+"/users/{user_id}", h.getSingleUser)
	return r
}

// recoverer answers a panic with a 500 in the envelope, as petra does.
func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler { //nolint:errorlint // net/http compares it the same way
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", slog.Any("panic", v))
				writeJSON(w, http.StatusInternalServerError, errorEnvelope{Message: "Internal server error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (h *handwritten) ping(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"ping": "pong"})
}

func (h *handwritten) addUser(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		writeJSON(w, http.StatusUnsupportedMediaType, errorEnvelope{Message: "Unsupported media type"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, bodyLimit)
	var form handwrittenUserForm
	if err := json.NewDecoder(r.Body).Decode(&form); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			writeJSON(w, http.StatusRequestEntityTooLarge, errorEnvelope{Message: "Request body too large"})
			return
		}
		writeJSON(w, http.StatusBadRequest, errorEnvelope{Message: "The request body is not valid JSON"})
		return
	}
	if err := h.validate.Struct(&form); err != nil {
		writeJSON(w, http.StatusBadRequest, invalidForm(err))
		return
	}
	writeJSON(w, http.StatusCreated, User{ID: createdID, Name: form.Name, Email: form.Email, Age: form.Age})
}

// invalidForm returns the envelope of a form the validator refused with err,
// its messages keyed by JSON name as petra words them.
func invalidForm(err error) errorEnvelope {
	var fieldErrs validator.ValidationErrors
	if !errors.As(err, &fieldErrs) {
		panic(err) // the form cannot be read by the validator: a programming error
	}
	errs := make(map[string][]string, len(fieldErrs))
	for _, fe := range fieldErrs {
		errs[fe.Field()] = append(errs[fe.Field()], fieldMessage(fe))
	}
	return errorEnvelope{Message: "The given data was invalid", Errors: errs}
}

// fieldMessage words a failed rule as petra does, for the rules the form uses.
func fieldMessage(fe validator.FieldError) string {
	the := "The " + fe.Field()
	switch fe.Tag() {
	case "required":
		return the + " field is required"
	case "email":
		return the + " must be a valid email address"
	case "max", "lte":
		return the + " must not be greater than " + fe.Param()
	case "min", "gte":
		return the + " must be at least " + fe.Param()
	}
	return the + " is not valid"
}

func (h *handwritten) getSingleUser(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "user_id")
	if _, err := uuid.Parse(id); err != nil {
		writeJSON(w, http.StatusNotFound, errorEnvelope{Message: "Not found"})
		return
	}
	writeJSON(w, http.StatusOK, UserRef{ID: id, Name: fetchedName})
}

func (h *handwritten) getUsers(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	page, perPage, errs := 1, defaultPerPage, map[string][]string{}
	if s := query.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			errs["page"] = []string{"The page must be a whole number of at least 1"}
		}
		page = n
	}
	if s := query.Get("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			errs["per_page"] = []string{"The per_page must be a whole number of at least 1"}
		}
		perPage = min(n, maxPerPage)
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errorEnvelope{Message: "The given data was invalid", Errors: errs})
		return
	}
	writeJSON(w, http.StatusOK, newPage(r.URL.EscapedPath(), query, page, perPage))
}
