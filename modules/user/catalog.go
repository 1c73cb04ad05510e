package user

import "github.com/go-petra/petra/petra"

// Spanish words the module's own messages in Spanish, for an app that speaks
// it (petra.WithCatalog, after petra.Spanish, which words the framework's).
var Spanish = petra.NewCatalog("es", map[string]string{
	"Registration successful":                           "Registro completado",
	"Login successful":                                  "Sesión iniciada",
	"Password changed":                                  "Contraseña cambiada",
	"The email is already registered":                   "El correo electrónico ya está registrado",
	"The email must not be greater than 100 characters": "El campo email no debe tener más de 100 caracteres",
	"The name must not be greater than 100 characters":  "El campo name no debe tener más de 100 caracteres",
	"Invalid credentials":                               "Credenciales no válidas",
	"The current_password is incorrect":                 "El campo current_password es incorrecto",
	"The avatar must be a PNG, JPEG or WebP image":      "El campo avatar debe ser una imagen PNG, JPEG o WebP",
	"The password must contain at least one upper case letter, one lower case letter and one special character":     "El campo password debe contener al menos una letra mayúscula, una letra minúscula y un carácter especial",
	"The new_password must contain at least one upper case letter, one lower case letter and one special character": "El campo new_password debe contener al menos una letra mayúscula, una letra minúscula y un carácter especial",
})
