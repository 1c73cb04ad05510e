package storage

import (
	"errors"
	"net/url"
	"testing"
	"time"
)

// FuzzVerify: no query opens a file but the one signed for it, and every
// refusal is one of the two link errors.
func FuzzVerify(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	s, err := NewSigner([]byte("0123456789abcdef0123456789abcdef"), func() time.Time { return now })
	if err != nil {
		f.Fatal(err)
	}
	good := s.sign("local", "a.txt", now.Add(time.Minute))
	f.Add("a.txt", good.Encode())
	f.Add("b.txt", good.Encode())
	f.Add("a.txt", "expires=1800000060&signature=")
	f.Add("a.txt", "expires=-1&signature=%00")
	f.Add("a.txt", "expires=99999999999999999999&signature=AAAA")
	f.Fuzz(func(t *testing.T, name, rawQuery string) {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return
		}
		err = s.verify("local", name, q)
		if err == nil {
			if name != "a.txt" || q.Get("signature") != good.Get("signature") {
				t.Fatalf("%q with %q was accepted", name, rawQuery)
			}
			return
		}
		if !errors.Is(err, ErrLinkInvalid) && !errors.Is(err, ErrLinkExpired) {
			t.Fatalf("unexpected error %v", err)
		}
	})
}
