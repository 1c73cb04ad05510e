package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/go-petra/petra/petra/config"
)

// partSize is the piece an upload of unknown length is sent in: the most
// memory one Put holds at a time (S3 needs at least 5 MiB per part).
const partSize = 16 << 20

// S3Options configure an [S3] disk.
type S3Options struct {
	// Endpoint is the URL of the S3 API, such as "https://s3.eu-west-1.amazonaws.com"
	// or "http://127.0.0.1:9000" for MinIO (STORAGE_S3_ENDPOINT).
	Endpoint string
	// Region is the bucket's region (STORAGE_S3_REGION, default "us-east-1").
	Region string
	// Bucket holds the disk's files (STORAGE_S3_BUCKET).
	Bucket string
	// AccessKey and SecretKey are the credentials (STORAGE_S3_ACCESS_KEY,
	// STORAGE_S3_SECRET_KEY); the secret never prints.
	AccessKey string
	SecretKey config.Secret
	// PathStyle addresses the bucket as endpoint/bucket instead of
	// bucket.endpoint, as MinIO and most S3-compatible servers need
	// (STORAGE_S3_PATH_STYLE).
	PathStyle bool
	// URL is the public base URL of the bucket's files, such as a CDN
	// (STORAGE_S3_URL); empty means endpoint/bucket.
	URL string
	// Transport carries the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
}

// S3 is a disk in a bucket of any S3-compatible service, through
// github.com/minio/minio-go. Directories are key prefixes, as in S3 itself.
// S3 is safe for concurrent use.
type S3 struct {
	c       *minio.Client
	bucket  string
	baseURL string
}

// NewS3 returns a disk for the bucket opts names. It does not contact the
// service; the first operation does.
func NewS3(opts S3Options) (*S3, error) {
	u, err := url.Parse(opts.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("storage: s3 endpoint %q is not an http(s) URL", opts.Endpoint)
	}
	if opts.Bucket == "" {
		return nil, errors.New("storage: s3 needs a bucket")
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	lookup := minio.BucketLookupDNS
	if opts.PathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(u.Host, &minio.Options{
		Creds:     credentials.NewStaticV4(opts.AccessKey, string(opts.SecretKey), ""),
		Secure:    u.Scheme == "https",
		Region:    opts.Region,
		Transport: opts.Transport, BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: s3: %w", err)
	}
	base := strings.TrimSuffix(opts.URL, "/")
	if base == "" {
		base = strings.TrimSuffix(opts.Endpoint, "/") + "/" + opts.Bucket
	}
	return &S3{c: c, bucket: opts.Bucket, baseURL: base}, nil
}

// s3fail maps an S3 error on name to the disk's errors.
func s3fail(name string, err error) error {
	if err == nil {
		return nil
	}
	switch minio.ToErrorResponse(err).Code {
	case minio.NoSuchKey, "NotFound":
		return fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	return fmt.Errorf("storage: s3 %s: %w", name, err)
}

// Put uploads r in 16 MiB parts (a single request when r is shorter), with
// a Content-Type detected from its first bytes. A failed upload is aborted
// and leaves no object.
func (s *S3) Put(ctx context.Context, name string, r io.Reader) error {
	name, err := cleanName(name)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF {
		return err
	}
	_, err = s.c.PutObject(ctx, s.bucket, name, br, -1, minio.PutObjectOptions{
		ContentType: http.DetectContentType(head), PartSize: partSize,
	})
	return s3fail(name, err)
}

// Get opens the object for reading.
func (s *S3) Get(ctx context.Context, name string) (io.ReadCloser, error) {
	name, err := cleanName(name)
	if err != nil {
		return nil, err
	}
	obj, err := s.c.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3fail(name, err)
	}
	if _, err := obj.Stat(); err != nil {
		_ = obj.Close()
		return nil, s3fail(name, err)
	}
	return obj, nil
}

// stat returns the object's information.
func (s *S3) stat(ctx context.Context, name string) (minio.ObjectInfo, error) {
	name, err := cleanName(name)
	if err != nil {
		return minio.ObjectInfo{}, err
	}
	info, err := s.c.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{})
	return info, s3fail(name, err)
}

// Exists reports whether the object exists.
func (s *S3) Exists(ctx context.Context, name string) (bool, error) {
	_, err := s.stat(ctx, name)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Size returns the object's length in bytes.
func (s *S3) Size(ctx context.Context, name string) (int64, error) {
	info, err := s.stat(ctx, name)
	return info.Size, err
}

// Delete removes the object; a missing one is not an error.
func (s *S3) Delete(ctx context.Context, name string) error {
	name, err := cleanName(name)
	if err != nil {
		return err
	}
	return s3fail(name, s.c.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}))
}

// Copy copies the object on the server side (up to 5 GiB, S3's limit for
// one copy).
func (s *S3) Copy(ctx context.Context, from, to string) error {
	from, err := cleanName(from)
	if err != nil {
		return err
	}
	if to, err = cleanName(to); err != nil {
		return err
	}
	_, err = s.c.CopyObject(ctx, minio.CopyDestOptions{Bucket: s.bucket, Object: to},
		minio.CopySrcOptions{Bucket: s.bucket, Object: from})
	return s3fail(from, err)
}

// Move copies the object, then deletes the original: S3 has no rename.
func (s *S3) Move(ctx context.Context, from, to string) error {
	if err := s.Copy(ctx, from, to); err != nil {
		return err
	}
	return s.Delete(ctx, from)
}

// URL joins the public base URL and the escaped name.
func (s *S3) URL(name string) (string, error) {
	name, err := cleanName(name)
	if err != nil {
		return "", err
	}
	return s.baseURL + "/" + escapePath(name), nil
}

// TemporaryURL presigns a GET of the object (AWS Signature V4); the
// service refuses it once ttl has passed.
func (s *S3) TemporaryURL(ctx context.Context, name string, ttl time.Duration) (string, error) {
	if err := checkTTL(ttl); err != nil {
		return "", err
	}
	if _, err := s.stat(ctx, name); err != nil {
		return "", err
	}
	name, _ = cleanName(name)
	u, err := s.c.PresignedGetObject(ctx, s.bucket, name, ttl, nil)
	if err != nil {
		return "", s3fail(name, err)
	}
	return u.String(), nil
}

// list returns the keys directly under dir: files, or directories (whose
// keys end in "/", which is dropped).
func (s *S3) list(ctx context.Context, dir string, dirs bool) ([]string, error) {
	dir, err := cleanDir(dir)
	if err != nil {
		return nil, err
	}
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	names := []string{}
	for obj := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix}) {
		if obj.Err != nil {
			return nil, s3fail(dir, obj.Err)
		}
		if obj.Key == prefix {
			continue // the directory's own marker
		}
		if isDir := strings.HasSuffix(obj.Key, "/"); isDir == dirs {
			names = append(names, strings.TrimSuffix(obj.Key, "/"))
		}
	}
	return names, nil
}

// Files lists the objects directly under dir.
func (s *S3) Files(ctx context.Context, dir string) ([]string, error) { return s.list(ctx, dir, false) }

// Directories lists the prefixes directly under dir.
func (s *S3) Directories(ctx context.Context, dir string) ([]string, error) {
	return s.list(ctx, dir, true)
}

// MakeDirectory stores an empty "dir/" marker object, so that an empty
// directory is listed.
func (s *S3) MakeDirectory(ctx context.Context, dir string) error {
	dir, err := cleanName(dir)
	if err != nil {
		return err
	}
	_, err = s.c.PutObject(ctx, s.bucket, dir+"/", strings.NewReader(""), 0, minio.PutObjectOptions{})
	return s3fail(dir, err)
}

// DeleteDirectory removes every object under dir.
func (s *S3) DeleteDirectory(ctx context.Context, dir string) error {
	dir, err := cleanName(dir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	objs := s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: dir + "/", Recursive: true})
	for res := range s.c.RemoveObjects(ctx, s.bucket, objs, minio.RemoveObjectsOptions{}) {
		if res.Err != nil {
			return s3fail(res.ObjectName, res.Err)
		}
	}
	return nil
}
