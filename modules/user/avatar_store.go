package user

import (
	"context"
	"errors"

	"github.com/go-petra/petra/petra/db"
)

// errAvatarDiscarded refuses to link an avatar already given up on (see
// [Store.SettleAvatar]): a SetAvatar that reached the database too late.
var errAvatarDiscarded = errors.New("user: avatar already discarded")

// SetAvatar records url as the avatar of the account with uuid, or returns
// ErrNotFound. The avatar it replaces is recorded as discarded in the same
// transaction, so that its file is deleted by [Store.DiscardedAvatars]'s
// reader even when this call's answer is lost. The account's row is locked
// from the read to the write, so of several calls at once each replaces the
// URL the one before it recorded. A url that [Store.SettleAvatar] discarded
// is refused: it will never be linked.
func (s *Store) SetAvatar(ctx context.Context, uuid, url string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		replaced, err := s.lockAvatar(ctx, tx, uuid)
		if err != nil {
			return err
		}
		discarded, err := db.Get[int](ctx, tx, s.queries.MustLoad("user.avatar_discarded"), url)
		if err != nil {
			return err
		}
		if discarded > 0 {
			return errAvatarDiscarded
		}
		if _, err := tx.Exec(ctx, s.queries.MustLoad("user.set_avatar"), url, db.Now(), uuid); err != nil {
			return err
		}
		if replaced == nil {
			return nil
		}
		_, err = tx.Exec(ctx, s.queries.MustLoad("user.discard_avatar"), *replaced, uuid, db.Now())
		return err
	})
}

// SettleAvatar tells whether the account with uuid links to url, after a
// [Store.SetAvatar] of url failed in a way that leaves it unknown (a lost
// connection, a timeout): the write may have been committed all the same. It
// locks the account's row, so it waits for that write if it is still under
// way. When the account does not link to url, url is recorded as discarded,
// so that a SetAvatar of it that reaches the database later is refused, and
// its file may be deleted. ErrNotFound means the account is gone.
func (s *Store) SettleAvatar(ctx context.Context, uuid, url string) (linked bool, err error) {
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		current, err := s.lockAvatar(ctx, tx, uuid)
		if err != nil {
			return err
		}
		if current != nil && *current == url {
			linked = true
			return nil
		}
		discarded, err := db.Get[int](ctx, tx, s.queries.MustLoad("user.avatar_discarded"), url)
		if err != nil || discarded > 0 { // replaced since: discarded by the upload that did
			return err
		}
		_, err = tx.Exec(ctx, s.queries.MustLoad("user.discard_avatar"), url, uuid, db.Now())
		return err
	})
	return linked, err
}

// lockAvatar reads the avatar of the account with uuid in tx and locks its
// row until tx ends, or returns ErrNotFound.
func (s *Store) lockAvatar(ctx context.Context, tx *db.Tx, uuid string) (*string, error) {
	url, err := db.Get[*string](ctx, tx, s.queries.MustLoad("user.lock_avatar"), uuid)
	if errors.Is(err, db.ErrNotFound) {
		return nil, ErrNotFound
	}
	return url, err
}

// DiscardedAvatars returns the URLs of the avatars of the account with uuid
// that no account links to or ever will: their files are to be deleted,
// then each forgotten with [Store.ForgetAvatar].
func (s *Store) DiscardedAvatars(ctx context.Context, uuid string) ([]string, error) {
	return db.Select[string](ctx, s.db, s.queries.MustLoad("user.discarded_avatars"), uuid)
}

// ForgetAvatar removes url from the discarded avatars, once its file is
// deleted. A url that is not there is no error.
func (s *Store) ForgetAvatar(ctx context.Context, url string) error {
	_, err := s.db.Exec(ctx, s.queries.MustLoad("user.forget_avatar"), url)
	return err
}
