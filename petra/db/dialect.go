package db

import (
	"fmt"
	"regexp"
	"strings"
)

// Dialect names the SQL flavour of a database. Its values double as file-name
// suffixes for dialect-specific SQL files ("get_user.postgres.sql") and as the
// per-dialect migration directory names ("migrations/postgres").
type Dialect string

// The dialects petra speaks.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql" // MySQL and MariaDB
)

// ParseDialect maps a driver or connection name, as found in a DB_CONNECTION
// setting, to its Dialect: "sqlite" or "sqlite3"; "postgres", "postgresql" or
// "pgx"; "mysql" or "mariadb". Case is ignored. Any other name is an error.
func ParseDialect(name string) (Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "sqlite", "sqlite3":
		return SQLite, nil
	case "postgres", "postgresql", "pgx":
		return Postgres, nil
	case "mysql", "mariadb":
		return MySQL, nil
	}
	return "", fmt.Errorf("db: unknown driver %q (want sqlite, postgres or mysql)", name)
}

// String returns the dialect's name.
func (d Dialect) String() string { return string(d) }

// identRE is what petra accepts as an SQL identifier: a letter or underscore,
// then letters, digits or underscores, at most 63 bytes (PostgreSQL's limit).
var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// QuoteIdent validates name as an identifier (a table or column name,
// optionally qualified as "schema.table") and returns it quoted for the
// dialect: "name" for SQLite and PostgreSQL, `name` for MySQL. Only letters,
// digits and underscores are accepted, so the result is safe to place in SQL;
// anything else is an error, which is how petra keeps user input out of
// identifiers. Values never go through QuoteIdent: they are always parameters.
func (d Dialect) QuoteIdent(name string) (string, error) {
	parts := strings.Split(name, ".")
	if len(parts) > 2 {
		return "", fmt.Errorf("db: invalid identifier %q", name)
	}
	q := `"`
	if d == MySQL {
		q = "`"
	}
	for i, p := range parts {
		if !identRE.MatchString(p) {
			return "", fmt.Errorf("db: invalid identifier %q", name)
		}
		parts[i] = q + p + q
	}
	return strings.Join(parts, "."), nil
}
