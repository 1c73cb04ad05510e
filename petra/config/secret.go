package config

import (
	"fmt"
	"log/slog"
)

// redacted replaces a secret wherever settings are printed, logged or encoded.
const redacted = "[redacted]"

// Secret is a string that must not leak: a password, a signing key, or a URL
// that may carry credentials. Its Format, String, GoString, LogValue and
// MarshalText methods print "[redacted]" (or "" when the secret is empty, so
// a log still shows whether it was set), which covers every fmt verb,
// log/slog and encoding/json.
//
// Use the value itself by conversion: string(s) or []byte(s). The zero value
// is an empty, unset secret.
type Secret string

// String returns "[redacted]", or "" when s is empty.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// Format implements [fmt.Formatter] so that every verb, even a wrong one such
// as %d, prints the redacted form.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, s.GoString())
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), s.String())
}

// GoString makes %#v redact too.
func (s Secret) GoString() string {
	return `config.Secret("` + s.String() + `")`
}

// LogValue implements [slog.LogValuer]; it returns the redacted form.
func (s Secret) LogValue() slog.Value {
	return slog.StringValue(s.String())
}

// MarshalText implements [encoding.TextMarshaler] so encoders (JSON, XML, …)
// write the redacted form. It never fails.
func (s Secret) MarshalText() ([]byte, error) {
	return []byte(s.String()), nil
}
