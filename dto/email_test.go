package dto

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// FuzzEmail checks isEmail against go-playground/validator's own email rule:
// the fast answers must be the validator's.
func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"", "nope", "@", "a@b", "a@b.c", "a@b.co", "ada@example.com", "ada.lovelace@mail.example.org",
		"a.@b.com", ".a@b.com", "a..b@c.com", "a@b..com", "a@.b.com", "a@b.com.", "a@b.c0m", "a@b.c-m",
		"a@-b.com", "a@b-.com", "a@b-c.com", "a@1.com", "a@b.1", "a+tag@b.com", "o'neil@b.com", "a@b@c.com",
		"\"a b\"@c.com", "a@[127.0.0.1]", "Ada <ada@example.com>", " a@b.com", "a@b.com ", "a@b.com (x)",
		"ñ@b.com", "a@ñ.com", "a@b.ñ", "a\x00@b.com", "a@b.c~m", "a@b~c.com", "A@B.COM", "a@b.c.d.e.f",
		"!#$%&'*+-/=?^_`{|}~@x.io", "a@b.com\n", "\xff@b.com", "a@b.co\xff", "(c)a@b.com", "a@b.c_m",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := stockRules.Var(s, "email") == nil
		assert.Equal(t, want, isEmail(s), "%q", s)
	})
}

func TestEmailRuleIsDtosEmail(t *testing.T) {
	type form struct {
		Email string `validate:"email"`
	}
	assert.NoError(t, validate.Struct(&form{Email: "ada@example.com"}))
	assert.Error(t, validate.Struct(&form{Email: "nope"}))
	assert.Error(t, validate.Struct(&form{Email: "a..b@example.com"}))
	assert.NoError(t, validate.Struct(&form{Email: "\"a b\"@example.com"}))
}
