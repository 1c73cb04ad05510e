package modules_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegistrationInSpanish(t *testing.T) {
	app := newApp(t, settings(t, nil), migrated(t, "sqlite"), nil)
	first := serve(app, http.MethodPost, "/api/v1/user/registration/",
		`{"name": "Ana", "email": "ana@example.com", "password": "S3cret!pw"}`, randomClient(), nil)
	require.Equal(t, http.StatusCreated, first.Code, first.Body.String())

	tests := []struct {
		name, accept, body string
		code               int
		language, message  string
		errors             map[string][]string
	}{
		{"rules", "es-ES,es;q=0.9", `{"name": "", "email": "nope", "password": "short"}`, http.StatusBadRequest,
			"es", "Los datos proporcionados no son válidos", map[string][]string{
				"name":     {"El campo name es obligatorio"},
				"email":    {"El campo email debe ser una dirección de correo electrónico válida"},
				"password": {"El campo password debe tener al menos 8 caracteres"},
			}},
		{"a weak password", "es", `{"name": "Bea", "email": "bea@example.com", "password": "password"}`, http.StatusBadRequest,
			"es", "Los datos proporcionados no son válidos", map[string][]string{
				"password": {"El campo password debe contener al menos una letra mayúscula, una letra minúscula y un carácter especial"},
			}},
		{"an email already registered", "es-MX", `{"name": "Ana", "email": "ANA@example.com", "password": "S3cret!pw"}`,
			http.StatusBadRequest, "es", "Los datos proporcionados no son válidos", map[string][]string{
				"email": {"El correo electrónico ya está registrado"},
			}},
		{"the same in English", "", `{"name": "Ana", "email": "ANA@example.com", "password": "S3cret!pw"}`,
			http.StatusBadRequest, "en", "The given data was invalid", map[string][]string{
				"email": {"The email is already registered"},
			}},
		{"a language the app does not speak", "fr-FR, de;q=0.5", `{"name": ""}`, http.StatusBadRequest,
			"en", "The given data was invalid", nil},
		{"a failed login", "es", `{"email": "ana@example.com", "password": "wrong"}`, http.StatusUnauthorized,
			"es", "Credenciales no válidas", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/api/v1/user/registration/"
			if tt.code == http.StatusUnauthorized {
				path = "/api/v1/user/login/"
			}
			rec := serve(app, http.MethodPost, path, tt.body, randomClient(), map[string]string{"Accept-Language": tt.accept})
			require.Equal(t, tt.code, rec.Code, rec.Body.String())
			assert.Equal(t, tt.language, rec.Header().Get("Content-Language"))
			assert.Contains(t, rec.Header().Values("Vary"), "Accept-Language")
			var env struct {
				Success bool                `json:"success"`
				Message string              `json:"message"`
				Errors  map[string][]string `json:"errors"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env))
			assert.False(t, env.Success)
			assert.Equal(t, tt.message, env.Message)
			if tt.errors != nil {
				assert.Equal(t, tt.errors, env.Errors)
			}
		})
	}
}

// The module's answers of success speak the client's language too; their
// keys stay the same.
func TestSuccessInSpanish(t *testing.T) {
	app := newApp(t, settings(t, nil), migrated(t, "sqlite"), nil)
	es := map[string]string{"Accept-Language": "es"}
	tests := []struct {
		path, body string
		code       int
		message    string
		headers    map[string]string
	}{
		{"/api/v1/user/registration/", `{"name": "Ana", "email": "ana@example.com", "password": "S3cret!pw"}`,
			http.StatusCreated, "Registro completado", es},
		{"/api/v1/user/login/", `{"email": "ana@example.com", "password": "S3cret!pw"}`,
			http.StatusOK, "Sesión iniciada", es},
		{"/api/v1/user/login/", `{"email": "ana@example.com", "password": "S3cret!pw"}`,
			http.StatusOK, "Login successful", nil},
	}
	for _, tt := range tests {
		rec := serve(app, http.MethodPost, tt.path, tt.body, randomClient(), tt.headers)
		require.Equal(t, tt.code, rec.Code, rec.Body.String())
		var body struct {
			Message string `json:"message"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
		assert.Equal(t, tt.message, body.Message, tt.path)
	}
}
