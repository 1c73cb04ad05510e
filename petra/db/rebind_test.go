package db_test

import (
	"testing"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		name, in, postgres string
	}{
		{"none", "SELECT 1", "SELECT 1"},
		{"several", "SELECT * FROM t WHERE a = ? AND b IN (?, ?)", "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)"},
		{"single quotes", "SELECT '?', ? FROM t", "SELECT '?', $1 FROM t"},
		{"doubled quote", "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"},
		{"escape string", `SELECT E'a\'?', ?`, `SELECT E'a\'?', $1`},
		{"double quotes", `SELECT "we?ird" FROM t WHERE x = ?`, `SELECT "we?ird" FROM t WHERE x = $1`},
		{"line comment", "SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2"},
		{"block comment", "SELECT /* ? */ ?", "SELECT /* ? */ $1"},
		{"dollar quoted", "SELECT $$ ? $$, $tag$ ? $tag$, ?", "SELECT $$ ? $$, $tag$ ? $tag$, $1"},
		{"positional kept", "SELECT $1, ?", "SELECT $1, $1"},
		{"unterminated", "SELECT ?, 'oops ?", "SELECT $1, 'oops ?"},
		{"ten and more", "?,?,?,?,?,?,?,?,?,?,?", "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.postgres, db.Postgres.Rebind(tt.in))
			assert.Equal(t, tt.in, db.SQLite.Rebind(tt.in))
			assert.Equal(t, tt.in, db.MySQL.Rebind(tt.in))
		})
	}
}

func FuzzRebind(f *testing.F) {
	for _, s := range []string{"SELECT ?", "'?'", `E'\'`, "$$?", "$a$?$a$?", "/*?", "--?\n?", `"?"?`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := db.Postgres.Rebind(s) // must not panic
		if !containsByte(s, '?') {
			assert.Equal(t, s, out)
		}
	})
}

func containsByte(s string, c byte) bool {
	for i := range len(s) {
		if s[i] == c {
			return true
		}
	}
	return false
}

func TestQuoteIdent(t *testing.T) {
	tests := []struct {
		in            string
		sqlite, mysql string
		wantErr       bool
	}{
		{"users", `"users"`, "`users`", false},
		{"app.users", `"app"."users"`, "`app`.`users`", false},
		{"_x1", `"_x1"`, "`_x1`", false},
		{"users; DROP TABLE x", "", "", true},
		{`us"ers`, "", "", true},
		{"1users", "", "", true},
		{"a.b.c", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := db.SQLite.QuoteIdent(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.sqlite, got)
			got, _ = db.MySQL.QuoteIdent(tt.in)
			assert.Equal(t, tt.mysql, got)
		})
	}
}
