package storage_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/storage"
)

// clock is a test clock that starts now and moves only when told, with the
// HTTP client that reaches the disk's server.
type clock struct {
	offset atomic.Int64
	client *http.Client
}

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }
func newSigner(t *testing.T, c *clock) *storage.Signer {
	t.Helper()
	s, err := storage.NewSigner([]byte("0123456789abcdef0123456789abcdef"), c.Now)
	require.NoError(t, err)
	return s
}

// newLocal is a local disk in a temporary directory whose signed handler is
// served on loopback; it returns the disk, its directory and the clock of
// its signer.
func newLocal(t *testing.T) (*storage.Local, string, *clock) {
	t.Helper()
	dir := t.TempDir()
	c := &clock{client: http.DefaultClient}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	disk, err := storage.NewLocal(dir, storage.LocalOptions{
		URL: "https://cdn.example.com/files", TemporaryURL: srv.URL + "/storage/temp", Signer: newSigner(t, c),
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = disk.Close() })
	mux.Handle("/storage/temp/", http.StripPrefix("/storage/temp", disk.SignedHandler()))
	return disk, dir, c
}

// newS3 is an S3 disk on gofakes3 served on loopback. gofakes3 does not
// check signatures, so a small layer in front of it refuses a presigned
// request past its X-Amz-Date + X-Amz-Expires, as S3 does; c is its clock.
func newS3(t *testing.T) (*storage.S3, *clock) {
	t.Helper()
	backend := s3mem.New()
	require.NoError(t, backend.CreateBucket("petra"))
	fake := gofakes3.New(backend, gofakes3.WithTimeSkewLimit(0))
	c := &clock{}
	// TLS, because over plain HTTP the SDK signs uploads in aws-chunked
	// streaming form, which S3 decodes and gofakes3 does not.
	srv := httptest.NewTLSServer(expiring(fake.Server(), c))
	t.Cleanup(srv.Close)
	c.client = srv.Client()
	disk, err := storage.NewS3(storage.S3Options{
		Endpoint: srv.URL, Bucket: "petra", AccessKey: "key", SecretKey: "secret", PathStyle: true,
		Transport: srv.Client().Transport,
	})
	require.NoError(t, err)
	return disk, c
}

func expiring(h http.Handler, c *clock) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("X-Amz-Signature") != "" {
			date, err1 := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
			secs, err2 := strconv.Atoi(q.Get("X-Amz-Expires"))
			if err1 != nil || err2 != nil || c.Now().After(date.Add(time.Duration(secs)*time.Second)) {
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`))
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// eachDisk runs f on a local disk and on an S3 disk.
func eachDisk(t *testing.T, f func(t *testing.T, disk storage.Disk, c *clock)) {
	t.Run("local", func(t *testing.T) {
		disk, _, c := newLocal(t)
		f(t, disk, c)
	})
	t.Run("s3", func(t *testing.T) {
		disk, c := newS3(t)
		f(t, disk, c)
	})
}

var ctx = context.Background()
