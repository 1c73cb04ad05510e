// Package config reads petra's settings from the environment and an optional
// .env file, checks them all at once and hands them out as one typed
// [Settings] value; it is the only package of petra that reads the
// environment.
//
// # Loading
//
// A program calls [Load] once at start-up and turns the result into options
// for the rest of petra:
//
//	settings, err := config.Load()
//	if err != nil {
//		log.Fatal(err) // every problem, one per line: "config: DB_PORT: "abc" is not a port number (1-65535)"
//	}
//	for _, w := range settings.Warnings {
//		slog.Warn(w)
//	}
//
// Values come from the process environment first, then from the .env file in
// the working directory ([DefaultEnvFile], skipped when absent; choose another
// with [WithEnvFile]). A .env value never overrides a variable set in the real
// environment, and it is not copied into the process environment. An empty
// value means "unset": the key takes its default.
//
// In the .env file, an unquoted or double-quoted value may refer to a key set
// earlier in the same file ($NAME or ${NAME}, upper-case names). A
// reference to anything else is an error naming the key and the variable,
// never a value silently cut short (JWT_SECRET=abc$DEF would otherwise
// become "abc"). Single-quoted values are literal, and \$ writes a dollar
// sign: DB_PASSWORD='Pa$SW0RD' or DB_PASSWORD=Pa\$SW0RD.
//
// Tests and tools read settings from anything else with [LoadFrom], which
// ignores the process environment and the .env file:
//
//	settings, err := config.LoadFrom(config.MapLookup(map[string]string{"PETRA_ENV": "production", …}))
//
// # Keys
//
// .env.example at the root of the repository lists every key with its default.
// They are grouped as the fields of [Settings]: server keys (PETRA_ENV,
// PETRA_ADDR, PETRA_BASE_URL, BODY_LIMIT, SHUTDOWN_TIMEOUT), [Database]
// (DB_* or one DATABASE_URL, which wins over the DB_* parts), [JWT], [CORS],
// [RateLimit] and [APILog]. Durations are Go durations ("15m", "1h30m");
// sizes are bytes with an optional unit ("1048576", "512KiB", "2MiB");
// booleans are true/false, 1/0, yes/no or on/off.
//
// # The app's own keys
//
// An app reads its own settings (STRIPE_KEY, …) typed, through the same
// loader, with [WithKeys]: [Keys] has String, Int, Bool, Duration, URL and
// Secret, and their problems are reported with petra's, all at once. An app
// that uses no tokens says so with [WithoutAuth], and JWT_SECRET is then
// not required in production.
//
// # Logs
//
// LOG_FORMAT (text or json; text by default in development, json in
// production) and LOG_LEVEL (debug, info, warn, error) are [Settings].Log;
// [Logger] builds the *slog.Logger they describe.
//
// # Errors and warnings
//
// Load validates every key and returns all problems joined with
// [errors.Join], each a [*KeyError] naming the key, so a user fixes them in
// one go. Production is strict: JWT_SECRET must be set, at least 32 bytes,
// and not obviously weak (at least [MinJWTSecretDistinct] distinct byte
// values, not only white space); PostgreSQL connects with sslmode=require
// unless DB_SSLMODE or DATABASE_URL says otherwise; a PASSWORD_HASH_COST
// below 10 is a warning. DB_HOST, DB_PORT and the other server keys set
// with SQLite are reported as ignored. Development is forgiving: a missing
// JWT_SECRET is generated at random and marked [JWT.Generated], whose
// [JWT.Warning] the program that serves logs; other problems that do not
// stop start-up are reported in [Settings.Warnings] for the caller to log.
//
// # Secrets
//
// Passwords, the JWT secret and REDIS_URL are of type [Secret], which prints,
// logs and encodes as "[redacted]". [Database.String] and the LogValue
// methods show the rest of the settings without them, and error messages
// never quote them. [Database.DSN] is the one place that returns a password,
// for [database/sql.Open].
package config
