// Command hello is the smallest petra app: one module with a validated POST that
// answers 201 and a GET with a path parameter.
//
//	go run ./examples/hello
//	curl -s -X POST localhost:8000/api/v1/hello/greetings/ -H 'Content-Type: application/json' -d '{"name":"Ann"}'
//	curl -s localhost:8000/api/v1/hello/greetings/3
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// GreetingForm is the body of POST /api/v1/hello/greetings/.
type GreetingForm struct {
	Name  string `json:"name"  form:"name"  validate:"required,max=50"`
	Times int    `json:"times" form:"times" validate:"omitempty,gte=1,lte=5"`
}

// Greeting is what the views answer.
type Greeting struct {
	ID      int    `json:"id"`
	Message string `json:"message"`
}

// GreetingViewSet holds the views of the hello module.
type GreetingViewSet struct {
	petra.ViewSet
}

// Create greets the name in the form, Times times.
func (v *GreetingViewSet) Create(r *petra.Request, form *GreetingForm) petra.Result {
	msg := "Hello, " + form.Name + "!"
	for i := 1; i < form.Times; i++ {
		msg += " Hello, " + form.Name + "!"
	}
	return petra.Response(Greeting{ID: 1, Message: msg}, status.HTTP_201_CREATED)
}

// Retrieve answers the greeting with the id in the path.
func (v *GreetingViewSet) Retrieve(r *petra.Request) petra.Result {
	id, err := r.PathInt("id")
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(Greeting{ID: id, Message: fmt.Sprintf("Hello number %d", id)})
}

// Module mounts the greetings at /api/v1/hello/.
func Module() petra.Module {
	v := &GreetingViewSet{}
	return petra.Module{Name: "hello", Version: "v1", Routes: v.Routes(
		petra.Post("greetings/", dto.Form(v.Create)),
		petra.Get("greetings/<int:id>", v.Retrieve),
	)}
}

// NewApp returns the example app.
func NewApp() *petra.App {
	app := petra.New()
	app.Mount(Module())
	return app
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	flag.Parse()
	if err := NewApp().Run(context.Background(), *addr); err != nil {
		log.Fatal(err)
	}
}
