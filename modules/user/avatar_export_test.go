package user

// AvatarLinks records and reads an account's avatar, for tests that make it
// fail.
type AvatarLinks = avatarLinks

// WithAvatarLinks makes the view record avatars through wrap(store) instead
// of the store itself.
func WithAvatarLinks(wrap func(AvatarLinks) AvatarLinks) Option {
	return func(v *UserViewSet) { v.avatarLinks = wrap(v.users) }
}

// AvatarSweeper is the worker of the avatar sweep job.
var AvatarSweeper = avatarSweeper
