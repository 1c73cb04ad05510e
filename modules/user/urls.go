package user

import (
	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/status"
)

// Module mounts the user views at /api/v1/user/. Listing users, reading and
// deleting one need a bearer access token; registration, login and refresh
// do not. hasher hashes and checks passwords (its zero value uses bcrypt's
// default cost).
func Module(users *Store, tokens *auth.Tokens, hasher auth.Hasher) petra.Module {
	v := &UserViewSet{users: users, tokens: tokens, hasher: hasher}
	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.GetSingleUser, v.DeleteUser)
	return petra.Module{Name: "user", Version: "v1", ViewSets: []petra.ViewSetter{v}, Routes: []petra.Route{
		petra.Post("registration/", dto.Form(v.Register)).
			Returns(petra.Schema[Registered](), status.HTTP_201_CREATED).
			Summary("Register an account"),
		petra.Post("login/", dto.Form(v.Login)).
			Returns(petra.Schema[LoggedIn](), status.HTTP_200_OK).
			Fails(status.HTTP_401_UNAUTHORIZED).
			Summary("Log in: a pair of access and refresh tokens"),
		petra.Post("token/refresh/", dto.Form(v.RefreshToken)).
			Returns(petra.Schema[Refreshed](), status.HTTP_200_OK).
			Fails(status.HTTP_401_UNAUTHORIZED).
			Summary("Exchange a refresh token for a new access token"),
		petra.Get("users/", v.GetUsers).
			Returns(petra.Schema[petra.Page[User]](), status.HTTP_200_OK).
			Summary("List the accounts, a page at a time").
			Description("additional_data holds the list-wide figures: total_active_users and last_registered."),
		petra.Get("users/<uuid:user_id>", v.GetSingleUser).
			Returns(petra.Schema[User](), status.HTTP_200_OK).
			Summary("Read one account"),
		petra.Delete("users/<uuid:user_id>", v.DeleteUser).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).
			Summary("Delete one account"),
	}}
}
