package bench

import (
	"log/slog"
	"net/http"

	"github.com/go-fuego/fuego"
	"github.com/go-fuego/fuego/option"
	"github.com/go-fuego/fuego/param"
	"github.com/google/uuid"
)

// fuegoUserForm is the body of POST /users/, validated by Fuego with validator.
type fuegoUserForm struct {
	Name  string `json:"name"  validate:"required,max=100"`
	Email string `json:"email" validate:"required,email,max=100"`
	Age   int    `json:"age"   validate:"required,gte=1,lte=150"`
}

// NewFuego returns the workload written with Fuego as its guide shows:
// controllers returning (T, error), the body bound and validated by
// ContextWithBody, the query parameters declared with option.QueryInt, the id
// checked by uuid.Parse, the page built by hand. Fuego's request logger is
// turned off, and its log handler, which Fuego makes the process-wide
// slog.Default (!), is slog.DiscardHandler: Fuego logs every 4xx at ERROR, and
// the benchmark would otherwise measure stderr. Its Mux is served directly, as
// Server.Run would after writing the OpenAPI spec to disk. Bodies are read
// without a size limit, Fuego's default (WithMaxBodySize is opt-in).
func NewFuego() http.Handler {
	s := fuego.NewServer(
		fuego.WithoutStartupMessages(),
		fuego.WithLogHandler(slog.DiscardHandler),
		fuego.WithLoggingMiddleware(fuego.LoggingConfig{DisableRequest: true, DisableResponse: true}),
		fuego.WithEngineOptions(fuego.WithOpenAPIConfig(fuego.OpenAPIConfig{DisableLocalSave: true, DisableMessages: true})),
	)
	g := fuego.Group(s, prefix)
	fuego.Get(g, "/ping", func(c fuego.ContextNoBody) (map[string]string, error) {
		return map[string]string{"ping": "pong"}, nil
	})
	fuego.Post(g, "/users/", func(c fuego.ContextWithBody[fuegoUserForm]) (User, error) {
		form, err := c.Body()
		if err != nil {
			return User{}, err
		}
		return User{ID: createdID, Name: form.Name, Email: form.Email, Age: form.Age}, nil
	}, option.DefaultStatusCode(http.StatusCreated))
	fuego.Get(g, "/users/{user_id}", func(c fuego.ContextNoBody) (UserRef, error) {
		id := c.PathParam("user_id")
		if _, err := uuid.Parse(id); err != nil {
			return UserRef{}, fuego.NotFoundError{Title: "Not found", Detail: "no user with this id"}
		}
		return UserRef{ID: id, Name: fetchedName}, nil
	})
	fuego.Get(g, "/users/", func(c fuego.ContextNoBody) (Page, error) {
		page, err := c.QueryParamIntErr("page")
		if err != nil || page < 1 {
			return Page{}, fuego.BadRequestError{Title: "Bad request", Detail: "page must be a whole number of at least 1"}
		}
		perPage, err := c.QueryParamIntErr("per_page")
		if err != nil || perPage < 1 {
			return Page{}, fuego.BadRequestError{Title: "Bad request", Detail: "per_page must be a whole number of at least 1"}
		}
		return newPage(c.Request().URL.EscapedPath(), c.QueryParams(), page, min(perPage, maxPerPage)), nil
	},
		option.QueryInt("page", "Page number", param.Default(1)),
		option.QueryInt("per_page", "Items per page", param.Default(defaultPerPage)),
	)
	return s.Mux
}
