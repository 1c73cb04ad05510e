package auth_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/go-petra/petra/petra/auth"
)

// fast hashes at bcrypt's lowest cost, so that tests stay quick under -race.
var fast = auth.Hasher{Cost: bcrypt.MinCost}

func TestHasherRoundTrip(t *testing.T) {
	// 100 characters that differ only after byte 72, in ASCII and in 4-byte UTF-8.
	asciiA := strings.Repeat("a", 99) + "A"
	asciiB := strings.Repeat("a", 99) + "B"
	wideA := strings.Repeat("𝄞", 99) + "A" // 397 bytes
	wideB := strings.Repeat("𝄞", 99) + "B"
	wide400A := strings.Repeat("𝄞", 100) // 400 bytes
	wide400B := strings.Repeat("𝄞", 99) + "😀"
	require.Len(t, wide400A, 400)
	require.Len(t, wide400B, 400)
	require.Equal(t, asciiA[:72], asciiB[:72])
	require.Equal(t, wide400A[:72], wide400B[:72])

	tests := []struct {
		name, stored, given string
		match               bool
	}{
		{"same password", "S3cret!pw", "S3cret!pw", true},
		{"wrong password", "S3cret!pw", "S3cret!pW", false},
		{"prefix of the password", "S3cret!pw", "S3cret!p", false},
		{"empty password", "", "", true},
		{"empty given", "S3cret!pw", "", false},
		{"100 ASCII characters", asciiA, asciiA, true},
		{"100 ASCII characters differing at the last", asciiA, asciiB, false},
		{"multibyte, differing after byte 72", wideA, wideB, false},
		{"400 bytes", wide400A, wide400A, true},
		{"400 bytes, differing after byte 72", wide400A, wide400B, false},
		{"400 bytes, reversed", wide400B, wide400A, false},
		{"NUL bytes count", "a\x00b", "a\x00c", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash, err := fast.Hash(tt.stored)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(hash, "bcrypt_sha256$$2a$04$"), hash)
			if tt.stored != "" {
				assert.NotContains(t, hash, tt.stored)
			}
			assert.Equal(t, tt.match, fast.Check(hash, tt.given))
		})
	}
}

func TestHasherSaltsEachHash(t *testing.T) {
	a, err := fast.Hash("S3cret!pw")
	require.NoError(t, err)
	b, err := fast.Hash("S3cret!pw")
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
	assert.True(t, fast.Check(a, "S3cret!pw"))
	assert.True(t, fast.Check(b, "S3cret!pw"))
}

func TestHasherCheckWithoutAHash(t *testing.T) {
	// Plain bcrypt of the password: valid bcrypt, but not this format, so it is
	// refused rather than checked against a truncated password.
	plain, err := bcrypt.GenerateFromPassword([]byte("S3cret!pw"), bcrypt.MinCost)
	require.NoError(t, err)

	tests := []struct{ name, hash string }{
		{"empty hash (unknown account)", ""},
		{"prefix only", "bcrypt_sha256$"},
		{"prefix and garbage", "bcrypt_sha256$garbage"},
		{"plain bcrypt", string(plain)},
		{"plain text", "S3cret!pw"},
		{"other algorithm", "argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$aGFzaA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.False(t, fast.Check(tt.hash, "S3cret!pw"))
			assert.False(t, fast.Check(tt.hash, ""))
		})
	}
}

func TestHasherCost(t *testing.T) {
	tests := []struct {
		name    string
		hasher  auth.Hasher
		prefix  string
		wantErr bool
	}{
		{"min cost", auth.Hasher{Cost: bcrypt.MinCost}, "bcrypt_sha256$$2a$04$", false},
		{"cost 5", auth.Hasher{Cost: 5}, "bcrypt_sha256$$2a$05$", false},
		{"cost too high", auth.Hasher{Cost: bcrypt.MaxCost + 1}, "", true},
		{"negative cost", auth.Hasher{Cost: -1}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash, err := tt.hasher.Hash("S3cret!pw")
			if tt.wantErr {
				require.Error(t, err)
				assert.Empty(t, hash)
				assert.NotContains(t, err.Error(), "S3cret!pw")
				assert.False(t, tt.hasher.Check("", "S3cret!pw"))
				return
			}
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(hash, tt.prefix), hash)
			assert.True(t, tt.hasher.Check(hash, "S3cret!pw"))
			assert.True(t, fast.Check(hash, "S3cret!pw"), "a hash of any cost checks")
		})
	}
}

func TestHasherNeedsRehash(t *testing.T) {
	min, err := fast.Hash("S3cret!pw")
	require.NoError(t, err)
	five, err := auth.Hasher{Cost: 5}.Hash("S3cret!pw")
	require.NoError(t, err)

	tests := []struct {
		name string
		hash string
		want bool
	}{
		{"same cost", min, false},
		{"other cost", five, true},
		{"empty", "", true},
		{"other format", "S3cret!pw", true},
		{"prefix and garbage", "bcrypt_sha256$garbage", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, fast.NeedsRehash(tt.hash))
		})
	}
}

func TestDjangoHashes(t *testing.T) {
	// Made outside Go, as Django's BCryptSHA256PasswordHasher does:
	// "bcrypt_sha256$" + bcrypt.hashpw(hexlify(sha256(password)), gensalt(4)),
	// with Python's bcrypt (which writes $2b$).
	tests := []struct{ name, hash, password string }{
		{"ASCII", "bcrypt_sha256$$2b$04$UY2EzH/E2AGwrLUNNFze5.UMQYeLg2kKZrD5.YWzN1BH8qNl/O4w2", "S3cret!pw"},
		{"400 bytes", "bcrypt_sha256$$2b$04$0RpTSHitstwPoAx/nhLe0edQ3EUmiNXuzx2PsVN87ecqavCDjiT4W", strings.Repeat("𝄞", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.True(t, fast.Check(tt.hash, tt.password))
			assert.False(t, fast.Check(tt.hash, tt.password+"x"))
			assert.False(t, fast.NeedsRehash(tt.hash))
		})
	}
}

func TestPackageFuncs(t *testing.T) {
	// The package functions use bcrypt.DefaultCost: one hash, one check each way.
	hash, err := auth.HashPassword("S3cret!pw")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(hash, "bcrypt_sha256$$2a$10$"), hash)
	assert.True(t, auth.CheckPassword(hash, "S3cret!pw"))
	assert.False(t, auth.CheckPassword(hash, "wrong"))
	assert.False(t, auth.CheckPassword("", "S3cret!pw"))
}
