package user

import (
	"crypto/rand"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail returns the form an e-mail is stored and compared in:
// trimmed, Unicode NFC (so that "é" typed as one code point or as "e" and a
// combining accent is one address), then lower case. Every database then
// compares the stored bytes, so the three agree.
func NormalizeEmail(email string) string {
	// Lower-casing can leave a string that is not NFC (İ becomes i and a
	// combining dot), hence NFC on both sides.
	return norm.NFC.String(strings.ToLower(norm.NFC.String(strings.TrimSpace(email))))
}

// NormalizeName returns the form a name is stored in: Unicode NFC, the form
// the users list's search (db.List) normalises its term to, so that a name
// typed with "e" and a combining accent is found by "é" and the other way
// round. Its surrounding whitespace is the caller's: the forms trim it.
func NormalizeName(name string) string {
	return norm.NFC.String(name)
}

// usernameSuffixLen is the length of the random part of a generated
// username: 8 base32 characters, 40 random bits.
const usernameSuffixLen = 8

// randomSuffix returns usernameSuffixLen random lower-case base32 characters.
func randomSuffix() string {
	return strings.ToLower(rand.Text()[:usernameSuffixLen])
}

// usernameFor derives a username from an email's local part and a random
// suffix: "ann.lee@x.io" → "ann.lee-k3v9q2ab". Two addresses with one local
// part get different usernames; a collision of suffixes is retried by the
// store.
func usernameFor(email, suffix string) string {
	local, _, _ := strings.Cut(email, "@")
	return local + "-" + suffix
}
