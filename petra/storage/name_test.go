package storage

import (
	"errors"
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCleanName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"a.txt", "a.txt"}, {"a//b.txt", "a/b.txt"}, {"./a/./b", "a/b"}, {"dir/", "dir"}, {"é/ü.png", "é/ü.png"},
	} {
		got, err := cleanName(tt.in)
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got)
	}
}

// FuzzCleanName: any accepted name is relative, clean, and stays inside the root.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"a.txt", "../x", "a/../../b", "/etc/passwd", `a\b`, "a\x00b", "", ".", "a//b/", "..", "....", "a/..b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		c, err := cleanName(name)
		if err != nil {
			if !errors.Is(err, ErrInvalidPath) {
				t.Fatalf("%q: %v is not ErrInvalidPath", name, err)
			}
			return
		}
		if c == "" || c == "." || strings.HasPrefix(c, "/") || strings.ContainsAny(c, "\\\x00") || path.Clean(c) != c {
			t.Fatalf("%q cleaned to %q", name, c)
		}
		for _, elem := range strings.Split(c, "/") {
			if elem == ".." {
				t.Fatalf("%q cleaned to %q, which climbs", name, c)
			}
		}
	})
}
