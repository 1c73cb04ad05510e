package user

import (
	"net/url"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/status"
)

// Module mounts the user views at /api/v1/user/. Listing users, reading,
// changing and deleting one and changing one's password need a bearer access
// token; registration, login, refresh and logout do not. An account may be
// changed and deleted by itself or by staff. sessions issue, rotate and revoke
// the tokens (the app's middleware must be sessions.Middleware, with users as
// its loader); hasher hashes and checks passwords (its zero value uses
// bcrypt's default cost). Each route declares what it answers, for the OpenAPI
// document. [WithAvatars] adds avatar uploads.
func Module(users *Store, sessions *auth.Sessions, hasher auth.Hasher, opts ...Option) petra.Module {
	v := &UserViewSet{users: users, sessions: sessions, hasher: hasher}
	for _, o := range opts {
		o(v)
	}
	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.GetSingleUser, v.UpdateUser, v.DeleteUser, v.ChangePassword, v.UploadAvatar)
	v.SetObjectPermission(auth.IsOwnerOrStaff(ownerOf)).Only(v.UpdateUser, v.DeleteUser, v.UploadAvatar)
	routes := []petra.Route{
		petra.Post("registration/", dto.Form(v.Register)).
			Reverses(v.GetSingleUser).
			Returns(petra.Schema[Registered](), status.HTTP_201_CREATED,
				petra.Header[url.URL]("Location", "The URL of the new account, where it is read")).
			Summary("Register an account"),
		petra.Post("login/", dto.Form(v.Login)).
			Returns(petra.Schema[LoggedIn](), status.HTTP_200_OK).
			Fails(status.HTTP_401_UNAUTHORIZED).
			Summary("Log in: a pair of access and refresh tokens"),
		petra.Post("token/refresh/", dto.Form(v.RefreshToken)).
			Returns(petra.Schema[auth.TokenPair](), status.HTTP_200_OK).
			Fails(status.HTTP_401_UNAUTHORIZED).
			Summary("Spend a refresh token for a new pair"),
		petra.Post("logout/", dto.Form(v.Logout)).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).
			Fails(status.HTTP_401_UNAUTHORIZED).
			Summary("Revoke a refresh token and every token rotated from it"),
		petra.Post("password/change/", dto.Form(v.ChangePassword)).
			Returns(petra.Schema[PasswordChanged](), status.HTTP_200_OK).
			Summary("Change one's password: every earlier token is revoked"),
		petra.Get("users/", dto.Form(v.GetUsers)).
			Returns(petra.Schema[petra.Page[User]](), status.HTTP_200_OK).
			Summary("List the accounts, a page at a time").
			Description("search looks in name and email, ignoring case; ordering takes name, email and created, " +
				"comma-separated, - for descending; is_active is true or false. total counts the accounts selected; " +
				"additional_data holds the list-wide figures: total_active_users and last_registered."),
		petra.Get("users/<uuid:user_id>", v.GetSingleUser).
			Returns(petra.Schema[User](), status.HTTP_200_OK).
			Summary("Read one account"),
		petra.Patch("users/<uuid:user_id>", dto.Form(v.UpdateUser, dto.With(v))).
			Returns(petra.Schema[User](), status.HTTP_200_OK).
			Summary("Change one account's name or email (oneself, or any as staff)").
			Description("Send name, email or both; what is left out is kept. The email is normalised and must not be another account's."),
		petra.Delete("users/<uuid:user_id>", v.DeleteUser).
			Returns(petra.NoBody, status.HTTP_204_NO_CONTENT).
			Summary("Delete one account (oneself, or any as staff)"),
	}
	if v.avatars != nil {
		routes = append(routes, petra.Post("users/<uuid:user_id>/avatar/", v.UploadAvatar).
			BodyLimit(MaxAvatarSize+64<<10). // the file and its multipart framing
			Multipart(petra.Schema[AvatarUpload]()).
			Returns(petra.Schema[User](), status.HTTP_200_OK).
			Fails(status.HTTP_400_BAD_REQUEST, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE).
			Summary("Upload one account's avatar (oneself, or any as staff)").
			Description("multipart/form-data with the field avatar: a PNG, JPEG or WebP image of at most 2 MiB, judged by its bytes; "+
				"another content type is answered 415."))
	}
	return petra.Module{Name: "user", Version: "v1", Routes: v.Routes(routes...)}
}
