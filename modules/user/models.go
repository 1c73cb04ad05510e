package user

import "time"

// User is a registered account as clients see it: never its password.
type User struct {
	UUID     string    `json:"uuid"      db:"uuid"`
	Name     string    `json:"name"      db:"name"`
	Email    string    `json:"email"     db:"email"`
	Username string    `json:"username"  db:"username"`
	IsActive bool      `json:"is_active" db:"is_active"`
	Created  time.Time `json:"created"   db:"created"`
	Modified time.Time `json:"modified"  db:"modified"`
}

// account is a User with its password hash, for logging in; it never leaves
// the store and the views.
type account struct {
	User
	Password string `db:"password"`
}

// Stats are the list-wide figures of GET users/, its additional_data.
type Stats struct {
	TotalActiveUsers int   `json:"total_active_users"`
	LastRegistered   *User `json:"last_registered"`
}
