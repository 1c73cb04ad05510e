package config

import (
	"errors"
	"net/url"
	"slices"
	"strings"
)

// dbPartKeys are the keys DATABASE_URL replaces.
var dbPartKeys = []string{"DB_CONNECTION", "DB_HOST", "DB_PORT", "DB_DATABASE", "DB_USERNAME", "DB_PASSWORD", "DB_SSLMODE"}

// serverOnlyKeys are the DB_* keys that mean nothing to SQLite.
var serverOnlyKeys = []string{"DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_SSLMODE"}

// sslModes are the values of PostgreSQL's sslmode.
var sslModes = []string{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}

// DefaultProductionSSLMode is PostgreSQL's sslmode in production when
// neither DB_SSLMODE nor DATABASE_URL sets one: the connection is encrypted.
// Development keeps "disable", for a local server without TLS.
const DefaultProductionSSLMode = "require"

// database reads DATABASE_URL or the DB_* parts, then the pool settings.
func (l *loader) database(env Environment) Database {
	var d Database
	if raw, ok := l.secret("DATABASE_URL"); ok {
		d = l.databaseURL(strings.TrimSpace(string(raw)))
		l.warnIgnored("DATABASE_URL is set", dbPartKeys)
	} else {
		d = l.databaseParts()
	}
	if d.Connection == Postgres && !d.Params.Has("sslmode") && env == Production {
		if d.Params == nil {
			d.Params = url.Values{}
		}
		d.Params.Set("sslmode", DefaultProductionSSLMode)
	}
	l.databasePool(&d, env)
	return d
}

// databaseParts reads DB_CONNECTION, DB_HOST, DB_PORT, DB_DATABASE,
// DB_USERNAME and DB_PASSWORD.
func (l *loader) databaseParts() Database {
	d := Database{Connection: SQLite}
	if v, ok := l.value("DB_CONNECTION"); ok {
		if c, ok := connectionNames[strings.ToLower(v)]; ok {
			d.Connection = c
		} else {
			l.fail("DB_CONNECTION", "%q is not a supported connection (use sqlite, postgres or mysql)", v)
		}
	}
	if d.Connection == SQLite {
		d.Name = l.str("DB_DATABASE", DefaultSQLiteDatabase)
		d.Name, d.Params = l.splitSQLite("DB_DATABASE", d.Name)
		l.warnIgnored("DB_CONNECTION is sqlite", serverOnlyKeys)
		return d
	}
	d.Host = l.str("DB_HOST", DefaultDBHost)
	d.Port = l.port("DB_PORT", defaultPort(d.Connection))
	d.Name = l.str("DB_DATABASE", DefaultDatabase)
	d.Username = l.str("DB_USERNAME", "")
	d.Password, _ = l.secret("DB_PASSWORD")
	if v, ok := l.value("DB_SSLMODE"); ok {
		switch {
		case d.Connection != Postgres:
			l.warn("DB_SSLMODE is for postgres only, so it is ignored")
		case !slices.Contains(sslModes, v):
			l.fail("DB_SSLMODE", "%q is not an sslmode (use %s)", v, strings.Join(sslModes, ", "))
		default:
			d.Params = url.Values{"sslmode": {v}}
		}
	}
	l.checkServer(&d, "DB_USERNAME", "DB_DATABASE")
	return d
}

func defaultPort(c Connection) int {
	if c == MySQL {
		return DefaultMySQLPort
	}
	return DefaultPostgresPort
}

// checkServer rejects what a server DSN cannot express.
func (l *loader) checkServer(d *Database, userKey, nameKey string) {
	if d.Connection == MySQL && strings.Contains(d.Username, ":") {
		l.fail(userKey, "a MySQL user name cannot contain ':'")
	}
	if d.Name == "" || strings.Contains(d.Name, "/") {
		l.fail(nameKey, "%q is not a database name (it must be non-empty, without '/')", d.Name)
	}
}

// splitSQLite separates a SQLite path or "file:" URI from its query. key
// names the setting for errors.
func (l *loader) splitSQLite(key, name string) (string, url.Values) {
	path, query, hasQuery := strings.Cut(name, "?")
	if path == "" {
		l.fail(key, "the SQLite database has no file path (e.g. petra.sqlite3 or :memory:)")
		return DefaultSQLiteDatabase, nil
	}
	if !hasQuery {
		return path, nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		l.fail(key, "the SQLite query %q is malformed", query)
		return path, nil
	}
	return path, q
}

// databaseURL parses DATABASE_URL: postgres:// (or postgresql://),
// mysql:// (or mariadb://), sqlite:path (sqlite://path, sqlite:///abs/path)
// or file:path. The value may hold a password, so errors never quote it.
func (l *loader) databaseURL(raw string) Database {
	scheme, rest, ok := strings.Cut(raw, ":")
	switch strings.ToLower(scheme) {
	case "sqlite", "sqlite3":
		rest = strings.TrimPrefix(rest, "//")
		name, params := l.splitSQLite("DATABASE_URL", rest)
		return Database{Connection: SQLite, Name: name, Params: params}
	case "file":
		name, params := l.splitSQLite("DATABASE_URL", raw)
		return Database{Connection: SQLite, Name: name, Params: params}
	case "postgres", "postgresql":
		return l.serverURL(Postgres, raw)
	case "mysql", "mariadb":
		return l.serverURL(MySQL, raw)
	}
	if !ok || strings.ContainsAny(scheme, "/@") {
		l.fail("DATABASE_URL", "is not a URL (use postgres://…, mysql://…, sqlite:path or file:path)")
	} else {
		l.fail("DATABASE_URL", "scheme %q is not supported (use postgres://…, mysql://…, sqlite:path or file:path)", scheme)
	}
	return Database{Connection: SQLite, Name: DefaultSQLiteDatabase}
}

// serverURL parses a postgres:// or mysql:// DATABASE_URL.
func (l *loader) serverURL(c Connection, raw string) Database {
	d := Database{Connection: c, Host: DefaultDBHost, Port: defaultPort(c), Name: DefaultDatabase}
	u, err := url.Parse(raw)
	if err != nil {
		l.fail("DATABASE_URL", "is not a valid URL: %s", urlProblem(err))
		return d
	}
	if u.Opaque != "" {
		l.fail("DATABASE_URL", "is not a valid URL: want %s://user:password@host:port/database", u.Scheme)
		return d
	}
	if h := u.Hostname(); h != "" {
		d.Host = h
	}
	if p := u.Port(); p != "" {
		if n, ok := parsePort(p); ok && n > 0 {
			d.Port = n
		} else {
			l.fail("DATABASE_URL", "port %q is not a port number (1-65535)", p)
		}
	}
	if name := strings.TrimPrefix(u.Path, "/"); name != "" {
		d.Name = name
	}
	if u.User != nil {
		d.Username = u.User.Username()
		pw, _ := u.User.Password()
		d.Password = Secret(pw)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		l.fail("DATABASE_URL", "the query is malformed")
	}
	// Keep the password in one place, out of Params (which are logged).
	if pw, ok := q["password"]; ok {
		if d.Password == "" && len(pw) > 0 {
			d.Password = Secret(pw[len(pw)-1])
		}
		delete(q, "password")
	}
	if len(q) > 0 {
		d.Params = q
	}
	l.checkServer(&d, "DATABASE_URL", "DATABASE_URL")
	return d
}

// urlProblem returns what is wrong in a url.Parse error without the URL,
// which url.Error quotes in full, password included.
// An escape error quotes the bad escape, which may come from the password,
// so it is described instead.
func urlProblem(err error) string {
	if _, ok := errors.AsType[url.EscapeError](err); ok {
		return "it has an invalid %-escape (write special characters of the password as %XX, e.g. @ as %40)"
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err
	}
	return err.Error()
}

// databasePool reads the pool and migration settings into d.
func (l *loader) databasePool(d *Database, env Environment) {
	d.MaxOpenConns = l.integer("DB_MAX_OPEN_CONNS", DefaultMaxOpenConns, 0)
	idleDefault := DefaultMaxIdleConns
	if d.MaxOpenConns > 0 && d.MaxOpenConns < idleDefault {
		idleDefault = d.MaxOpenConns
	}
	d.MaxIdleConns = l.integer("DB_MAX_IDLE_CONNS", idleDefault, 0)
	if d.MaxOpenConns > 0 && d.MaxIdleConns > d.MaxOpenConns {
		l.fail("DB_MAX_IDLE_CONNS", "%d is more than DB_MAX_OPEN_CONNS (%d)", d.MaxIdleConns, d.MaxOpenConns)
		d.MaxIdleConns = d.MaxOpenConns
	}
	d.ConnMaxLifetime = l.duration("DB_CONN_MAX_LIFETIME", DefaultConnMaxLifetime, false)
	d.MigrateOnStart = l.boolean("DB_MIGRATE_ON_START", env == Development)
}

// warnIgnored warns, in one line starting with why, about those of keys that
// are set although why makes them have no effect.
func (l *loader) warnIgnored(why string, keys []string) {
	var ignored []string
	for _, key := range keys {
		if l.isSet(key) {
			ignored = append(ignored, key)
		}
	}
	switch len(ignored) {
	case 0:
	case 1:
		l.warn("%s, so %s is ignored", why, ignored[0])
	default:
		l.warn("%s, so %s are ignored", why, strings.Join(ignored, ", "))
	}
}
