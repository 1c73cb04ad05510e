package user

import (
	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
)

// Module mounts the user views at /api/v1/user/. Listing users, reading and
// deleting one need a bearer access token; registration, login and refresh
// do not. hasher hashes and checks passwords (its zero value uses bcrypt's
// default cost).
func Module(users *Store, tokens *auth.Tokens, hasher auth.Hasher) petra.Module {
	v := &UserViewSet{users: users, tokens: tokens, hasher: hasher}
	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.GetSingleUser, v.DeleteUser)
	return petra.Module{Name: "user", Version: "v1", Routes: v.Routes(
		petra.Post("registration/", dto.Form(v.Register)),
		petra.Post("login/", dto.Form(v.Login)),
		petra.Post("token/refresh/", dto.Form(v.RefreshToken)),
		petra.Get("users/", v.GetUsers),
		petra.Get("users/<uuid:user_id>", v.GetSingleUser),
		petra.Delete("users/<uuid:user_id>", v.DeleteUser),
	)}
}
