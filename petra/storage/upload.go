package storage

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// sniffLen is how many leading bytes decide a file's type.
const sniffLen = 512

// Rules limit an upload. The zero value allows any file of any size.
type Rules struct {
	// MaxSize is the largest file in bytes; 0 means no limit.
	MaxSize int64
	// Types are the media types allowed, such as "image/png", judged by
	// the file's bytes (github.com/gabriel-vasile/mimetype), never by a
	// name or a header the client chose. Empty allows every type.
	Types []string
}

// Upload streams r to name on disk after checking it against rules: the
// type from the first bytes ([ErrUnsupportedType]) before anything is
// stored, the size while it streams ([ErrTooLarge]), so a file over the
// limit is never stored whole and nothing remains of it. It returns the
// detected media type.
func Upload(ctx context.Context, disk Disk, name string, r io.Reader, rules Rules) (string, error) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	head = head[:n]
	mt := mimetype.Detect(head)
	if len(rules.Types) > 0 && !slices.ContainsFunc(rules.Types, mt.Is) {
		return "", fmt.Errorf("%w: %s", ErrUnsupportedType, mt.String())
	}
	body := io.MultiReader(bytes.NewReader(head), r)
	if rules.MaxSize > 0 {
		body = &limitReader{r: body, left: rules.MaxSize}
	}
	if err := disk.Put(ctx, name, body); err != nil {
		return "", err
	}
	ct, _, _ := strings.Cut(mt.String(), ";")
	return ct, nil
}

// limitReader fails with ErrTooLarge once more than left bytes were read.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	return n, err
}
