// Package auth authenticates petra requests with JWT bearer tokens and hashes
// passwords, as DRF with simplejwt and Django's password hashers do.
//
// # Tokens
//
// [NewTokens] takes a [Config] value (the program fills it from its settings;
// this package reads no environment) and returns [Tokens], which issue an
// access and a refresh token for a subject and verify them:
//
//	tokens, err := auth.NewTokens(auth.Config{Secret: []byte(settings.JWT.Secret)})
//	pair, err := tokens.Issue(user.UUID)            // at login
//	access, err := tokens.Refresh(pair.RefreshToken) // POST token/refresh/
//	claims, err := tokens.Verify(access, auth.AccessToken)
//
// Tokens are HS256 only: the parser refuses "none", RSA and every other
// algorithm, other issuers, and tokens outside their lifetime beyond
// [Config.Leeway]. A "token_type" claim ([TokenType]) keeps an access token from
// serving as a refresh token and the reverse. Every error is a 401
// [*petra.Error] ([ErrTokenInvalid], [ErrTokenExpired],
// [ErrRefreshTokenRequired], [ErrAccessTokenRequired]) that a view returns with
// petra.Fail.
//
// # Authenticating requests
//
// [Tokens.Middleware] reads "Authorization: Bearer <access token>" and stores
// the token's [*Claims] as the request's principal; [ClaimsFrom] returns them
// in a view. A request without the header stays anonymous, and permissions
// decide: [IsAuthenticated] answers it 401. A request with a header that does
// not hold a valid access token is answered 401 at once, with a
// WWW-Authenticate challenge (RFC 6750).
//
//	app.Use(tokens.Middleware)
//	v.SetPermission(auth.IsAuthenticated).Only(v.GetUsers, v.DeleteUser)
//
// # Token lifecycle
//
// [Tokens] alone are stateless: a token works until it expires. [Sessions]
// add what an account system needs, with the state in the app's database
// (create it with [Migrations]) so that every instance agrees: refresh tokens
// rotate and are single-use, replaying a spent one revokes its family,
// [Sessions.Logout] revokes a family, and a user that is deleted, deactivated
// or changes password (a new [Principal.TokenVersion]) loses every token at
// once. The app plugs its user model in with a [PrincipalLoader]; requests then
// carry a [*Principal] ([PrincipalFrom], [UserFrom]):
//
//	sessions := auth.NewSessions(tokens, d, users) // users implements LoadPrincipal
//	app.Use(sessions.Middleware)
//	pair, err := sessions.Login(ctx, principal)    // after checking the password
//	pair, err = sessions.Refresh(ctx, refreshToken)
//	err = sessions.Logout(ctx, refreshToken)
//
// # Permissions
//
// [IsAuthenticated], [IsStaff] (DRF's [IsAdminUser]) guard views;
// [IsOwner] and [IsOwnerOrStaff] are object permissions, run by
// petra.Request.CheckObject once the view fetched the object.
//
// # Passwords
//
// [HashPassword] and [CheckPassword] (or a [Hasher] with its own cost) use
// bcrypt over the password's SHA-256, in the format of Django's
// BCryptSHA256PasswordHasher, so that passwords longer than bcrypt's 72 bytes
// count in full. Call CheckPassword("", password) when the account does not
// exist: it takes as long as a wrong password and returns false.
package auth
