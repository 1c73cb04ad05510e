package storage

import (
	"context"
	"io"
	"time"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

// Disk is a place to keep files: a directory ([Local]) or a bucket ([S3]).
// Names are slash-separated paths relative to the disk's root, such as
// "avatars/ann.png"; a name that is empty, absolute, contains a ".."
// element, a backslash or a NUL byte is refused with [ErrInvalidPath].
// Implementations are safe for concurrent use.
type Disk interface {
	// Put stores r under name, replacing any file there and creating its
	// directories. It streams: r is read once, in pieces. When r fails, or
	// ctx ends, nothing is stored and any file already at name is kept.
	Put(ctx context.Context, name string, r io.Reader) error
	// Get opens the file for reading; the caller closes it. A missing file
	// is [ErrNotFound].
	Get(ctx context.Context, name string) (io.ReadCloser, error)
	// Exists reports whether a file (not a directory) is stored under name.
	Exists(ctx context.Context, name string) (bool, error)
	// Size returns the file's length in bytes, or [ErrNotFound].
	Size(ctx context.Context, name string) (int64, error)
	// Delete removes the file. Deleting a missing file is not an error.
	Delete(ctx context.Context, name string) error
	// Copy copies the file from to the name to, replacing what is there.
	Copy(ctx context.Context, from, to string) error
	// Move renames the file from to the name to, replacing what is there.
	Move(ctx context.Context, from, to string) error
	// URL returns the public URL of the file, or [ErrNoURL] when the disk
	// has no public base URL.
	URL(name string) (string, error)
	// TemporaryURL returns a URL that serves the file to anyone who holds
	// it until ttl has passed: presigned on S3, HMAC-signed on a local disk.
	TemporaryURL(ctx context.Context, name string, ttl time.Duration) (string, error)
	// Files lists the names of the files directly in dir ("" is the root).
	Files(ctx context.Context, dir string) ([]string, error)
	// Directories lists the names of the directories directly in dir.
	Directories(ctx context.Context, dir string) ([]string, error)
	// MakeDirectory creates dir and its parents; an existing one is fine.
	MakeDirectory(ctx context.Context, dir string) error
	// DeleteDirectory removes dir and everything in it. The root cannot be
	// deleted ([ErrInvalidPath]).
	DeleteDirectory(ctx context.Context, dir string) error
}

// Errors a disk returns. Each is a [*petra.Error], so a view that returns
// one through petra.Fail answers its status in petra's envelope; match
// them with errors.Is.
var (
	ErrInvalidPath     = petra.NewError(status.HTTP_400_BAD_REQUEST, "The file name is not valid")
	ErrNotFound        = petra.NewError(status.HTTP_404_NOT_FOUND, "The file was not found")
	ErrTooLarge        = petra.NewError(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "The file is too large")
	ErrUnsupportedType = petra.NewError(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "The file type is not allowed")
	ErrLinkInvalid     = petra.NewError(status.HTTP_403_FORBIDDEN, "The link is not valid")
	ErrLinkExpired     = petra.NewError(status.HTTP_410_GONE, "The link has expired")
	ErrNoURL           = petra.NewError(status.HTTP_404_NOT_FOUND, "The disk has no public URL")
)

// maxTTL is the longest life of a temporary URL, the limit S3 sets (7 days).
const maxTTL = 7 * 24 * time.Hour

// checkTTL refuses a temporary URL life that is not positive or over 7 days.
func checkTTL(ttl time.Duration) error {
	if ttl <= 0 || ttl > maxTTL {
		return petra.NewError(status.HTTP_400_BAD_REQUEST, "A temporary URL lives between 1 second and 7 days")
	}
	return nil
}
