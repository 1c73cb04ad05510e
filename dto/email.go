package dto

import (
	"strings"

	"github.com/go-playground/validator/v10"
)

// stockRules is go-playground/validator as it comes, for the addresses
// isEmail leaves to its own email rule.
var stockRules = validator.New()

// emailRule is the email rule of dto's validators: go-playground/validator's
// answer, reached without its parsing for the addresses most forms receive.
func emailRule(fl validator.FieldLevel) bool {
	return isEmail(fl.Field().String())
}

// isEmail reports whether s passes go-playground/validator's email rule,
// which requires both net/mail to parse s and its pattern to match it. A
// plain address (ASCII, a dot-atom before the one @ and a host name of two
// labels or more after it) passes both, and text without an @ fails the
// pattern; those are answered here. Any other text (quoted local parts,
// domain literals, spaces, comments, non-ASCII, a trailing dot) goes to the
// validator's rule, whose answer stays the reference: FuzzEmail compares
// the two.
func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return false
	}
	if isPlainLocal(s[:at]) && isPlainHost(s[at+1:]) {
		return true
	}
	return stockRules.Var(s, "email") == nil
}

// isPlainLocal reports whether s is a dot-atom of ASCII atext: atoms of
// letters, digits and !#$%&'*+-/=?^_`{|}~ joined by single dots.
func isPlainLocal(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			if s[i-1] == '.' {
				return false
			}
			continue
		}
		if !isAlnum(c) && !strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", rune(c)) {
			return false
		}
	}
	return true
}

// isPlainHost reports whether s is a host name of two labels or more, each of
// ASCII letters, digits and inner hyphens, the last beginning and ending with
// a letter.
func isPlainHost(s string) bool {
	labels := 0
	for s != "" {
		label, rest, more := strings.Cut(s, ".")
		if !isPlainLabel(label) || (more && rest == "") {
			return false
		}
		labels++
		if !more {
			return labels >= 2 && isLetter(label[0]) && isLetter(label[len(label)-1])
		}
		s = rest
	}
	return false
}

func isPlainLabel(s string) bool {
	if s == "" || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if !isAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isAlnum(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }
