package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// KeyError reports one invalid setting. Msg says what is wrong with the value
// and how to fix it; it quotes the value only when the value is not secret.
// [Load] returns every KeyError it finds joined with [errors.Join], so use
// [errors.As] to reach the first one.
type KeyError struct {
	Key string // the environment variable, e.g. "DB_PORT"
	Msg string // the problem, e.g. `"abc" is not a port number (1-65535)`
}

// Error returns "config: KEY: problem".
func (e *KeyError) Error() string {
	return "config: " + e.Key + ": " + e.Msg
}

// loader reads typed values through lookup, collecting every problem and
// warning instead of stopping at the first.
type loader struct {
	lookup   func(key string) (string, bool)
	errs     []error
	warnings []string
	appKeys  []string // keys the app read through Keys
}

// known records key as one the app reads.
func (l *loader) known(key string) { l.appKeys = append(l.appKeys, key) }

// parseInt parses a decimal int.
func parseInt(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// fail records a problem with key.
func (l *loader) fail(key, format string, args ...any) {
	l.errs = append(l.errs, &KeyError{Key: key, Msg: fmt.Sprintf(format, args...)})
}

// warn records a warning.
func (l *loader) warn(format string, args ...any) {
	l.warnings = append(l.warnings, "config: "+fmt.Sprintf(format, args...))
}

// value returns the trimmed value of key; an empty value counts as unset.
func (l *loader) value(key string) (string, bool) {
	v, ok := l.lookup(key)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

// secret returns the value of key untrimmed (spaces may belong to a password);
// an empty value counts as unset.
func (l *loader) secret(key string) (Secret, bool) {
	v, ok := l.lookup(key)
	return Secret(v), ok && v != ""
}

// isSet reports whether key has a non-empty value.
func (l *loader) isSet(key string) bool {
	_, ok := l.value(key)
	return ok
}

// str returns the value of key or def.
func (l *loader) str(key, def string) string {
	if v, ok := l.value(key); ok {
		return v
	}
	return def
}

// integer returns the value of key as an int in [lo, math.MaxInt], or def.
func (l *loader) integer(key string, def, lo int) int {
	v, ok := l.value(key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		l.fail(key, "%q is not a whole number", v)
		return def
	}
	if n < lo {
		l.fail(key, "%d must be %d or more", n, lo)
		return def
	}
	return n
}

// port returns the value of key as a TCP port (1-65535), or def.
func (l *loader) port(key string, def int) int {
	v, ok := l.value(key)
	if !ok {
		return def
	}
	n, ok := parsePort(v)
	if !ok || n == 0 {
		l.fail(key, "%q is not a port number (1-65535)", v)
		return def
	}
	return n
}

// parsePort parses a decimal port number in 0-65535.
func parsePort(s string) (int, bool) {
	n, err := strconv.ParseUint(s, 10, 16)
	return int(n), err == nil
}

// boolean returns the value of key as a bool, or def. It accepts
// true/false, 1/0, t/f, yes/no, y/n and on/off in any case.
func (l *loader) boolean(key string, def bool) bool {
	v, ok := l.value(key)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "1", "t", "true", "y", "yes", "on":
		return true
	case "0", "f", "false", "n", "no", "off":
		return false
	}
	l.fail(key, "%q is not a boolean (use true or false)", v)
	return def
}

// duration returns the value of key as a Go duration (e.g. "15m", "1h30m"),
// or def. positive demands a value above zero; otherwise zero is allowed.
func (l *loader) duration(key string, def time.Duration, positive bool) time.Duration {
	v, ok := l.value(key)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		l.fail(key, "%q is not a duration (use a number with a unit, e.g. 30s, 15m or 1h30m)", v)
		return def
	}
	switch {
	case d < 0:
		l.fail(key, "%q must not be negative", v)
		return def
	case d == 0 && positive:
		l.fail(key, "%q must be more than zero", v)
		return def
	}
	return d
}

// seconds returns the value of key as a duration, read as whole seconds when
// it is a plain integer and as a Go duration otherwise; or def.
func (l *loader) seconds(key string, def time.Duration) time.Duration {
	v, ok := l.value(key)
	if !ok {
		return def
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 || n > math.MaxInt64/int64(time.Second) {
			l.fail(key, "%q is out of range (0 or more seconds)", v)
			return def
		}
		return time.Duration(n) * time.Second
	}
	return l.duration(key, def, false)
}

// size returns the value of key as a number of bytes, or def. positive
// demands a value above zero. See [parseSize] for the accepted forms.
func (l *loader) size(key string, def int64, positive bool) int64 {
	v, ok := l.value(key)
	if !ok {
		return def
	}
	n, ok := parseSize(v)
	switch {
	case !ok:
		l.fail(key, "%q is not a size in bytes (e.g. 1048576, 512KiB or 2MiB)", v)
		return def
	case n == 0 && positive:
		l.fail(key, "%q must be more than zero", v)
		return def
	}
	return n
}

// sizeUnits maps a lower-case unit to its multiplier. KB, MB and GB are
// decimal (SI); KiB, MiB, GiB and the one-letter K, M, G are binary, as in
// nginx and Docker.
var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"k": 1 << 10, "kib": 1 << 10, "kb": 1000,
	"m": 1 << 20, "mib": 1 << 20, "mb": 1000 * 1000,
	"g": 1 << 30, "gib": 1 << 30, "gb": 1000 * 1000 * 1000,
}

// parseSize parses a non-negative whole number of bytes with an optional unit
// ("4096", "512KiB", "2 MiB", "1MB").
func parseSize(s string) (int64, bool) {
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(s)
	}
	if i == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	mul, ok := sizeUnits[strings.ToLower(strings.TrimSpace(s[i:]))]
	if err != nil || !ok || n > math.MaxInt64/mul {
		return 0, false
	}
	return n * mul, true
}

// list returns the comma-separated value of key, each item trimmed and empty
// items dropped, or def.
func (l *loader) list(key string, def []string) []string {
	v, ok := l.value(key)
	if !ok {
		return append([]string(nil), def...)
	}
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	if len(out) == 0 {
		return append([]string(nil), def...)
	}
	return out
}

// isToken reports whether s is an HTTP token (RFC 9110 section 5.6.2), the
// syntax of method and header names.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !(r == '!' || r >= '#' && r <= '\'' || r == '*' || r == '+' ||
			r == '-' || r == '.' || r == '^' || r == '_' || r == '`' || r == '|' || r == '~' ||
			r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}
