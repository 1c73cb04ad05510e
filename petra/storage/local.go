package storage

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strings"
	"time"
)

// tmpPrefix starts the name of a file that Put is still writing; listings
// skip such files.
const tmpPrefix = ".petra-upload-"

// Local is a disk in a directory of the local file system. Every operation
// goes through an [os.Root], so no name, not even one reached through a
// symbolic link, leads out of the directory: such a name is [ErrInvalidPath].
// Local is safe for concurrent use.
type Local struct {
	name    string // the disk's name, part of what a temporary URL signs
	root    *os.Root
	baseURL string
	signer  *Signer
	tempURL string
}

// LocalOptions configure a [Local] disk. The zero value is a private disk
// without URLs.
type LocalOptions struct {
	// Name is the disk's name (default "local"); temporary URLs are signed
	// for one disk and do not open another.
	Name string
	// URL is the public base URL of the directory, where the app or a web
	// server serves it ([Local.PublicHandler]); empty makes URL return [ErrNoURL].
	URL string
	// TemporaryURL is the base URL where [Local.SignedHandler] is mounted,
	// such as "https://api.example.com/storage/temp"; empty makes
	// TemporaryURL return [ErrNoURL].
	TemporaryURL string
	// Signer signs and checks temporary URLs; nil makes TemporaryURL
	// return [ErrNoURL].
	Signer *Signer
}

// NewLocal opens the directory dir as a disk, creating it if needed. Close
// releases it.
func NewLocal(dir string, opts LocalOptions) (*Local, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	if opts.Name == "" {
		opts.Name = "local"
	}
	return &Local{name: opts.Name, root: root, signer: opts.Signer,
		baseURL: strings.TrimSuffix(opts.URL, "/"), tempURL: strings.TrimSuffix(opts.TemporaryURL, "/")}, nil
}

// Close releases the directory.
func (l *Local) Close() error { return l.root.Close() }

// fail maps a file system error on name to the disk's errors.
func fail(name string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s", ErrNotFound, name)
	case strings.Contains(err.Error(), "path escapes from parent"):
		// os.Root's refusal of a name or symbolic link that leads out of
		// the root; the standard library exports no value to match.
		return fmt.Errorf("%w: %s leads out of the disk", ErrInvalidPath, name)
	}
	return fmt.Errorf("storage: %w", err)
}

// Put writes r to a hidden file beside name and renames it into place when
// r is exhausted, so a failed or cancelled Put leaves nothing behind and a
// reader never sees half a file.
func (l *Local) Put(ctx context.Context, name string, r io.Reader) error {
	name, err := cleanName(name)
	if err != nil {
		return err
	}
	if dir := path.Dir(name); dir != "." {
		if err := l.root.MkdirAll(dir, 0o755); err != nil {
			return fail(name, err)
		}
	}
	tmp := path.Join(path.Dir(name), tmpPrefix+rand.Text())
	f, err := l.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fail(name, err)
	}
	_, err = io.Copy(f, ctxReader{ctx, r})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = fail(name, l.root.Rename(tmp, name))
	}
	if err != nil {
		_ = l.root.Remove(tmp)
		return err
	}
	return nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// open opens a regular file of the disk.
func (l *Local) open(name string) (*os.File, os.FileInfo, error) {
	name, err := cleanName(name)
	if err != nil {
		return nil, nil, err
	}
	f, err := l.root.Open(name)
	if err != nil {
		return nil, nil, fail(name, err)
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		_ = f.Close()
		if err == nil {
			err = fmt.Errorf("%w: %s is a directory", ErrNotFound, name)
		}
		return nil, nil, fail(name, err)
	}
	return f, info, nil
}

// Get opens the file; it is an *os.File, so it also seeks.
func (l *Local) Get(_ context.Context, name string) (io.ReadCloser, error) {
	f, _, err := l.open(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// stat returns the information of a regular file.
func (l *Local) stat(name string) (os.FileInfo, error) {
	name, err := cleanName(name)
	if err != nil {
		return nil, err
	}
	info, err := l.root.Stat(name)
	if err != nil {
		return nil, fail(name, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a file", ErrNotFound, name)
	}
	return info, nil
}

// Exists reports whether a regular file is stored under name.
func (l *Local) Exists(_ context.Context, name string) (bool, error) {
	_, err := l.stat(name)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Size returns the file's length in bytes.
func (l *Local) Size(_ context.Context, name string) (int64, error) {
	info, err := l.stat(name)
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// Delete removes the file; a missing one is not an error.
func (l *Local) Delete(_ context.Context, name string) error {
	if _, err := l.stat(name); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		return err
	}
	name, _ = cleanName(name)
	return fail(name, l.root.Remove(name))
}

// Copy streams the file from into to.
func (l *Local) Copy(ctx context.Context, from, to string) error {
	src, _, err := l.open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	return l.Put(ctx, to, src)
}

// Move renames the file from to to, within the disk.
func (l *Local) Move(_ context.Context, from, to string) error {
	if _, err := l.stat(from); err != nil {
		return err
	}
	from, _ = cleanName(from)
	to, err := cleanName(to)
	if err != nil {
		return err
	}
	if dir := path.Dir(to); dir != "." {
		if err := l.root.MkdirAll(dir, 0o755); err != nil {
			return fail(to, err)
		}
	}
	return fail(to, l.root.Rename(from, to))
}

// URL joins the public base URL and the escaped name.
func (l *Local) URL(name string) (string, error) {
	name, err := cleanName(name)
	if err != nil {
		return "", err
	}
	if l.baseURL == "" {
		return "", ErrNoURL
	}
	return l.baseURL + "/" + escapePath(name), nil
}

// escapePath escapes each element of a slash-separated name for a URL path.
func escapePath(name string) string {
	return (&url.URL{Path: name}).EscapedPath()
}

// TemporaryURL returns a link to [Local.SignedHandler] that carries the
// expiry and an HMAC-SHA256 signature of the disk, name and expiry. The
// file must exist when the link is made.
func (l *Local) TemporaryURL(_ context.Context, name string, ttl time.Duration) (string, error) {
	if err := checkTTL(ttl); err != nil {
		return "", err
	}
	if _, err := l.stat(name); err != nil {
		return "", err
	}
	name, _ = cleanName(name)
	if l.signer == nil || l.tempURL == "" {
		return "", ErrNoURL
	}
	q := l.signer.sign(l.name, name, l.signer.now().Add(ttl))
	return l.tempURL + "/" + escapePath(name) + "?" + q.Encode(), nil
}

// list returns the names of the entries of dir that keep says to keep.
func (l *Local) list(dir string, keep func(fs.DirEntry) bool) ([]string, error) {
	dir, err := cleanDir(dir)
	if err != nil {
		return nil, err
	}
	open := dir
	if open == "" {
		open = "."
	}
	entries, err := fs.ReadDir(l.root.FS(), open)
	if err != nil {
		return nil, fail(dir, err)
	}
	names := []string{}
	for _, e := range entries {
		if keep(e) && !strings.HasPrefix(e.Name(), tmpPrefix) {
			names = append(names, path.Join(dir, e.Name()))
		}
	}
	return names, nil
}

// Files lists the regular files directly in dir; symbolic links are left out.
func (l *Local) Files(_ context.Context, dir string) ([]string, error) {
	return l.list(dir, func(e fs.DirEntry) bool { return e.Type().IsRegular() })
}

// Directories lists the directories directly in dir.
func (l *Local) Directories(_ context.Context, dir string) ([]string, error) {
	return l.list(dir, fs.DirEntry.IsDir)
}

// MakeDirectory creates dir and its parents.
func (l *Local) MakeDirectory(_ context.Context, dir string) error {
	dir, err := cleanName(dir)
	if err != nil {
		return err
	}
	return fail(dir, l.root.MkdirAll(dir, 0o755))
}

// DeleteDirectory removes dir and what it holds; a missing one is not an error.
func (l *Local) DeleteDirectory(_ context.Context, dir string) error {
	dir, err := cleanName(dir)
	if err != nil {
		return err
	}
	info, err := l.root.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fail(dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%w: %s is not a directory", ErrInvalidPath, dir)
	}
	return fail(dir, l.root.RemoveAll(dir))
}
