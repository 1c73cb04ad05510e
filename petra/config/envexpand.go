package config

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// envLine matches the start of an assignment in a .env file: an optional
// "export", the key, and "=" or ":".
var envLine = regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]\s*(.*)$`)

// envRef matches what godotenv expands in an unquoted or double-quoted
// value (the same pattern): $NAME or ${NAME}, unless escaped as \$.
var envRef = regexp.MustCompile(`(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?`)

// checkReferences reports each value of a .env file that refers to a
// variable ($NAME or ${NAME}) not set earlier in the same file. godotenv
// expands such a reference to "", which silently cuts a secret short
// (JWT_SECRET=abc$DEF becomes "abc"); petra makes it an error naming the
// key and the variable, never quoting the value. Single-quoted values are
// literal and never expanded; \$ writes a literal dollar sign.
func checkReferences(path string, data []byte) error {
	defined := map[string]bool{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		m := envLine.FindSubmatch(line)
		if m == nil {
			continue
		}
		key, value := string(m[1]), string(m[2])
		if !strings.HasPrefix(value, "'") {
			if !strings.HasPrefix(value, `"`) {
				value, _, _ = strings.Cut(value, " #") // an unquoted value's comment
			}
			for _, ref := range envRef.FindAllStringSubmatch(value, -1) {
				name := ref[4]
				if ref[1] == `\` || ref[3] == "(" || name == "" || defined[name] {
					continue
				}
				return fmt.Errorf("config: env file %q: line %d: %s refers to $%s, which the file does not set before it; "+
					"write \\$ for a literal dollar sign or single-quote the value", path, i+1, key, name)
			}
		}
		defined[key] = true
	}
	return nil
}
