package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// hashPrefix marks the format of the hashes Hasher produces: bcrypt over the hex
// SHA-256 of the password, as Django's BCryptSHA256PasswordHasher stores it.
const hashPrefix = "bcrypt_sha256$"

// Hasher hashes and checks passwords with bcrypt over the password's SHA-256, so
// that passwords of any length count in full: bcrypt alone reads at most 72
// bytes, and a 100-character password is up to 400 bytes of UTF-8. A hash reads
// "bcrypt_sha256$$2a$10$…", the format of Django's BCryptSHA256PasswordHasher,
// so hashes move between the two.
//
// The zero Hasher uses bcrypt.DefaultCost. A Hasher is a value, safe for
// concurrent use. Passwords never appear in its errors.
type Hasher struct {
	// Cost is bcrypt's cost, from bcrypt.MinCost to bcrypt.MaxCost; zero means
	// bcrypt.DefaultCost. Each step doubles the time; tests use
	// bcrypt.MinCost.
	Cost int
}

// HashPassword hashes password with the zero [Hasher].
func HashPassword(password string) (string, error) { return Hasher{}.Hash(password) }

// CheckPassword reports whether password matches hash, with the zero [Hasher];
// see [Hasher.Check], which also explains CheckPassword("", password).
func CheckPassword(hash, password string) bool { return Hasher{}.Check(hash, password) }

// Hash returns the hash of password to store. Its only error is a Cost out of
// range.
func (h Hasher) Hash(password string) (string, error) {
	cost := h.cost()
	if cost < bcrypt.MinCost || cost > bcrypt.MaxCost {
		return "", fmt.Errorf("auth: bcrypt cost %d is out of range [%d, %d]", cost, bcrypt.MinCost, bcrypt.MaxCost)
	}
	b, err := bcrypt.GenerateFromPassword(prehash(password), cost)
	if err != nil {
		return "", fmt.Errorf("auth: hashing a password: %w", err)
	}
	return hashPrefix + string(b), nil
}

// Check reports whether password matches hash, a hash from [Hasher.Hash] of any
// cost. The comparison is bcrypt's, in constant time.
//
// A hash that is empty or of an unknown format never matches, and Check still
// spends one bcrypt comparison at h's cost on it, so that a login for an unknown
// account, checked as Check("", password), takes as long as a wrong password
// and does not reveal which accounts exist.
func (h Hasher) Check(hash, password string) bool {
	digest := prehash(password)
	stored, ok := strings.CutPrefix(hash, hashPrefix)
	if _, err := bcrypt.Cost([]byte(stored)); !ok || err != nil {
		h.dummyCompare(digest)
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(stored), digest) == nil
}

// NeedsRehash reports whether hash should be replaced by a new [Hasher.Hash] of
// the password, once the user has logged in with it: when its format is not
// h's or its cost differs from h's, as Django's must_update does.
func (h Hasher) NeedsRehash(hash string) bool {
	stored, ok := strings.CutPrefix(hash, hashPrefix)
	if !ok {
		return true
	}
	cost, err := bcrypt.Cost([]byte(stored))
	return err != nil || cost != h.cost()
}

func (h Hasher) cost() int {
	if h.Cost == 0 {
		return bcrypt.DefaultCost
	}
	return h.Cost
}

// prehash returns the hex SHA-256 of password: 64 bytes, under bcrypt's limit
// of 72, with no NUL byte, whatever the password's length.
func prehash(password string) []byte {
	sum := sha256.Sum256([]byte(password))
	digest := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(digest, sum[:])
	return digest
}

// dummyHashes caches, by cost, the hash that Check compares against when there
// is no real one.
var dummyHashes sync.Map // int → []byte

// dummyCompare spends the time of one bcrypt comparison at h's cost. The first
// call per cost generates the dummy hash instead, which takes as long.
func (h Hasher) dummyCompare(digest []byte) {
	cost := h.cost()
	if v, ok := dummyHashes.Load(cost); ok {
		_ = bcrypt.CompareHashAndPassword(v.([]byte), digest)
		return
	}
	if cost < bcrypt.MinCost || cost > bcrypt.MaxCost {
		return // Hash fails with this cost, so no hash of it exists
	}
	b, err := bcrypt.GenerateFromPassword(prehash("petra: no such password"), cost)
	if err != nil {
		return
	}
	dummyHashes.LoadOrStore(cost, b)
}
