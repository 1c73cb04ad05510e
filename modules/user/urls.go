package user

import (
	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
)

// Module mounts the user views at /api/v1/user/. Listing users, reading and
// deleting one and changing one's password need a bearer access token;
// registration, login, refresh and logout do not. An account may be deleted
// by itself or by staff. sessions issue, rotate and revoke the tokens (the
// app's middleware must be sessions.Middleware, with users as its loader);
// hasher hashes and checks passwords (its zero value uses bcrypt's default
// cost).
func Module(users *Store, sessions *auth.Sessions, hasher auth.Hasher) petra.Module {
	v := &UserViewSet{users: users, sessions: sessions, hasher: hasher}
	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.GetSingleUser, v.DeleteUser, v.ChangePassword)
	v.SetObjectPermission(auth.IsOwnerOrStaff(ownerOf)).Only(v.DeleteUser)
	return petra.Module{Name: "user", Version: "v1", Routes: v.Routes(
		petra.Post("registration/", dto.Form(v.Register)),
		petra.Post("login/", dto.Form(v.Login)),
		petra.Post("token/refresh/", dto.Form(v.RefreshToken)),
		petra.Post("logout/", dto.Form(v.Logout)),
		petra.Post("password/change/", dto.Form(v.ChangePassword)),
		petra.Get("users/", v.GetUsers),
		petra.Get("users/<uuid:user_id>", v.GetSingleUser),
		petra.Delete("users/<uuid:user_id>", v.DeleteUser),
	)}
}
