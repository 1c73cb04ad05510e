package user

import (
	"context"
	"crypto/rand"
	"errors"
	"path"
	"strings"

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
// removed, each by the upload that replaced it.
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
		return petra.Fail(err)
	}
	url, err := v.avatars.URL(name)
	if err != nil {
		return petra.Fail(err)
	}
	replaced, err := v.users.SetAvatar(ctx, u.UUID, url)
	switch {
	case errors.Is(err, ErrNotFound): // deleted meanwhile
		_ = v.avatars.Delete(ctx, name)
		return petra.Fail(petra.NotFound("User not found"))
	case err != nil:
		return petra.Fail(err)
	}
	if replaced != nil { // no account links to it now
		_ = v.avatars.Delete(ctx, path.Join(dir, path.Base(*replaced)))
	}
	u.AvatarURL = &url
	return petra.Response(u)
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
