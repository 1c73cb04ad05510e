package bench

import (
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"
	"github.com/google/uuid"
)

// ginUserForm is the body of POST /users/, validated by gin's binding tags.
type ginUserForm struct {
	Name  string `json:"name"  binding:"required,max=100"`
	Email string `json:"email" binding:"required,email,max=100"`
	Age   int    `json:"age"   binding:"required,gte=1,lte=150"`
}

// ginSetup does what gin configures process-wide, once: release mode (no debug
// route printing) and JSON names in validation errors.
var ginSetup sync.Once

// NewGin returns the workload written with Gin as its documentation shows:
// gin.New with Recovery (gin.Default minus the request logger, which would
// measure stdout), ShouldBindJSON with binding tags, uuid.Parse on the id and
// the page built by hand. Bodies are read without a size limit, Gin's default.
func NewGin() http.Handler {
	ginSetup.Do(func() {
		gin.SetMode(gin.ReleaseMode)
		if v, ok := binding.Validator.Engine().(*validator.Validate); ok {
			v.RegisterTagNameFunc(func(f reflect.StructField) string {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				return name
			})
		}
	})
	r := gin.New()
	r.Use(gin.Recovery())
	g := r.Group(prefix)
	g.GET("/ping", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"ping": "pong"})
	})
	g.POST("/users/", func(c *gin.Context) {
		var form ginUserForm
		if err := c.ShouldBindJSON(&form); err != nil {
			var fieldErrs validator.ValidationErrors
			if !errors.As(err, &fieldErrs) {
				c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
				return
			}
			errs := make(map[string]string, len(fieldErrs))
			for _, fe := range fieldErrs {
				errs[fe.Field()] = fe.Error()
			}
			c.JSON(http.StatusBadRequest, gin.H{"errors": errs})
			return
		}
		c.JSON(http.StatusCreated, User{ID: createdID, Name: form.Name, Email: form.Email, Age: form.Age})
	})
	g.GET("/users/:user_id", func(c *gin.Context) {
		id := c.Param("user_id")
		if _, err := uuid.Parse(id); err != nil {
			c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
			return
		}
		c.JSON(http.StatusOK, UserRef{ID: id, Name: fetchedName})
	})
	g.GET("/users/", func(c *gin.Context) {
		page, err := strconv.Atoi(c.DefaultQuery("page", "1"))
		if err != nil || page < 1 {
			c.JSON(http.StatusBadRequest, gin.H{"errors": gin.H{"page": "must be a whole number of at least 1"}})
			return
		}
		perPage, err := strconv.Atoi(c.DefaultQuery("per_page", strconv.Itoa(defaultPerPage)))
		if err != nil || perPage < 1 {
			c.JSON(http.StatusBadRequest, gin.H{"errors": gin.H{"per_page": "must be a whole number of at least 1"}})
			return
		}
		c.JSON(http.StatusOK, newPage(c.Request.URL.EscapedPath(), c.Request.URL.Query(), page, min(perPage, maxPerPage)))
	})
	return r
}
