package bench

import (
	"errors"
	"net/http"

	"github.com/go-playground/validator/v10"
	"github.com/google/uuid"
	echo5 "github.com/labstack/echo/v5"
	echo5mw "github.com/labstack/echo/v5/middleware"
)

// NewEcho5 returns the workload written with Echo v5 as its guide shows: the
// same program as [NewEcho], in v5's idiom (handlers take *echo.Context). Bodies
// are read without a size limit, Echo's default.
func NewEcho5() http.Handler {
	v := newValidator()
	e := echo5.New()
	e.Validator = &echoValidator{v: v}
	e.Use(echo5mw.Recover())
	g := e.Group(prefix)
	g.GET("/ping", func(c *echo5.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"ping": "pong"})
	})
	g.POST("/users/", func(c *echo5.Context) error {
		var form echoUserForm
		if err := c.Bind(&form); err != nil {
			return err // an HTTP error: 400 or 415
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
	g.GET("/users/:user_id", func(c *echo5.Context) error {
		id := c.Param("user_id")
		if _, err := uuid.Parse(id); err != nil {
			return echo5.ErrNotFound
		}
		return c.JSON(http.StatusOK, UserRef{ID: id, Name: fetchedName})
	})
	g.GET("/users/", func(c *echo5.Context) error {
		p := echoPageParams{Page: 1, PerPage: defaultPerPage}
		if err := c.Bind(&p); err != nil {
			return err
		}
		if p.Page < 1 || p.PerPage < 1 {
			return echo5.NewHTTPError(http.StatusBadRequest, "page and per_page must be whole numbers of at least 1")
		}
		return c.JSON(http.StatusOK, newPage(c.Request().URL.EscapedPath(), c.QueryParams(), p.Page, min(p.PerPage, maxPerPage)))
	})
	return e
}
