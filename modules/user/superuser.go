package user

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/go-petra/petra/petra/auth"
)

// CreateSuperuser creates a staff account, as Django's createsuperuser does,
// after checking name, email and password by the rules of a registration: the
// name is trimmed and stored in NFC, the email normalised, and each is held to
// the length the users table takes once normalised. It returns ErrEmailTaken
// when the email is registered, ErrNameTooLong for a name too long, and an
// error naming the first invalid field otherwise.
func CreateSuperuser(ctx context.Context, store *Store, hasher auth.Hasher, name, email, password string) (User, error) {
	name, email = NormalizeName(strings.TrimSpace(name)), NormalizeEmail(email)
	switch {
	case name == "":
		return User{}, errors.New("user: the name is required")
	case utf8.RuneCountInString(name) > maxNameLen:
		return User{}, ErrNameTooLong
	case utf8.RuneCountInString(email) > maxEmailLen || !isEmail(email):
		return User{}, errors.New("user: the email must be a valid email address of at most 100 characters")
	case utf8.RuneCountInString(password) < 8 || utf8.RuneCountInString(password) > 100:
		return User{}, errors.New("user: the password must be 8 to 100 characters")
	case !strongPassword(password):
		return User{}, errors.New("user: the password must contain at least one upper case letter, one lower case letter and one special character")
	}
	hash, err := hasher.Hash(password)
	if err != nil {
		return User{}, err
	}
	return store.CreateStaff(ctx, name, email, hash)
}

// isEmail reports whether s is a bare address, "local@domain", and nothing else.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == "" && strings.Contains(s, "@")
}
