package storage

import (
	"fmt"
	"path"
	"strings"
)

// cleanName checks a file name and returns it cleaned ("a//b" is "a/b").
// It refuses what could leave the root or confuse a file system: an empty
// name, a leading slash, a ".." element, a backslash (a separator on
// Windows), a NUL byte or another control character.
func cleanName(name string) (string, error) {
	c, err := cleanDir(name)
	if err == nil && c == "" {
		err = fmt.Errorf("%w: the name is empty", ErrInvalidPath)
	}
	return c, err
}

// cleanDir is cleanName for a directory, where "" and "." mean the root.
func cleanDir(name string) (string, error) {
	if strings.HasPrefix(name, "/") || strings.ContainsRune(name, '\\') {
		return "", fmt.Errorf("%w: %q is not a relative slash-separated name", ErrInvalidPath, name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("%w: %q holds a control character", ErrInvalidPath, name)
		}
	}
	for _, elem := range strings.Split(name, "/") {
		if elem == ".." {
			return "", fmt.Errorf("%w: %q leaves its directory", ErrInvalidPath, name)
		}
	}
	c := path.Clean(name)
	if c == "." {
		return "", nil
	}
	return c, nil
}
