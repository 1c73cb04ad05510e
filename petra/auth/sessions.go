package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/go-petra/petra/petra/db"
)

//go:embed migrations
var migrationFiles embed.FS

// Migrations create the tables [Sessions] keeps revocation state in
// (petra_token_families and petra_refresh_tokens) on SQLite, PostgreSQL and
// MySQL. Run them with the app's other migrations: d.Migrate(ctx, auth.Migrations).
var Migrations = db.Migrations{Module: "auth", FS: migrationFiles}

// DefaultCleanupEvery is how often, at most, [Sessions.Login] removes expired
// revocation rows on its own.
const DefaultCleanupEvery = time.Hour

// Sessions gives an app the lifecycle of its tokens on top of [Tokens], with
// the state in the app's database, so that every instance sharing it agrees:
//
//   - [Sessions.Login] issues a pair that starts a new family;
//   - [Sessions.Refresh] rotates: the refresh token sent is spent and a new
//     pair of the same family is returned; sending a spent refresh token
//     again revokes its whole family, since a thief or its victim holds a
//     copy (RFC 6819 §5.2.2.3);
//   - [Sessions.Logout] revokes the family of a refresh token;
//   - [Sessions.Middleware] authenticates bearer tokens, refusing those of a
//     revoked family, and loads the app's user through its [PrincipalLoader]:
//     a user that is gone or inactive, or whose token version changed (a new
//     password), is refused at once, whatever the token's expiry.
//
// What it costs: an authenticated request reads one row by primary key (its
// token family) plus what the loader reads (one row by primary key in the
// example app), no writes. A refresh reads those two rows and writes three in
// one transaction; a login writes two. Expired rows are removed by
// [Sessions.Cleanup], which Login also runs at most every
// [DefaultCleanupEvery] per instance.
//
// Sessions is safe for concurrent use.
type Sessions struct {
	tokens      *Tokens
	db          *db.DB
	loader      PrincipalLoader
	lastCleanup atomic.Int64 // unix seconds of the last cleanup Login ran
}

// NewSessions returns Sessions that sign with tokens, keep revocation state in
// d (migrated with [Migrations]) and load users with loader.
func NewSessions(tokens *Tokens, d *db.DB, loader PrincipalLoader) *Sessions {
	s := &Sessions{tokens: tokens, db: d, loader: loader}
	s.lastCleanup.Store(tokens.cfg.Now().Unix())
	return s
}

// Tokens returns the Tokens s signs and verifies with.
func (s *Sessions) Tokens() *Tokens { return s.tokens }

// Login returns a new pair of tokens for p, the user who just proved who they
// are, starting a new family. An inactive p is refused with [ErrTokenRevoked].
func (s *Sessions) Login(ctx context.Context, p *Principal) (TokenPair, error) {
	if p == nil || p.ID == "" {
		return TokenPair{}, errors.New("auth: Login needs a principal with an ID")
	}
	if !p.Active {
		return TokenPair{}, rejected(ErrTokenRevoked, errors.New("auth: the account is inactive"))
	}
	s.cleanupNowAndThen(ctx)
	family := rand.Text() // 128 random bits
	var pair TokenPair
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		refresh, err := s.issue(ctx, tx, p.ID, family, p.TokenVersion, &pair)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO petra_token_families (family, subject, revoked, expires_at) VALUES (?, ?, ?, ?)`,
			family, p.ID, false, refresh.ExpiresAt.Unix())
		return err
	})
	if err != nil {
		return TokenPair{}, err
	}
	return pair, nil
}

// issue signs a pair of family into pair and records its refresh token.
func (s *Sessions) issue(ctx context.Context, tx *db.Tx, subject, family string, version int64, pair *TokenPair) (*Claims, error) {
	access := s.tokens.newClaims(subject, AccessToken)
	refresh := s.tokens.newClaims(subject, RefreshToken)
	access.Family, access.Version = family, version
	refresh.Family, refresh.Version = family, version
	var err error
	if pair.AccessToken, err = s.tokens.signClaims(access); err != nil {
		return nil, err
	}
	if pair.RefreshToken, err = s.tokens.signClaims(refresh); err != nil {
		return nil, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO petra_refresh_tokens (jti, family, spent, expires_at) VALUES (?, ?, ?, ?)`,
		refresh.ID, family, false, refresh.ExpiresAt.Unix())
	return refresh, err
}

// Refresh spends refreshToken and returns a new pair of its family. It
// refuses, with a 401 [*petra.Error]: no token ([ErrRefreshTokenMissing]),
// what [Tokens.Verify] refuses, a token whose family was revoked, whose user
// is gone, inactive or has another token version ([ErrTokenRevoked]), and a
// refresh token already spent, which also revokes its family, so that every
// token rotated from it stops working.
func (s *Sessions) Refresh(ctx context.Context, refreshToken string) (TokenPair, error) {
	if refreshToken == "" {
		return TokenPair{}, ErrRefreshTokenMissing
	}
	claims, err := s.tokens.Verify(refreshToken, RefreshToken)
	if err != nil {
		return TokenPair{}, err
	}
	if claims.Family == "" {
		return TokenPair{}, rejected(ErrTokenInvalid, errors.New("auth: refresh token without a family"))
	}
	// The user first, outside the transaction: SQLite has one connection.
	p, err := s.principal(ctx, claims)
	if err != nil {
		return TokenPair{}, err
	}
	var pair TokenPair
	var replayed bool
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE petra_refresh_tokens SET spent = ? WHERE jti = ? AND spent = ?`, true, claims.ID, false)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 { // spent before: a replay
			replayed = true
			return rejected(ErrTokenRevoked, errors.New("auth: refresh token already spent"))
		}
		var revoked bool
		err = tx.QueryRow(ctx, `SELECT revoked FROM petra_token_families WHERE family = ?`, claims.Family).Scan(&revoked)
		switch {
		case errors.Is(err, sql.ErrNoRows) || err == nil && revoked:
			return rejected(ErrTokenRevoked, errors.New("auth: token family revoked"))
		case err != nil:
			return err
		}
		refresh, err := s.issue(ctx, tx, p.ID, claims.Family, p.TokenVersion, &pair)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE petra_token_families SET expires_at = ? WHERE family = ?`, refresh.ExpiresAt.Unix(), claims.Family)
		return err
	})
	if replayed {
		if rerr := s.revokeFamily(ctx, claims.Family); rerr != nil {
			return TokenPair{}, errors.Join(err, rerr)
		}
	}
	if err != nil {
		return TokenPair{}, err
	}
	return pair, nil
}

// Logout revokes the family of refreshToken: it and every token rotated from
// it or issued with it are refused from then on, on every instance. No
// token is [ErrRefreshTokenMissing], a token that does not verify is refused
// as [Tokens.Verify] says, and a token whose family is already logged out,
// revoked or purged is [ErrTokenRevoked]: after a logout that token is
// refused everywhere, a second logout included.
func (s *Sessions) Logout(ctx context.Context, refreshToken string) error {
	if refreshToken == "" {
		return ErrRefreshTokenMissing
	}
	claims, err := s.tokens.Verify(refreshToken, RefreshToken)
	if err != nil {
		return err
	}
	if claims.Family == "" {
		return rejected(ErrTokenInvalid, errors.New("auth: refresh token without a family"))
	}
	// Only a family still live is logged out: the token of one already
	// logged out, revoked or purged is refused, as a refresh with it is.
	res, err := s.db.Exec(ctx, `UPDATE petra_token_families SET revoked = ? WHERE family = ? AND revoked = ?`,
		true, claims.Family, false)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return rejected(ErrTokenRevoked, errors.New("auth: logout of a family already revoked or gone"))
	}
	return nil
}

func (s *Sessions) revokeFamily(ctx context.Context, family string) error {
	_, err := s.db.Exec(ctx, `UPDATE petra_token_families SET revoked = ? WHERE family = ?`, true, family)
	return err
}

// Authenticate verifies accessToken and returns the principal it stands for,
// or a 401 [*petra.Error] (see [Sessions.Refresh] for what is refused), or the
// error of the database or the loader. It is what [Sessions.Middleware]
// does for each request.
func (s *Sessions) Authenticate(ctx context.Context, accessToken string) (*Principal, error) {
	claims, err := s.tokens.Verify(accessToken, AccessToken)
	if err != nil {
		return nil, err
	}
	if claims.Family == "" {
		return nil, rejected(ErrTokenInvalid, errors.New("auth: access token without a family"))
	}
	var revoked bool
	err = s.db.QueryRow(ctx, `SELECT revoked FROM petra_token_families WHERE family = ?`, claims.Family).Scan(&revoked)
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && revoked:
		return nil, rejected(ErrTokenRevoked, errors.New("auth: token family revoked"))
	case err != nil:
		return nil, err
	}
	return s.principal(ctx, claims)
}

// principal loads the user of claims and refuses a gone or inactive one, or
// one whose token version changed since the token was issued.
func (s *Sessions) principal(ctx context.Context, claims *Claims) (*Principal, error) {
	p, err := s.loader.LoadPrincipal(ctx, claims)
	switch {
	case err != nil:
		return nil, err
	case p == nil:
		return nil, rejected(ErrTokenRevoked, errors.New("auth: the token's user no longer exists"))
	case !p.Active:
		return nil, rejected(ErrTokenRevoked, errors.New("auth: the token's user is inactive"))
	case p.TokenVersion != claims.Version:
		return nil, rejected(ErrTokenRevoked, fmt.Errorf("auth: token version %d, the user's is %d", claims.Version, p.TokenVersion))
	}
	p.Claims = claims
	return p, nil
}

// Middleware authenticates requests by their bearer token as
// [Tokens.Middleware] does, with [Sessions.Authenticate]: the request's
// principal is the [*Principal] the loader returned (see [PrincipalFrom],
// [UserFrom]). A revoked token is answered 401 with RFC 6750's challenge; a
// failing database, as petra.WriteError answers its error.
func (s *Sessions) Middleware(next http.Handler) http.Handler {
	return bearer(next, s.Authenticate)
}

// Cleanup removes the rows of refresh tokens and families that expired (give
// or take the leeway), which no token can use any more, and reports how many
// it removed. Call it from a scheduler; [Sessions.Login] also calls it now and
// then.
func (s *Sessions) Cleanup(ctx context.Context) (int64, error) {
	cutoff := s.tokens.cfg.Now().Add(-s.tokens.cfg.Leeway).Unix()
	var removed int64
	for _, query := range []string{
		`DELETE FROM petra_refresh_tokens WHERE expires_at < ?`,
		`DELETE FROM petra_token_families WHERE expires_at < ?`,
	} {
		res, err := s.db.Exec(ctx, query, cutoff)
		if err != nil {
			return removed, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return removed, err
		}
		removed += n
	}
	return removed, nil
}

// cleanupNowAndThen runs Cleanup when DefaultCleanupEvery has passed since
// the last one on this instance; one caller at a time wins the turn. A
// failure is not the login's: the next turn tries again.
func (s *Sessions) cleanupNowAndThen(ctx context.Context) {
	now := s.tokens.cfg.Now().Unix()
	last := s.lastCleanup.Load()
	if now-last < int64(DefaultCleanupEvery/time.Second) || !s.lastCleanup.CompareAndSwap(last, now) {
		return
	}
	_, _ = s.Cleanup(ctx)
}
