package user

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"mime/multipart"
	"path"
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/storage"
)

// MaxAvatarSize is the largest avatar accepted, in bytes (2 MiB).
const MaxAvatarSize = 2 << 20

// avatarExtensions are the image types an avatar may be, judged by its
// bytes, with the extension it is stored under.
var avatarExtensions = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}

// AvatarUpload is the multipart/form-data body of an avatar upload, as the
// OpenAPI document describes it: [UserViewSet.UploadAvatar] reads the file
// itself, to judge its bytes as they stream to the disk.
type AvatarUpload struct {
	// Avatar is the image: a PNG, JPEG or WebP of at most [MaxAvatarSize].
	Avatar *multipart.FileHeader `form:"avatar" validate:"required"`
}

// errNotAnImage answers an avatar that is no PNG, JPEG or WebP image.
var errNotAnImage = petra.Invalid("avatar", "The avatar must be a PNG, JPEG or WebP image")

// avatarCleanupTimeout bounds each step of an upload's clean-up (settling
// the account's link, deleting files), which runs on a context of its own
// so that a client that has gone does not leave files behind.
const avatarCleanupTimeout = 5 * time.Second

// avatarLinks records which avatar an account links to: the [Store], or in
// tests one that fails on purpose.
type avatarLinks interface {
	SetAvatar(ctx context.Context, uuid, url string) error
	SettleAvatar(ctx context.Context, uuid, url string) (linked bool, err error)
}

// An Option changes the user module that [Module] mounts.
type Option func(*UserViewSet)

// WithAvatars lets accounts upload an avatar, kept on disk under
// public/avatars/ and linked by its URL (POST users/<uuid>/avatar/).
// Without it, that route is not mounted.
func WithAvatars(disk storage.Disk) Option {
	return func(v *UserViewSet) { v.avatars = disk }
}

// UploadAvatar stores the multipart field avatar as the account's avatar,
// removing the one it replaces, and answers the account with its avatar_url.
// Its object permissions decide who may (the account itself or staff).
//
// The file is stored under a name of its own, then linked. The avatar it
// replaces is recorded as discarded in the transaction that links the new
// one, and its file deleted after, so that of several uploads at once the
// one recorded last stays and every file replaced is removed, by whichever
// upload gets there first, once nothing links to it. An upload whose link
// fails leaves no file. When the database's answer is lost (a dropped
// connection, the client gone), the account is read back under its lock:
// an upload that was committed is answered 200; one that was not is
// discarded, so that it cannot be linked later, and answered its error. A
// file deleted in vain stays recorded and is deleted at the account's next
// upload; a file whose link cannot be settled at all is kept and logged, and
// settled later by [SweepAvatars], which deletes it unless it was linked.
func (v *UserViewSet) UploadAvatar(r *petra.Request) petra.Result {
	u, err := v.getUser(r)
	if err != nil {
		return petra.Fail(err)
	}
	if err := r.CheckObject(u); err != nil {
		return petra.Fail(err)
	}
	fh, err := r.File("avatar")
	if err != nil {
		return petra.Fail(err)
	}
	if fh.Size > MaxAvatarSize {
		return petra.Fail(storage.ErrTooLarge)
	}
	f, err := fh.Open()
	if err != nil {
		return petra.Fail(err)
	}
	defer f.Close()

	// The name's extension follows the type found in the bytes, so the file
	// is stored under a name of its own first, then moved.
	dir := avatarDir(u.UUID)
	upload := avatarName(dir, uploadPrefix, time.Now(), rand.Text(), "")
	ctx := r.Context()
	types := make([]string, 0, len(avatarExtensions))
	for t := range avatarExtensions {
		types = append(types, t)
	}
	ct, err := storage.Upload(ctx, v.avatars, upload, f, storage.Rules{MaxSize: MaxAvatarSize, Types: types})
	switch {
	case errors.Is(err, storage.ErrUnsupportedType):
		return petra.Fail(errNotAnImage)
	case err != nil:
		return petra.Fail(err)
	}
	name := avatarName(dir, "", time.Now(), rand.Text(), avatarExtensions[ct])
	if err := v.avatars.Move(ctx, upload, name); err != nil {
		v.discard(r, upload)
		return petra.Fail(err)
	}
	url, err := v.avatars.URL(name)
	if err != nil {
		v.discard(r, name)
		return petra.Fail(err)
	}
	if err := v.link(r, u.UUID, name, url); err != nil {
		return petra.Fail(err)
	}
	v.sweep(r, u.UUID)
	u.AvatarURL = &url
	return petra.Response(u)
}

// link records url, the file name's, as the avatar of the account with uuid.
// When it cannot, the file is deleted unless the account may link to it, and
// the error is returned; the files the attempt discarded are swept.
func (v *UserViewSet) link(r *petra.Request, uuid, name, url string) error {
	err := v.links().SetAvatar(r.Context(), uuid, url)
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrNotFound) { // deleted meanwhile, rolled back
		v.discard(r, name)
		return petra.NotFound("User not found")
	}
	// The write may have been committed all the same: settle it, on a
	// context of its own, since the client may have gone.
	settleCtx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), avatarCleanupTimeout)
	defer cancel()
	linked, serr := v.links().SettleAvatar(settleCtx, uuid, url)
	switch {
	case serr == nil && linked: // committed; only its answer was lost
		return nil
	case errors.Is(serr, ErrNotFound): // the account is gone: nothing links to it
		v.discard(r, name)
		return petra.NotFound("User not found")
	case serr != nil:
		r.Logger().WarnContext(r.Context(), "user: avatar kept, whether the account links to it is unknown; the avatar sweep will settle it",
			slog.String("user", uuid), slog.String("file", name), slog.Any("error", serr))
		return err
	}
	v.sweep(r, uuid) // ours is discarded now, and what a committed write replaced
	return err
}

// links is where avatars are recorded: the store, unless a test put another.
func (v *UserViewSet) links() avatarLinks {
	if v.avatarLinks != nil {
		return v.avatarLinks
	}
	return v.users
}

// sweep deletes the files of the account's discarded avatars, and forgets
// each once its file is gone, on a context of its own: the request's may
// have ended with its client. What cannot be deleted is logged and stays
// recorded, for the account's next upload.
func (v *UserViewSet) sweep(r *petra.Request, uuid string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), avatarCleanupTimeout)
	defer cancel()
	if err := deleteDiscarded(ctx, v.users, v.avatars, uuid); err != nil {
		r.Logger().WarnContext(r.Context(), "user: discarded avatars not deleted; the next upload or sweep will",
			slog.String("user", uuid), slog.Any("error", err))
	}
}

// deleteDiscarded deletes the files of the discarded avatars of the account
// with uuid, forgetting each once its file is gone. It carries on past a
// file it cannot delete and returns the errors joined.
func deleteDiscarded(ctx context.Context, users *Store, disk storage.Disk, uuid string) error {
	urls, err := users.DiscardedAvatars(ctx, uuid)
	if err != nil {
		return err
	}
	var errs []error
	for _, url := range urls {
		err := disk.Delete(ctx, path.Join(avatarDir(uuid), path.Base(url)))
		if err == nil {
			err = users.ForgetAvatar(ctx, url)
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// discard deletes a file that no account links to, on a context of its own:
// the request's may have ended with its client. A file that cannot be
// deleted is logged with the app's logger.
func (v *UserViewSet) discard(r *petra.Request, name string) {
	delCtx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), avatarCleanupTimeout)
	defer cancel()
	if err := v.avatars.Delete(delCtx, name); err != nil {
		r.Logger().WarnContext(r.Context(), "user: avatar file no account links to could not be deleted",
			slog.String("file", name), slog.Any("error", err))
	}
}

// avatarRoot holds a directory of avatars per account, named by its UUID.
const avatarRoot = "public/avatars"

// uploadPrefix begins the name an upload stores its file under until its
// type is known.
const uploadPrefix = "upload-"

// avatarDir is where the avatars of the account with uuid are kept.
func avatarDir(uuid string) string { return path.Join(avatarRoot, uuid) }

// dropAvatars removes the avatars of a deleted account, when avatars are on,
// on a context of its own, as the account is gone even if its client went.
// What cannot be removed stays on the disk, and is logged.
func (v *UserViewSet) dropAvatars(r *petra.Request, uuid string) {
	if v.avatars == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), avatarCleanupTimeout)
	defer cancel()
	if err := v.avatars.DeleteDirectory(ctx, avatarDir(uuid)); err != nil {
		r.Logger().WarnContext(r.Context(), "user: avatars of a deleted account not deleted",
			slog.String("dir", avatarDir(uuid)), slog.Any("error", err))
	}
}
