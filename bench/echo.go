package bench

import (
	"errors"
	"net/http"

	"github.com/go-playground/validator/v10"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// echoUserForm is the body of POST /users/.
type echoUserForm struct {
	Name  string `json:"name"  validate:"required,max=100"`
	Email string `json:"email" validate:"required,email,max=100"`
	Age   int    `json:"age"   validate:"required,gte=1,lte=150"`
}

// echoPageParams are the list's query parameters, bound by echo's binder.
type echoPageParams struct {
	Page    int `query:"page"`
	PerPage int `query:"per_page"`
}

// echoValidator plugs validator into echo.Context.Validate, as echo's guide does.
type echoValidator struct {
	v *validator.Validate
}

func (ev *echoValidator) Validate(i any) error { return ev.v.Struct(i) }

// NewEcho returns the workload written with Echo as its guide shows: echo.New
// with the Recover middleware, Bind then Validate with a validator plugged in,
// uuid.Parse on the id and the page built by hand. Bodies are read without a
// size limit, Echo's default (the BodyLimit middleware is opt-in).
func NewEcho() http.Handler {
	v := newValidator()
	e := echo.New()
	e.Validator = &echoValidator{v: v}
	e.Use(middleware.Recover())
	g := e.Group(prefix)
	g.GET("/ping", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"ping": "pong"})
	})
	g.POST("/users/", func(c echo.Context) error {
		var form echoUserForm
		if err := c.Bind(&form); err != nil {
			return err // an *echo.HTTPError: 400 or 415
		}
		if err := c.Validate(&form); err != nil {
			var fieldErrs validator.ValidationErrors
			if !errors.As(err, &fieldErrs) {
				return err
			}
			errs := make(map[string]string, len(fieldErrs))
			for _, fe := range fieldErrs {
				errs[fe.Field()] = fe.Error()
			}
			return c.JSON(http.StatusBadRequest, map[string]any{"errors": errs})
		}
		return c.JSON(http.StatusCreated, User{ID: createdID, Name: form.Name, Email: form.Email, Age: form.Age})
	})
	g.GET("/users/:user_id", func(c echo.Context) error {
		id := c.Param("user_id")
		if _, err := uuid.Parse(id); err != nil {
			return echo.ErrNotFound
		}
		return c.JSON(http.StatusOK, UserRef{ID: id, Name: fetchedName})
	})
	g.GET("/users/", func(c echo.Context) error {
		p := echoPageParams{Page: 1, PerPage: defaultPerPage}
		if err := c.Bind(&p); err != nil {
			return err
		}
		if p.Page < 1 || p.PerPage < 1 {
			return echo.NewHTTPError(http.StatusBadRequest, "page and per_page must be whole numbers of at least 1")
		}
		return c.JSON(http.StatusOK, newPage(c.Request().URL.EscapedPath(), c.QueryParams(), p.Page, min(p.PerPage, maxPerPage)))
	})
	return e
}
