package user

import (
	"time"

	"github.com/go-petra/petra/petra/auth"
)

// User is a registered account as clients see it: never its password.
type User struct {
	// UUID identifies the account, documented as a uuid string.
	UUID     string `json:"uuid"      db:"uuid" openapi:"format=uuid"`
	Name     string `json:"name"      db:"name"`
	Email    string `json:"email"     db:"email"`
	Username string `json:"username"  db:"username"`
	IsActive bool   `json:"is_active" db:"is_active"`
	IsStaff  bool   `json:"is_staff"  db:"is_staff"`
	// AvatarURL is where the avatar is served; null until one is uploaded.
	AvatarURL *string   `json:"avatar_url" db:"avatar_url"`
	Created   time.Time `json:"created"   db:"created"`
	Modified  time.Time `json:"modified"  db:"modified"`
}

// account is a User with its password hash, for logging in; it never leaves
// the store and the views.
type account struct {
	User
	Password     string `db:"password"`
	TokenVersion int64  `db:"token_version"`
}

// principal is what petra/auth knows of the account: its tokens carry
// TokenVersion, and a new password bumps it.
func (a account) principal() *auth.Principal {
	u := a.User
	return &auth.Principal{ID: u.UUID, Active: u.IsActive, Staff: u.IsStaff, TokenVersion: a.TokenVersion, User: &u}
}

// Stats are the list-wide figures of GET users/, its additional_data.
type Stats struct {
	TotalActiveUsers int   `json:"total_active_users"`
	LastRegistered   *User `json:"last_registered"`
}
