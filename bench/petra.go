package bench

import (
	"net/http"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// petraUserForm is the body of POST /users/, as a petra user writes it.
type petraUserForm struct {
	Name  string `json:"name"  form:"name"  validate:"required,max=100"`
	Email string `json:"email" form:"email" validate:"required,email,max=100"`
	Age   int    `json:"age"   form:"age"   validate:"required,gte=1,lte=150"`
}

// petraViewSet holds the views of the bench module.
type petraViewSet struct {
	petra.ViewSet
}

func (v *petraViewSet) Ping(r *petra.Request) petra.Result {
	return petra.Response(map[string]string{"ping": "pong"})
}

func (v *petraViewSet) AddUser(r *petra.Request, form *petraUserForm) petra.Result {
	u := User{ID: createdID, Name: form.Name, Email: form.Email, Age: form.Age}
	return petra.Response(u, status.HTTP_201_CREATED)
}

func (v *petraViewSet) GetSingleUser(r *petra.Request) petra.Result {
	return petra.Response(UserRef{ID: r.PathParam("user_id"), Name: fetchedName})
}

func (v *petraViewSet) GetUsers(r *petra.Request) petra.Result {
	p, err := r.PageParams()
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(petra.NewPage(r, p, usersPage(p.Page, p.PerPage), len(users)))
}

// NewPetra returns the workload written with petra: a module of one viewset,
// the POST wrapped in dto.Form, the id checked by the <uuid:user_id> converter
// and the list paginated by Request.PageParams and NewPage.
func NewPetra() http.Handler {
	v := &petraViewSet{}
	app := petra.New()
	app.Mount(petra.Module{Name: "bench", Version: "v1", Routes: v.Routes(
		petra.Get("ping", v.Ping),
		petra.Post("users/", dto.Form(v.AddUser)),
		petra.Get("users/", v.GetUsers),
		petra.Get("users/<uuid:user_id>", v.GetSingleUser),
	)})
	return app
}
