package user

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"strings"

	"github.com/go-petra/petra/petra/db"
)

//go:embed sql
var sqlFiles embed.FS

//go:embed migrations
var migrationFiles embed.FS

// Migrations are the user module's migrations, per dialect.
var Migrations = db.Migrations{Module: "user", FS: migrationFiles}

// Errors of the store. They say nothing of HTTP: the views translate them.
var (
	// ErrEmailTaken means another account has the email (or the generated
	// username, which derives from it).
	ErrEmailTaken = errors.New("user: email already registered")
	// ErrNotFound means no account has the given UUID, email or username.
	ErrNotFound = errors.New("user: not found")
)

// Store keeps accounts in the users table. It is safe for concurrent use.
type Store struct {
	db      *db.DB
	queries *db.Queries
}

// NewStore returns a Store over d, whose schema [Migrations] created.
func NewStore(d *db.DB) *Store {
	sub, err := fs.Sub(sqlFiles, "sql")
	if err != nil {
		panic(err) // the embedded directory exists: a build mistake otherwise
	}
	return &Store{db: d, queries: d.Queries(sub)}
}

// Create registers an account with an already hashed password. email must be
// lower case. The unique indexes decide, so concurrent registrations of one
// email give exactly one account and ErrEmailTaken for the others.
func (s *Store) Create(ctx context.Context, name, email, passwordHash string) (User, error) {
	now := db.Now()
	u := User{
		UUID:     db.NewUUID(),
		Name:     name,
		Email:    email,
		IsActive: true,
		Created:  now,
		Modified: now,
	}
	u.Username = usernameFor(email, u.UUID)
	_, err := s.db.Exec(ctx, s.queries.MustLoad("user.insert_user"),
		u.UUID, u.Name, u.Email, u.Username, passwordHash, u.IsActive, u.Created, u.Modified)
	if db.IsUniqueViolation(err) {
		return User{}, ErrEmailTaken
	}
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// usernameFor derives a unique username from an email's local part and the
// account's UUID: "ann.lee@x.io" → "ann.lee-3f2a9c01".
func usernameFor(email, uuid string) string {
	local, _, _ := strings.Cut(email, "@")
	return local + "-" + uuid[:8]
}

// Get returns the account with uuid, or ErrNotFound.
func (s *Store) Get(ctx context.Context, uuid string) (User, error) {
	u, err := db.Get[User](ctx, s.db, s.queries.MustLoad("user.get_user"), uuid)
	if errors.Is(err, db.ErrNotFound) {
		return User{}, ErrNotFound
	}
	return u, err
}

// account returns the account whose email or username is login, with its
// password hash, or ErrNotFound.
func (s *Store) account(ctx context.Context, login string) (account, error) {
	a, err := db.Get[account](ctx, s.db, s.queries.MustLoad("user.get_login"), strings.ToLower(login), login)
	if errors.Is(err, db.ErrNotFound) {
		return account{}, ErrNotFound
	}
	return a, err
}

// List returns one page of accounts, newest first, and how many there are.
func (s *Store) List(ctx context.Context, page, perPage int) ([]User, int, error) {
	return db.SelectPage[User](ctx, s.db, s.queries.MustLoad("user.list_users"), nil, page, perPage)
}

// Stats returns the number of active accounts and the newest one.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	active, err := db.Get[int](ctx, s.db, s.queries.MustLoad("user.count_active"), true)
	if err != nil {
		return Stats{}, err
	}
	stats := Stats{TotalActiveUsers: active}
	last, err := db.Get[User](ctx, s.db, s.queries.MustLoad("user.last_registered"))
	switch {
	case err == nil:
		stats.LastRegistered = &last
	case !errors.Is(err, db.ErrNotFound):
		return Stats{}, err
	}
	return stats, nil
}

// Delete removes the account with uuid, or returns ErrNotFound.
func (s *Store) Delete(ctx context.Context, uuid string) error {
	res, err := s.db.Exec(ctx, s.queries.MustLoad("user.delete_user"), uuid)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
