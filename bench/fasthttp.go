package bench

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-playground/validator/v10"
	"github.com/google/uuid"
	"github.com/valyala/fasthttp"
)

// The paths the fasthttp handler routes by hand.
const (
	fasthttpPing  = prefix + "/ping"
	fasthttpUsers = prefix + "/users/"
)

// fasthttpHandler holds what the fasthttp handlers share.
type fasthttpHandler struct {
	validate *validator.Validate
}

// NewFasthttp returns the workload written by hand on fasthttp, the engine
// under Fiber, doing the hand-written handler's work ([NewHandwritten]) in
// fasthttp's idiom: routing by method and path, a body limit, recovery from
// panics (which fasthttp leaves to the handler), JSON-only bodies decoded with
// encoding/json, validation with validator and errors in petra's envelope, a 404
// for an id that is not a UUID (uuid.ParseBytes) and Laravel-style pagination
// links. Fiber is a router and a context on top of this, so its cost per
// request is at least this handler's; Fiber itself is not measured (see the
// package documentation).
func NewFasthttp() fasthttp.RequestHandler {
	v := newValidator()
	h := &fasthttpHandler{validate: v}
	return h.serve
}

// serve routes a request: by path first, then by method, as chi does.
func (h *fasthttpHandler) serve(ctx *fasthttp.RequestCtx) {
	defer func() {
		if v := recover(); v != nil {
			slog.ErrorContext(ctx, "panic", slog.Any("panic", v))
			ctx.Response.Reset()
			fasthttpJSON(ctx, http.StatusInternalServerError, errorEnvelope{Message: "Internal server error"})
		}
	}()
	path := ctx.Path()
	switch {
	case string(path) == fasthttpPing && ctx.IsGet():
		fasthttpJSON(ctx, http.StatusOK, map[string]string{"ping": "pong"})
	case string(path) == fasthttpUsers && ctx.IsGet():
		h.getUsers(ctx)
	case string(path) == fasthttpUsers && ctx.IsPost():
		h.addUser(ctx)
	case isUserPath(path) && ctx.IsGet():
		h.getSingleUser(ctx, path[len(fasthttpUsers):])
	case string(path) == fasthttpPing || string(path) == fasthttpUsers || isUserPath(path):
		fasthttpJSON(ctx, http.StatusMethodNotAllowed, errorEnvelope{Message: "Method not allowed"})
	default:
		fasthttpJSON(ctx, http.StatusNotFound, errorEnvelope{Message: "Not found"})
	}
}

// isUserPath reports whether path is /users/{user_id}: one more non-empty
// segment after /users/.
func isUserPath(path []byte) bool {
	id, ok := bytes.CutPrefix(path, []byte(fasthttpUsers))
	return ok && len(id) > 0 && bytes.IndexByte(id, '/') < 0
}

// fasthttpJSON answers v as JSON with code, encoded into the response body.
func fasthttpJSON(ctx *fasthttp.RequestCtx, code int, v any) {
	ctx.SetContentType("application/json")
	ctx.SetStatusCode(code)
	_ = json.NewEncoder(ctx).Encode(v)
}

func (h *fasthttpHandler) addUser(ctx *fasthttp.RequestCtx) {
	if mt, _, _ := bytes.Cut(ctx.Request.Header.ContentType(), []byte(";")); !bytes.EqualFold(bytes.TrimSpace(mt), []byte("application/json")) {
		fasthttpJSON(ctx, http.StatusUnsupportedMediaType, errorEnvelope{Message: "Unsupported media type"})
		return
	}
	body := ctx.PostBody()
	if len(body) > bodyLimit {
		fasthttpJSON(ctx, http.StatusRequestEntityTooLarge, errorEnvelope{Message: "Request body too large"})
		return
	}
	var form handwrittenUserForm
	if err := json.Unmarshal(body, &form); err != nil {
		fasthttpJSON(ctx, http.StatusBadRequest, errorEnvelope{Message: "The request body is not valid JSON"})
		return
	}
	if err := h.validate.Struct(&form); err != nil {
		fasthttpJSON(ctx, http.StatusBadRequest, invalidForm(err))
		return
	}
	fasthttpJSON(ctx, http.StatusCreated, User{ID: createdID, Name: form.Name, Email: form.Email, Age: form.Age})
}

func (h *fasthttpHandler) getSingleUser(ctx *fasthttp.RequestCtx, id []byte) {
	if _, err := uuid.ParseBytes(id); err != nil {
		fasthttpJSON(ctx, http.StatusNotFound, errorEnvelope{Message: "Not found"})
		return
	}
	fasthttpJSON(ctx, http.StatusOK, UserRef{ID: string(id), Name: fetchedName})
}

func (h *fasthttpHandler) getUsers(ctx *fasthttp.RequestCtx) {
	args := ctx.QueryArgs()
	page, perPage, errs := 1, defaultPerPage, map[string][]string{}
	if s := args.Peek("page"); len(s) > 0 {
		n, err := strconv.Atoi(string(s))
		if err != nil || n < 1 {
			errs["page"] = []string{"The page must be a whole number of at least 1"}
		}
		page = n
	}
	if s := args.Peek("per_page"); len(s) > 0 {
		n, err := strconv.Atoi(string(s))
		if err != nil || n < 1 {
			errs["per_page"] = []string{"The per_page must be a whole number of at least 1"}
		}
		perPage = min(n, maxPerPage)
	}
	if len(errs) > 0 {
		fasthttpJSON(ctx, http.StatusBadRequest, errorEnvelope{Message: "The given data was invalid", Errors: errs})
		return
	}
	// The links keep the request's other parameters, as the others' do.
	query := make(url.Values, args.Len())
	for k, v := range args.All() {
		query.Add(string(k), string(v))
	}
	fasthttpJSON(ctx, http.StatusOK, newPage(string(ctx.URI().PathOriginal()), query, page, perPage))
}
