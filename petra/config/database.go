package config

import (
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Connection names a database server kind, the value of DB_CONNECTION.
type Connection string

// The connections petra supports.
const (
	SQLite   Connection = "sqlite"   // modernc.org/sqlite, pure Go; the default
	Postgres Connection = "postgres" // github.com/jackc/pgx/v5/stdlib
	MySQL    Connection = "mysql"    // github.com/go-sql-driver/mysql, also for MariaDB
)

// Defaults of the database settings.
const (
	DefaultSQLiteDatabase  = "petra.sqlite3"
	DefaultDatabase        = "petra" // database name for Postgres and MySQL
	DefaultDBHost          = "127.0.0.1"
	DefaultPostgresPort    = 5432
	DefaultMySQLPort       = 3306
	DefaultMaxOpenConns    = 25
	DefaultMaxIdleConns    = 25
	DefaultConnMaxLifetime = 5 * time.Minute
)

// connectionNames maps the accepted DB_CONNECTION spellings (Laravel's
// included) to a Connection.
var connectionNames = map[string]Connection{
	"sqlite": SQLite, "sqlite3": SQLite,
	"postgres": Postgres, "postgresql": Postgres, "pgsql": Postgres,
	"mysql": MySQL, "mariadb": MySQL,
}

// Database says which database to open and how to pool its connections.
// Build it with [Load]; [Database.Driver] and [Database.DSN] give the
// arguments of [database/sql.Open]. Printing or logging a Database never
// shows the password.
type Database struct {
	// Connection is DB_CONNECTION: SQLite (default), Postgres or MySQL
	// ("pgsql", "postgresql", "mariadb" and "sqlite3" are accepted too).
	Connection Connection
	// Host and Port locate a Postgres or MySQL server: DB_HOST (default
	// "127.0.0.1") and DB_PORT (default 5432 or 3306). Both are empty for SQLite.
	Host string
	Port int
	// Name is DB_DATABASE: the file path for SQLite (default "petra.sqlite3",
	// or a "file:" URI), else the database name (default "petra").
	Name string
	// Username and Password are DB_USERNAME and DB_PASSWORD; unused by SQLite.
	Username string
	Password Secret
	// Params are extra DSN query parameters given in DATABASE_URL (for
	// example sslmode=require). They never hold the password.
	Params url.Values

	// MaxOpenConns is DB_MAX_OPEN_CONNS (default 25; 0 means no limit).
	MaxOpenConns int
	// MaxIdleConns is DB_MAX_IDLE_CONNS (default 25, or MaxOpenConns if
	// lower; never above a non-zero MaxOpenConns).
	MaxIdleConns int
	// ConnMaxLifetime is DB_CONN_MAX_LIFETIME (default 5m; 0 keeps
	// connections forever).
	ConnMaxLifetime time.Duration
	// MigrateOnStart is DB_MIGRATE_ON_START: whether the server applies
	// pending migrations when it starts (default true in development, false
	// in production).
	MigrateOnStart bool
}

// Driver returns the database/sql driver name for d.Connection: "sqlite"
// (modernc.org/sqlite), "pgx" (github.com/jackc/pgx/v5/stdlib) or "mysql"
// (github.com/go-sql-driver/mysql). The caller imports the driver package.
// It returns "" for an unknown Connection.
func (d Database) Driver() string {
	switch d.Connection {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "pgx"
	case MySQL:
		return "mysql"
	}
	return ""
}

// DSN returns the data source name for [Database.Driver], with credentials
// escaped as each driver expects. It holds the password: pass it to
// sql.Open, never to a log.
//
//   - SQLite: the path followed by _pragma parameters for journal_mode(WAL),
//     busy_timeout(5000) and foreign_keys(1), unless Params already sets
//     those pragmas: "petra.sqlite3?_pragma=busy_timeout(5000)&…".
//   - Postgres: a URL, "postgres://user:pass@host:5432/db?sslmode=disable";
//     sslmode is "disable" unless Params sets it.
//   - MySQL: "user:pass@tcp(host:3306)/db?charset=utf8mb4&multiStatements=true&parseTime=true",
//     each of those three parameters unless Params sets it.
//
// It returns "" for an unknown Connection.
func (d Database) DSN() string {
	switch d.Connection {
	case SQLite:
		return d.sqliteDSN()
	case Postgres:
		return d.postgresURL(false)
	case MySQL:
		return d.mysqlDSN()
	}
	return ""
}

// sqlitePragmas are set on every SQLite connection unless Params names them.
var sqlitePragmas = []struct{ name, value string }{
	{"busy_timeout", "busy_timeout(5000)"},
	{"journal_mode", "journal_mode(WAL)"},
	{"foreign_keys", "foreign_keys(1)"},
}

func (d Database) sqliteDSN() string {
	q := cloneValues(d.Params)
	for _, p := range sqlitePragmas {
		if !hasPragma(q["_pragma"], p.name) {
			q.Add("_pragma", p.value)
		}
	}
	return d.Name + "?" + encodeQuery(q, "()")
}

// hasPragma reports whether a _pragma parameter list already sets name.
func hasPragma(pragmas []string, name string) bool {
	for _, p := range pragmas {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == name || strings.HasPrefix(p, name+"(") || strings.HasPrefix(p, name+"=") || strings.HasPrefix(p, name+" ") {
			return true
		}
	}
	return false
}

// postgresURL returns the pgx URL; redact hides the password.
func (d Database) postgresURL(redact bool) string {
	u := url.URL{
		Scheme: "postgres",
		Host:   net.JoinHostPort(d.Host, strconv.Itoa(d.Port)),
		Path:   "/" + d.Name,
		User:   userinfo(d.Username, d.Password, redact),
	}
	q := cloneValues(d.Params)
	if !q.Has("sslmode") {
		q.Set("sslmode", "disable")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// mysqlDSN returns the go-sql-driver/mysql DSN. The driver splits the user
// from the password at the first ':' and the credentials from the address at
// the last '@' before the last '/', so the password is written as is (any
// byte is safe), the database name is path-escaped and parameter values are
// query-escaped (the driver unescapes them).
func (d Database) mysqlDSN() string {
	var b strings.Builder
	if d.Username != "" || d.Password != "" {
		b.WriteString(d.Username)
		if d.Password != "" {
			b.WriteByte(':')
			b.WriteString(string(d.Password))
		}
		b.WriteByte('@')
	}
	b.WriteString("tcp(")
	b.WriteString(net.JoinHostPort(d.Host, strconv.Itoa(d.Port)))
	b.WriteString(")/")
	b.WriteString(url.PathEscape(d.Name))
	q := cloneValues(d.Params)
	for _, p := range [][2]string{{"parseTime", "true"}, {"multiStatements", "true"}, {"charset", "utf8mb4"}} {
		if !q.Has(p[0]) {
			q.Set(p[0], p[1])
		}
	}
	b.WriteByte('?')
	b.WriteString(encodeQuery(q, ","))
	return b.String()
}

// String returns d as a URL with the password redacted, for people and
// logs: "postgres://app:xxxxx@db:5432/app?sslmode=require",
// "mysql://app:xxxxx@db:3306/app" or "sqlite:petra.sqlite3".
func (d Database) String() string {
	switch d.Connection {
	case Postgres:
		u, _ := url.Parse(d.postgresURL(true)) // our own output: always parses
		if len(d.Params) == 0 {
			u.RawQuery = ""
		}
		return u.String()
	case MySQL:
		u := url.URL{
			Scheme:   "mysql",
			Host:     net.JoinHostPort(d.Host, strconv.Itoa(d.Port)),
			Path:     "/" + d.Name,
			User:     userinfo(d.Username, d.Password, true),
			RawQuery: d.Params.Encode(),
		}
		return u.String()
	}
	s := "sqlite:" + d.Name
	if len(d.Params) > 0 {
		s += "?" + encodeQuery(d.Params, "()")
	}
	return s
}

// LogValue implements [slog.LogValuer]: d's fields as a group, with the
// password redacted.
func (d Database) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("connection", string(d.Connection))}
	if d.Connection != SQLite {
		attrs = append(attrs,
			slog.String("host", d.Host),
			slog.Int("port", d.Port),
		)
	}
	attrs = append(attrs, slog.String("database", d.Name))
	if d.Connection != SQLite {
		attrs = append(attrs,
			slog.String("username", d.Username),
			slog.String("password", d.Password.String()),
		)
	}
	if len(d.Params) > 0 {
		attrs = append(attrs, slog.String("params", d.Params.Encode()))
	}
	attrs = append(attrs,
		slog.Int("max_open_conns", d.MaxOpenConns),
		slog.Int("max_idle_conns", d.MaxIdleConns),
		slog.Duration("conn_max_lifetime", d.ConnMaxLifetime),
		slog.Bool("migrate_on_start", d.MigrateOnStart),
	)
	return slog.GroupValue(attrs...)
}

// userinfo builds URL credentials; redact replaces a password with "xxxxx".
func userinfo(user string, pass Secret, redact bool) *url.Userinfo {
	switch {
	case pass != "" && redact:
		return url.UserPassword(user, "xxxxx")
	case pass != "":
		return url.UserPassword(user, string(pass))
	case user != "":
		return url.User(user)
	}
	return nil
}

// cloneValues copies v so defaults can be added without changing it.
func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v)+3)
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// encodeQuery is url.Values.Encode (sorted by key, values in order) leaving
// the bytes in keep unescaped: SQLite reads "_pragma=busy_timeout(5000)" and
// go-sql-driver/mysql reads charset lists ("utf8mb4,utf8") without
// unescaping them.
func encodeQuery(v url.Values, keep string) string {
	s := v.Encode()
	for _, c := range keep {
		s = strings.ReplaceAll(s, url.QueryEscape(string(c)), string(c))
	}
	return s
}
