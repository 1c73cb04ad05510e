package storage

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"time"

	"github.com/go-petra/petra/petra"
)

// MinKeyLength is the shortest key [NewSigner] accepts, in bytes.
const MinKeyLength = 32

// Signer signs the temporary URLs of local disks with HMAC-SHA256 and
// checks them. It is safe for concurrent use.
type Signer struct {
	key []byte
	now func() time.Time
}

// NewSigner returns a signer with key, which must hold at least
// [MinKeyLength] bytes (STORAGE_SIGNING_KEY). now is the clock; nil means
// time.Now.
func NewSigner(key []byte, now func() time.Time) (*Signer, error) {
	if len(key) < MinKeyLength {
		return nil, fmt.Errorf("storage: a signing key needs at least %d bytes, got %d", MinKeyLength, len(key))
	}
	if now == nil {
		now = time.Now
	}
	return &Signer{key: append([]byte(nil), key...), now: now}, nil
}

// mac is the signature of one file of one disk until expires.
func (s *Signer) mac(disk, name string, expires int64) []byte {
	h := hmac.New(sha256.New, s.key)
	fmt.Fprintf(h, "%s\x00%s\x00%d", disk, name, expires)
	return h.Sum(nil)
}

// sign returns the query of a temporary URL: expires and signature.
func (s *Signer) sign(disk, name string, expires time.Time) url.Values {
	exp := expires.Unix()
	return url.Values{
		"expires":   {strconv.FormatInt(exp, 10)},
		"signature": {base64.RawURLEncoding.EncodeToString(s.mac(disk, name, exp))},
	}
}

// verify checks the query of a temporary URL for name: [ErrLinkInvalid]
// when it was not made by this signer for this file, [ErrLinkExpired] when
// it was, but its time has passed. The signature is checked first, so an
// expiry that was edited is invalid, not expired.
func (s *Signer) verify(disk, name string, q url.Values) error {
	exp, err := strconv.ParseInt(q.Get("expires"), 10, 64)
	if err != nil {
		return ErrLinkInvalid
	}
	sig, err := base64.RawURLEncoding.DecodeString(q.Get("signature"))
	if err != nil || !hmac.Equal(sig, s.mac(disk, name, exp)) {
		return ErrLinkInvalid
	}
	if s.now().Unix() >= exp {
		return ErrLinkExpired
	}
	return nil
}

// SignedHandler serves the files of the disk to holders of a link made by
// [Local.TemporaryURL], for GET and HEAD, with ranges and conditional
// requests (http.ServeContent). Mount it at the disk's TemporaryURL path
// with that prefix stripped:
//
//	mux.Handle("/storage/temp/", http.StripPrefix("/storage/temp", disk.SignedHandler()))
//
// A link that was tampered with (name, expiry or signature) is a 403, an
// expired one a 410, a missing file a 404, each in petra's error envelope.
func (l *Local) SignedHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.serve(w, r, func(name string) error {
			if l.signer == nil {
				return ErrLinkInvalid
			}
			return l.signer.verify(l.name, name, r.URL.Query())
		})
	})
}

// PublicHandler serves every file of the disk, for GET and HEAD, to
// anyone: mount it where [LocalOptions.URL] points, for a public disk only.
func (l *Local) PublicHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.serve(w, r, func(string) error { return nil })
	})
}

// serve answers one file after allow approves its cleaned name.
func (l *Local) serve(w http.ResponseWriter, r *http.Request, allow func(name string) error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		petra.WriteError(w, r, petra.ErrMethodNotAllowed)
		return
	}
	name, err := cleanName(trimSlash(r.URL.Path))
	if err == nil {
		err = allow(name)
	}
	if err != nil {
		petra.WriteError(w, r, err)
		return
	}
	f, info, err := l.open(name)
	if err != nil {
		if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrInvalidPath) {
			err = fmt.Errorf("storage: serving %s: %w", name, err)
		}
		petra.WriteError(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		h.Set("Content-Type", ct)
	}
	// Stored files are user content: never let a browser run them as a
	// page of this origin, nor guess a more dangerous type.
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'")
	http.ServeContent(w, r, name, info.ModTime(), f)
}

// trimSlash drops the leading slash that StripPrefix leaves.
func trimSlash(p string) string {
	if len(p) > 0 && p[0] == '/' {
		return p[1:]
	}
	return p
}
