package user

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"path"
	"strings"
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/storage"
)

// MaxAvatarSize is the largest avatar accepted, in bytes (2 MiB).
const MaxAvatarSize = 2 << 20

// avatarExtensions are the image types an avatar may be, judged by its
// bytes, with the extension it is stored under.
var avatarExtensions = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}

// errNotAnImage answers an avatar that is no PNG, JPEG or WebP image.
var errNotAnImage = petra.Invalid("avatar", "The avatar must be a PNG, JPEG or WebP image")

// avatarCleanupTimeout bounds each step of an upload's clean-up (reading
// back the account's link, deleting a file), which runs on a context of its
// own so that a client that has gone does not leave files behind.
const avatarCleanupTimeout = 5 * time.Second

// avatarLinks records and reads which avatar an account links to: the
// [Store], or in tests one that fails on purpose.
type avatarLinks interface {
	SetAvatar(ctx context.Context, uuid, url string) (replaced *string, err error)
	Get(ctx context.Context, uuid string) (User, error)
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
// Its object permissions decide who may (the account itself or staff). Of
// several uploads at once, the one recorded last is linked and the others are
// removed, each by the upload that replaced it. An upload that fails leaves
// no file, except one whose link cannot be known, which is kept and logged.
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
	upload := path.Join(dir, "upload-"+strings.ToLower(rand.Text()))
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
	name := path.Join(dir, strings.ToLower(rand.Text())+avatarExtensions[ct])
	if err := v.avatars.Move(ctx, upload, name); err != nil {
		v.discard(ctx, upload)
		return petra.Fail(err)
	}
	url, err := v.avatars.URL(name)
	if err != nil {
		v.discard(ctx, name)
		return petra.Fail(err)
	}
	replaced, err := v.links().SetAvatar(ctx, u.UUID, url)
	switch {
	case errors.Is(err, ErrNotFound): // deleted meanwhile
		v.discard(ctx, name)
		return petra.Fail(petra.NotFound("User not found"))
	case err != nil:
		if !v.linkedAfterFailure(ctx, u.UUID, name, url) {
			return petra.Fail(err)
		}
		// The write was committed and only its answer was lost, so the
		// avatar replaced is unknown. The one read before is not linked:
		// our URL is, and a URL once replaced is never linked again.
		replaced = u.AvatarURL
	}
	if replaced != nil { // no account links to it now
		v.discard(ctx, path.Join(dir, path.Base(*replaced)))
	}
	u.AvatarURL = &url
	return petra.Response(u)
}

// links is where avatars are recorded: the store, unless a test put another.
func (v *UserViewSet) links() avatarLinks {
	if v.avatarLinks != nil {
		return v.avatarLinks
	}
	return v.users
}

// linkedAfterFailure settles an upload whose SetAvatar failed with an error
// that may have come after the commit (a timeout, a lost connection, the
// client gone): it reads the account back on a context of its own and
// reports whether the account links to url, the file name's. The file is
// deleted when it is known not to be linked. When the read fails too, the
// link cannot be known: the file is kept, because deleting it could break a
// committed link, and logged, so that it is found rather than lost.
func (v *UserViewSet) linkedAfterFailure(ctx context.Context, uuid, name, url string) bool {
	readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), avatarCleanupTimeout)
	defer cancel()
	u, err := v.links().Get(readCtx, uuid)
	switch {
	case errors.Is(err, ErrNotFound): // deleted meanwhile: nothing links to it
	case err != nil:
		slog.WarnContext(ctx, "user: avatar kept, whether the account links to it is unknown",
			slog.String("user", uuid), slog.String("file", name), slog.Any("error", err))
		return false
	case u.AvatarURL != nil && *u.AvatarURL == url:
		return true
	}
	v.discard(ctx, name)
	return false
}

// discard deletes a file that no account links to, on a context of its own:
// the request's may have ended with its client. A file that cannot be
// deleted is logged.
func (v *UserViewSet) discard(ctx context.Context, name string) {
	delCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), avatarCleanupTimeout)
	defer cancel()
	if err := v.avatars.Delete(delCtx, name); err != nil {
		slog.WarnContext(ctx, "user: avatar file no account links to could not be deleted",
			slog.String("file", name), slog.Any("error", err))
	}
}

// avatarDir is where the avatars of the account with uuid are kept.
func avatarDir(uuid string) string { return path.Join("public", "avatars", uuid) }

// dropAvatars removes the avatars of a deleted account, when avatars are on.
// What cannot be removed stays on the disk; the account is gone all the same.
func (v *UserViewSet) dropAvatars(ctx context.Context, uuid string) {
	if v.avatars != nil {
		_ = v.avatars.DeleteDirectory(ctx, avatarDir(uuid))
	}
}
