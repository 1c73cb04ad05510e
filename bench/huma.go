package bench

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// humaUserBody is the body of POST /users/, described by JSON Schema tags.
// Huma fields are required unless tagged omitempty; "required" means present,
// so minLength rejects the empty name.
type humaUserBody struct {
	Name  string `json:"name"  minLength:"1" maxLength:"100"`
	Email string `json:"email" format:"email" maxLength:"100"`
	Age   int    `json:"age"   minimum:"1" maximum:"150"`
}

type humaPing struct {
	Body struct {
		Ping string `json:"ping"`
	}
}

type humaAddUserInput struct {
	Body humaUserBody
}

type humaUserOutput struct {
	Body User
}

type humaGetUserInput struct {
	UserID string `path:"user_id" format:"uuid"`
}

type humaUserRefOutput struct {
	Body UserRef
}

type humaListInput struct {
	Page    int `query:"page" default:"1" minimum:"1"`
	PerPage int `query:"per_page" default:"15" minimum:"1"`
}

type humaPageOutput struct {
	Body Page
}

// NewHuma returns the workload written with Huma v2 on chi, as its tutorial
// does: operations registered with input and output structs, validation by JSON
// Schema tags (an invalid body is a 422 with RFC 9457 problem details), the id
// checked by format:"uuid" (a bad id is a 422, not a 404) and the page built by
// hand. Two departures from huma.DefaultConfig: no $schema link in bodies (its
// create hook is dropped so that bodies match the others'), and chi's Recoverer
// so that a panic is a 500 as elsewhere.
func NewHuma() http.Handler {
	r := chi.NewMux()
	r.Use(middleware.Recoverer)
	config := huma.DefaultConfig("bench", "1.0.0")
	config.CreateHooks = nil // no $schema field or Link header in responses
	api := humachi.New(r, config)
	huma.Register(api, huma.Operation{OperationID: "ping", Method: http.MethodGet, Path: prefix + "/ping"},
		func(ctx context.Context, _ *struct{}) (*humaPing, error) {
			out := &humaPing{}
			out.Body.Ping = "pong"
			return out, nil
		})
	huma.Register(api, huma.Operation{OperationID: "add-user", Method: http.MethodPost, Path: prefix + "/users/",
		DefaultStatus: http.StatusCreated},
		func(ctx context.Context, in *humaAddUserInput) (*humaUserOutput, error) {
			b := in.Body
			return &humaUserOutput{Body: User{ID: createdID, Name: b.Name, Email: b.Email, Age: b.Age}}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "get-user", Method: http.MethodGet, Path: prefix + "/users/{user_id}"},
		func(ctx context.Context, in *humaGetUserInput) (*humaUserRefOutput, error) {
			return &humaUserRefOutput{Body: UserRef{ID: in.UserID, Name: fetchedName}}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "list-users", Method: http.MethodGet, Path: prefix + "/users/"},
		func(ctx context.Context, in *humaListInput) (*humaPageOutput, error) {
			// A Huma handler sees its typed input, not the URL: the links carry page
			// and per_page only, not the request's other query parameters.
			return &humaPageOutput{Body: newPage(prefix+"/users/", nil, in.Page, min(in.PerPage, maxPerPage))}, nil
		})
	return r
}
