package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/storage"
)

var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

func TestUploadRules(t *testing.T) {
	images := storage.Rules{MaxSize: 1024, Types: []string{"image/png", "image/jpeg", "image/webp"}}
	eachDisk(t, func(t *testing.T, disk storage.Disk, _ *clock) {
		for _, tt := range []struct {
			name string
			body []byte
			want error
			ct   string
		}{
			{"png", pngHeader, nil, "image/png"},
			{"jpeg", append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 100)...), nil, "image/jpeg"},
			{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), nil, "image/webp"},
			{"html named png", []byte("<html><script>alert(1)</script></html>"), storage.ErrUnsupportedType, ""},
			{"empty", nil, storage.ErrUnsupportedType, ""},
			{"too large png", append(append([]byte{}, pngHeader...), make([]byte, 2000)...), storage.ErrTooLarge, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				ct, err := storage.Upload(ctx, disk, "avatars/x.png", bytes.NewReader(tt.body), images)
				if tt.want != nil {
					assert.ErrorIs(t, err, tt.want)
					ok, err := disk.Exists(ctx, "avatars/x.png")
					require.NoError(t, err)
					assert.False(t, ok, "a refused upload stores nothing")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, tt.ct, ct)
				assert.Equal(t, string(tt.body), read(t, disk, "avatars/x.png"))
				require.NoError(t, disk.Delete(ctx, "avatars/x.png"))
			})
		}
	})
}

// pattern is an endless, allocation-free stream of n bytes.
type pattern struct{ left, pos int64 }

func (p *pattern) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	for i := range b {
		b[i] = byte((p.pos + int64(i)) * 2654435761 >> 13)
	}
	p.pos += int64(len(b))
	p.left -= int64(len(b))
	return len(b), nil
}

// streamSize is 256 MiB, or STORAGE_STREAM_BYTES (2147483648 for the 2 GiB proof).
func streamSize(t *testing.T) int64 {
	if v := os.Getenv("STORAGE_STREAM_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		require.NoError(t, err)
		return n
	}
	return 256 << 20
}

// peakHeap samples HeapInuse until stop is called and returns the growth
// over the start.
func peakHeap() (stop func() uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				if m.HeapInuse > base && m.HeapInuse-base > peak.Load() {
					peak.Store(m.HeapInuse - base)
				}
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

func TestLargeStreamHasFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 256 MiB through the disk")
	}
	disk, _, _ := newLocal(t)
	size := streamSize(t)
	stop := peakHeap()

	in := sha256.New()
	require.NoError(t, disk.Put(ctx, "big/blob.bin", io.TeeReader(&pattern{left: size}, in)))
	got, err := disk.Size(ctx, "big/blob.bin")
	require.NoError(t, err)
	assert.Equal(t, size, got)

	rc, err := disk.Get(ctx, "big/blob.bin")
	require.NoError(t, err)
	out := sha256.New()
	n, err := io.Copy(out, rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, size, n)
	assert.Equal(t, in.Sum(nil), out.Sum(nil))

	growth := stop()
	t.Logf("%d MiB streamed in and out; peak heap growth %d KiB", size>>20, growth>>10)
	assert.Less(t, growth, uint64(16<<20), "the stream must not be buffered")
}

func TestS3MultipartStream(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 40 MiB through the S3 disk")
	}
	disk, _ := newS3(t)
	const size = 40 << 20 // three 16 MiB parts
	in := sha256.New()
	require.NoError(t, disk.Put(ctx, "big.bin", io.TeeReader(&pattern{left: size}, in)))
	got, err := disk.Size(ctx, "big.bin")
	require.NoError(t, err)
	assert.EqualValues(t, size, got)
	rc, err := disk.Get(ctx, "big.bin")
	require.NoError(t, err)
	defer rc.Close()
	out := sha256.New()
	_, err = io.Copy(out, rc)
	require.NoError(t, err)
	assert.Equal(t, in.Sum(nil), out.Sum(nil))
}

func TestUploadLimitStopsTheStream(t *testing.T) {
	disk, _, _ := newLocal(t)
	src := &pattern{left: 1 << 30}
	_, err := storage.Upload(ctx, disk, "huge.bin", src, storage.Rules{MaxSize: 1 << 20})
	require.ErrorIs(t, err, storage.ErrTooLarge)
	assert.Less(t, src.pos, int64(2<<20), "reading stops soon after the limit")
	files, err := disk.Files(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, files)
}

// TestFailedUploadLeavesNoFile checks the local disk's directory itself,
// hidden files included, after uploads that fail midway: not even Put's
// temporary file stays.
func TestFailedUploadLeavesNoFile(t *testing.T) {
	big := append(append([]byte{}, pngHeader...), make([]byte, 4096)...)
	for _, tt := range []struct {
		name string
		body func(cancel context.CancelFunc) io.Reader
		want error
	}{
		{"too large", func(context.CancelFunc) io.Reader { return bytes.NewReader(big) }, storage.ErrTooLarge},
		{"wrong type", func(context.CancelFunc) io.Reader { return strings.NewReader("<html></html>") }, storage.ErrUnsupportedType},
		{"read error", func(context.CancelFunc) io.Reader {
			return io.MultiReader(bytes.NewReader(big[:1024]), iotest.ErrReader(errors.New("client went away")))
		}, nil},
		{"client gone", func(cancel context.CancelFunc) io.Reader {
			return io.MultiReader(bytes.NewReader(big[:1024]), cancelReader(cancel), bytes.NewReader(big[1024:2048]))
		}, context.Canceled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			disk, dir, _ := newLocal(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			_, err := storage.Upload(ctx, disk, "avatars/x.png", tt.body(cancel), storage.Rules{MaxSize: 2048, Types: []string{"image/png"}})
			require.Error(t, err)
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
			var files []string
			require.NoError(t, filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					files = append(files, p)
				}
				return err
			}))
			assert.Empty(t, files)
		})
	}
}

// cancelReader calls cancel when read and then ends, so that a
// MultiReader goes on to the next reader.
type cancelReader context.CancelFunc

func (c cancelReader) Read([]byte) (int, error) {
	c()
	return 0, io.EOF
}
