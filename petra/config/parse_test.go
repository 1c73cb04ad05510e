package config

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"4096", 4096, true},
		{"10b", 10, true},
		{"1K", 1 << 10, true},
		{"1kib", 1 << 10, true},
		{"1KB", 1000, true},
		{"2MiB", 2 << 20, true},
		{"2 MiB", 2 << 20, true},
		{"2MB", 2e6, true},
		{"1G", 1 << 30, true},
		{"1GiB", 1 << 30, true},
		{"1GB", 1e9, true},
		{strconv.FormatInt(math.MaxInt64, 10), math.MaxInt64, true},
		{"", 0, false},
		{"MiB", 0, false},
		{"-1", 0, false},
		{"1.5MiB", 0, false},
		{"1TiB", 0, false},
		{"9223372036854775807K", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseSize(tt.in)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBoolean(t *testing.T) {
	for in, want := range map[string]bool{
		"1": true, "t": true, "TRUE": true, "True": true, "y": true, "Yes": true, "on": true,
		"0": false, "f": false, "FALSE": false, "n": false, "no": false, "OFF": false,
	} {
		l := &loader{lookup: MapLookup(map[string]string{"K": in})}
		assert.Equal(t, want, l.boolean("K", !want), in)
		assert.Empty(t, l.errs, in)
	}
}

func TestIsToken(t *testing.T) {
	for _, s := range []string{"GET", "X-Request-ID", "a.b_c~d", "!#$%&'*+-.^_`|~"} {
		assert.True(t, isToken(s), s)
	}
	for _, s := range []string{"", "PO ST", "X:Y", "ü", "a/b", `"q"`} {
		assert.False(t, isToken(s), s)
	}
}

// FuzzLoadFrom feeds arbitrary values to the parsers: any input loads or is
// rejected with errors, never a panic, and valid settings give a DSN.
func FuzzLoadFrom(f *testing.F) {
	for _, seed := range [][2]string{
		{"DATABASE_URL", "postgres://u:p@h:5432/db?sslmode=require"},
		{"DATABASE_URL", "mysql://u:p%40@[::1]/db?loc=UTC"},
		{"DATABASE_URL", "sqlite:///tmp/x.db?_pragma=journal_mode(DELETE)"},
		{"DATABASE_URL", "file::memory:?cache=shared"},
		{"DATABASE_URL", "postgres://%zz"},
		{"BODY_LIMIT", "2MiB"},
		{"CORS_ALLOWED_ORIGINS", "https://*.x.io,*"},
		{"REDIS_URL", "redis://:pw@h:6379/0"},
		{"PETRA_BASE_URL", "https://x.io/app/"},
		{"DB_PORT", "65535"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		s, err := LoadFrom(MapLookup(map[string]string{key: value, "DB_CONNECTION": "postgres"}))
		if err != nil {
			return
		}
		if s.Database.DSN() == "" || s.Database.Driver() == "" {
			t.Fatalf("%s=%q: valid settings without a DSN", key, value)
		}
	})
}
