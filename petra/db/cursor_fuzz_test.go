package db_test

import (
	"testing"

	"github.com/go-petra/petra/petra/db"
)

// FuzzCursorDecoder feeds the cursor decoder arbitrary text: it never
// panics, and whatever it accepts is stable when encoded again.
func FuzzCursorDecoder(f *testing.F) {
	key := db.DeriveKey([]byte("fuzz"), "cursor")
	for _, seed := range []string{
		"",
		".",
		"eyJvIjoibmFtZSx1dWlkIiwidiI6WyJCb2IiLCJ4Il19.AAAA",
		"eyJvIjoibmFtZSJ9",
		"%%%.%%%",
		"' OR 1=1 --",
		"e30.e30",
		db.EncodeCursor(key, "-created,-uuid", false, "2026-01-01T00:00:00Z", "0190d2a4-7c1e-7000-8000-000000000000"),
		db.EncodeCursor(key, "name,uuid", true, "Ann O'Hara", "x"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		again, ok := db.CursorRoundTrip(key, s)
		if !ok {
			return
		}
		twice, ok := db.CursorRoundTrip(key, again)
		if !ok || twice != again {
			t.Fatalf("cursor %q decoded, but its encoding %q does not round-trip", s, again)
		}
	})
}
