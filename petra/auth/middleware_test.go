package auth_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

// noteViewSet has a view that requires authentication and one that does not.
type noteViewSet struct {
	petra.ViewSet
}

// Secret answers the subject of the token; only authenticated requests reach it.
func (v *noteViewSet) Secret(r *petra.Request) petra.Result {
	return petra.Response(map[string]string{"subject": auth.ClaimsFrom(r).Subject})
}

// Open answers anyone, with the subject when there is one.
func (v *noteViewSet) Open(r *petra.Request) petra.Result {
	subject := "anonymous"
	if c := auth.ClaimsFrom(r); c != nil {
		subject = c.Subject
	}
	return petra.Response(map[string]string{"subject": subject})
}

// newNotesApp serves the note viewset behind tokens.Middleware at
// /api/v1/notes/secret/ and /api/v1/notes/open/.
func newNotesApp(t *testing.T, tokens *auth.Tokens) *petra.App {
	t.Helper()
	v := &noteViewSet{}
	v.SetPermission(auth.IsAuthenticated).Only(v.Secret)
	app := petra.New()
	app.Use(tokens.Middleware)
	app.Mount(petra.Module{Name: "notes", Routes: v.Routes(
		petra.Get("secret/", v.Secret),
		petra.Get("open/", v.Open),
	)})
	return app
}

func TestMiddleware(t *testing.T) {
	tokens := newTokens(t, nil, nil)
	app := newNotesApp(t, tokens)
	pair, err := tokens.Issue("user-1")
	require.NoError(t, err)
	expired := sign(t, jwt.SigningMethodHS256, testSecret, func() auth.Claims {
		c := validClaims()
		c.ExpiresAt = jwt.NewNumericDate(epoch.Add(-time.Hour))
		return c
	}())
	forged := sign(t, jwt.SigningMethodHS256, []byte("another secret of at least 32 bytes"), validClaims())
	none := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, validClaims())

	const (
		challengeScheme  = `Bearer`
		challengeRequest = `Bearer error="invalid_request"`
		anonymous        = `{"subject":"anonymous"}`
		user1            = `{"subject":"user-1"}`
		notProvided      = `{"success":false,"message":"Authentication credentials were not provided or are invalid"}`
		bearerRequired   = `{"success":false,"message":"The Authorization header must be the word Bearer and an access token"}`
	)
	invalidToken := func(msg string) (string, string) {
		return `Bearer error="invalid_token", error_description="` + msg + `"`,
			`{"success":false,"message":"` + msg + `"}`
	}
	challengeInvalid, bodyInvalid := invalidToken(msgInvalid)
	challengeExpired, bodyExpired := invalidToken(msgExpired)
	challengeRefresh, bodyRefresh := invalidToken(msgAccessRequired)

	tests := []struct {
		name          string
		path          string
		authorization []string // header values; nil: no header
		want          status.Code
		body          string
		challenge     string // WWW-Authenticate; "" when absent
	}{
		{"anonymous on a guarded view", "secret/", nil, status.HTTP_401_UNAUTHORIZED, notProvided, challengeScheme},
		{"anonymous on an open view", "open/", nil, status.HTTP_200_OK, anonymous, ""},
		{"empty header is anonymous", "open/", []string{""}, status.HTTP_200_OK, anonymous, ""},
		{"access token on a guarded view", "secret/", []string{"Bearer " + pair.AccessToken}, status.HTTP_200_OK, user1, ""},
		{"access token on an open view", "open/", []string{"Bearer " + pair.AccessToken}, status.HTTP_200_OK, user1, ""},
		{"lower-case scheme", "secret/", []string{"bearer " + pair.AccessToken}, status.HTTP_200_OK, user1, ""},
		{"extra spaces", "secret/", []string{"  Bearer   " + pair.AccessToken + " "}, status.HTTP_200_OK, user1, ""},

		{"refresh token", "secret/", []string{"Bearer " + pair.RefreshToken}, status.HTTP_401_UNAUTHORIZED, bodyRefresh, challengeRefresh},
		{"expired token", "secret/", []string{"Bearer " + expired}, status.HTTP_401_UNAUTHORIZED, bodyExpired, challengeExpired},
		{"forged token", "secret/", []string{"Bearer " + forged}, status.HTTP_401_UNAUTHORIZED, bodyInvalid, challengeInvalid},
		{"alg none", "secret/", []string{"Bearer " + none}, status.HTTP_401_UNAUTHORIZED, bodyInvalid, challengeInvalid},
		{"garbage token", "secret/", []string{"Bearer garbage"}, status.HTTP_401_UNAUTHORIZED, bodyInvalid, challengeInvalid},
		{"invalid token on an open view", "open/", []string{"Bearer garbage"}, status.HTTP_401_UNAUTHORIZED, bodyInvalid, challengeInvalid},
		{"two tokens", "secret/", []string{"Bearer " + pair.AccessToken + " " + pair.AccessToken},
			status.HTTP_401_UNAUTHORIZED, bodyInvalid, challengeInvalid},
		{"empty bearer", "secret/", []string{"Bearer"}, status.HTTP_401_UNAUTHORIZED, bearerRequired, challengeRequest},
		{"empty bearer with a space", "open/", []string{"Bearer   "}, status.HTTP_401_UNAUTHORIZED, bearerRequired, challengeRequest},
		{"Basic scheme", "secret/", []string{"Basic dXNlcjpwYXNz"}, status.HTTP_401_UNAUTHORIZED, bearerRequired, challengeScheme},
		{"Basic scheme on an open view", "open/", []string{"Basic xxx"}, status.HTTP_401_UNAUTHORIZED, bearerRequired, challengeScheme},
		{"token without scheme", "secret/", []string{pair.AccessToken}, status.HTTP_401_UNAUTHORIZED, bearerRequired, challengeScheme},
		{"two headers", "secret/", []string{"Bearer " + pair.AccessToken, "Bearer " + pair.AccessToken},
			status.HTTP_401_UNAUTHORIZED, bearerRequired, challengeScheme},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/notes/"+tt.path, nil)
			for _, v := range tt.authorization {
				req.Header.Add("Authorization", v)
			}
			res := petratest.New(t, app).Do(req).AssertJSON(tt.want, tt.body)
			assert.Equal(t, tt.challenge, res.Header().Get("WWW-Authenticate"))
		})
	}
}

func TestClaimsFromContext(t *testing.T) {
	tokens := newTokens(t, nil, nil)
	pair, err := tokens.Issue("user-1")
	require.NoError(t, err)

	var seen *auth.Claims
	h := tokens.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = auth.ClaimsFromContext(r.Context())
	}))

	tests := []struct {
		name, authorization, subject string
	}{
		{"anonymous", "", ""},
		{"authenticated", "Bearer " + pair.AccessToken, "user-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen = nil
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if tt.subject == "" {
				assert.Nil(t, seen)
				return
			}
			require.NotNil(t, seen)
			assert.Equal(t, tt.subject, seen.Subject)
			assert.Equal(t, auth.AccessToken, seen.Type)
		})
	}
}

func TestClaimsFromOtherPrincipal(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r = r.WithContext(petra.ContextWithPrincipal(r.Context(), "someone else's user"))
	assert.Nil(t, auth.ClaimsFrom(petra.NewRequest(httptest.NewRecorder(), r)))
}
