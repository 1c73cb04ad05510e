package user

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"unicode/utf8"

	"github.com/go-petra/petra/petra/auth"
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
	// ErrEmailTaken means another account has the email, once normalised.
	ErrEmailTaken = errors.New("user: email already registered")
	// ErrNotFound means no account has the given UUID, email or username.
	ErrNotFound = errors.New("user: not found")
	// ErrNameTooLong means the name has more characters once normalised
	// than the users table takes (100).
	ErrNameTooLong = errors.New("user: the name must not be greater than 100 characters")
	// ErrEmailTooLong means the email has more characters once normalised
	// than the users table takes (100).
	ErrEmailTooLong = errors.New("user: the email must not be greater than 100 characters")
)

// Store keeps accounts in the users table. It is safe for concurrent use.
type Store struct {
	db       *db.DB
	queries  *db.Queries
	suffix   func() string // the random part of generated usernames
	onCreate []CreateHook
}

// A CreateHook runs inside the transaction that inserts a new account, after
// the insert: what it writes in tx (a job queued through the jobs outbox,
// petra/jobs/outbox) is committed with the account, and its error rolls the
// account back. A hook must write only in tx: what it does elsewhere (a job
// enqueued in another database) outlives a rollback.
type CreateHook func(ctx context.Context, tx *db.Tx, u User) error

// A StoreOption changes a [Store] made by [NewStore].
type StoreOption func(*Store)

// OnCreate runs hook in the transaction of each new account (see
// [CreateHook]), such as [WelcomeMail]'s.
func OnCreate(hook CreateHook) StoreOption {
	return func(s *Store) { s.onCreate = append(s.onCreate, hook) }
}

// NewStore returns a Store over d, whose schema [Migrations] created.
func NewStore(d *db.DB, opts ...StoreOption) *Store {
	sub, err := fs.Sub(sqlFiles, "sql")
	if err != nil {
		panic(err) // the embedded directory exists: a build mistake otherwise
	}
	s := &Store{db: d, queries: d.Queries(sub), suffix: randomSuffix}
	for _, o := range opts {
		o(s)
	}
	return s
}

// usernameAttempts is how many random usernames Create tries before it gives
// up; with 40 random bits each, a second attempt is already rare.
const usernameAttempts = 5

// Create registers an account with an already hashed password. The name is
// stored in NFC (see [NormalizeName]) and the email normalised (see
// [NormalizeEmail]), whoever calls, and either longer than the users table
// takes once normalised is refused with ErrNameTooLong or ErrEmailTooLong;
// the username derives from the email with a random suffix. The unique
// indexes decide, so concurrent registrations of one email give exactly one
// account and ErrEmailTaken for the others, while a username that happens to
// be taken is drawn again. Each attempt is one transaction
// with the [OnCreate] hooks, so a refused account leaves nothing of theirs.
func (s *Store) Create(ctx context.Context, name, email, passwordHash string) (User, error) {
	return s.create(ctx, name, email, passwordHash, false)
}

// CreateStaff is [Store.Create] for a staff account.
func (s *Store) CreateStaff(ctx context.Context, name, email, passwordHash string) (User, error) {
	return s.create(ctx, name, email, passwordHash, true)
}

func (s *Store) create(ctx context.Context, name, email, passwordHash string, staff bool) (User, error) {
	name, email, err := normalizeIdentity(name, email)
	if err != nil {
		return User{}, err
	}
	now := db.Now()
	u := User{
		UUID:     db.NewUUID(),
		Name:     name,
		Email:    email,
		IsActive: true,
		IsStaff:  staff,
		Created:  now,
		Modified: now,
	}
	for range usernameAttempts {
		u.Username = usernameFor(u.Email, s.suffix())
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, s.queries.MustLoad("user.insert_user"),
				u.UUID, u.Name, u.Email, u.Username, passwordHash, u.IsActive, u.IsStaff, u.Created, u.Modified); err != nil {
				return err
			}
			for _, hook := range s.onCreate {
				if err := hook(ctx, tx, u); err != nil {
					return err
				}
			}
			return nil
		})
		if !db.IsUniqueViolation(err) {
			if err != nil {
				return User{}, err
			}
			return u, nil
		}
		// The email or the username is taken: the email's index is asked.
		taken, err := db.Get[int](ctx, s.db, s.queries.MustLoad("user.email_taken"), u.Email)
		if err != nil {
			return User{}, err
		}
		if taken > 0 {
			return User{}, ErrEmailTaken
		}
	}
	return User{}, fmt.Errorf("user: no free username for %q after %d attempts", u.Email, usernameAttempts)
}

// normalizeIdentity returns name in NFC (see [NormalizeName]) and email
// normalised (see [NormalizeEmail]), the forms the users table stores, or
// ErrNameTooLong or ErrEmailTooLong when either is longer than the table
// takes: every path to the table passes here, so none stores other text.
func normalizeIdentity(name, email string) (string, string, error) {
	name, email = NormalizeName(name), NormalizeEmail(email)
	switch {
	case utf8.RuneCountInString(name) > maxNameLen:
		return "", "", ErrNameTooLong
	case utf8.RuneCountInString(email) > maxEmailLen:
		return "", "", ErrEmailTooLong
	}
	return name, email, nil
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
	login = NormalizeEmail(login) // usernames derive from normalised emails
	a, err := db.Get[account](ctx, s.db, s.queries.MustLoad("user.get_login"), login, login)
	if errors.Is(err, db.ErrNotFound) {
		return account{}, ErrNotFound
	}
	return a, err
}

// UserList declares what the list of accounts may be filtered, ordered and
// searched by: ?search= in name and email, ?ordering= by name, email and
// created, ?is_active=; newest first unless asked otherwise.
var UserList = &db.List{
	Fields: map[string]db.Field{
		"name":      {Type: db.TypeText, Order: true, Search: true},
		"email":     {Type: db.TypeText, Order: true, Search: true},
		"created":   {Type: db.TypeTime, Order: true},
		"is_active": {Type: db.TypeBool, Lookups: []db.Lookup{db.Exact}},
	},
	Ordering: []string{"-created"},
	Unique:   "uuid",
}

// List returns one page of the accounts lq selects, in its order, and how
// many it selects in all. Parse lq with [UserList].
func (s *Store) List(ctx context.Context, lq *db.ListQuery, page, perPage int) ([]User, int, error) {
	return db.SelectList[User](ctx, s.db, lq, s.queries.MustLoad("user.list_users"), nil, page, perPage)
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

// Delete removes the account with uuid, or returns ErrNotFound. Its tokens
// are refused from then on, since LoadPrincipal no longer finds it.
func (s *Store) Delete(ctx context.Context, uuid string) error {
	return s.update(ctx, "user.delete_user", uuid)
}

// LoadPrincipal implements auth.PrincipalLoader: the account a token was
// issued to, as petra/auth sees it, or nil when it no longer exists. One read
// by primary key.
func (s *Store) LoadPrincipal(ctx context.Context, claims *auth.Claims) (*auth.Principal, error) {
	a, err := db.Get[account](ctx, s.db, s.queries.MustLoad("user.get_principal"), claims.Subject)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return a.principal(), nil
}

// SetPassword stores a new password hash for the account with uuid and bumps
// its token version, so that every token issued before is refused, or
// returns ErrNotFound.
func (s *Store) SetPassword(ctx context.Context, uuid, passwordHash string) error {
	return s.update(ctx, "user.set_password", passwordHash, db.Now(), uuid)
}

// UpdateProfile sets the name and the email of the account with uuid,
// normalised as [Store.Create] does, and returns it, or ErrNotFound,
// ErrNameTooLong, ErrEmailTooLong, or ErrEmailTaken when another account has
// the email: the unique index decides, so two accounts changing to one email
// at once cannot both have it.
func (s *Store) UpdateProfile(ctx context.Context, uuid, name, email string) (User, error) {
	name, email, err := normalizeIdentity(name, email)
	if err != nil {
		return User{}, err
	}
	err = s.update(ctx, "user.update_profile", name, email, db.Now(), uuid)
	if db.IsUniqueViolation(err) {
		return User{}, ErrEmailTaken
	}
	if err != nil {
		return User{}, err
	}
	return s.Get(ctx, uuid)
}

// EmailTaken reports whether an account other than the one with uuid has
// email, once normalised.
func (s *Store) EmailTaken(ctx context.Context, email, uuid string) (bool, error) {
	n, err := db.Get[int](ctx, s.db, s.queries.MustLoad("user.email_taken_by_other"), NormalizeEmail(email), uuid)
	return n > 0, err
}

// SetActive activates or deactivates the account with uuid, or returns
// ErrNotFound. A deactivated account cannot log in and its tokens are refused.
func (s *Store) SetActive(ctx context.Context, uuid string, active bool) error {
	return s.update(ctx, "user.set_active", active, db.Now(), uuid)
}

// update runs the named statement, which changes at most one account, and
// returns ErrNotFound when it changed none. Every update sets modified (or
// the token version), so that MySQL, which counts changed rather than matched
// rows, counts the account it found.
func (s *Store) update(ctx context.Context, name string, args ...any) error {
	res, err := s.db.Exec(ctx, s.queries.MustLoad(name), args...)
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
