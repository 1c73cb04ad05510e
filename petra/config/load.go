package config

import (
	"errors"
	"os"
	"slices"
	"strings"
)

// DefaultEnvFile is the .env file [Load] reads when no [WithEnvFile] option
// is given, relative to the working directory.
const DefaultEnvFile = ".env"

// knownKeys lists every key petra reads, in the order of .env.example.
var knownKeys = []string{
	"PETRA_ENV", "PETRA_ADDR", "PETRA_BASE_URL", "BODY_LIMIT", "SHUTDOWN_TIMEOUT",
	"DB_CONNECTION", "DB_HOST", "DB_PORT", "DB_DATABASE", "DB_USERNAME", "DB_PASSWORD", "DB_SSLMODE", "DATABASE_URL",
	"DB_MAX_OPEN_CONNS", "DB_MAX_IDLE_CONNS", "DB_CONN_MAX_LIFETIME", "DB_MIGRATE_ON_START",
	"JWT_SECRET", "JWT_ACCESS_TTL", "JWT_REFRESH_TTL", "JWT_ISSUER", "JWT_LEEWAY", "PASSWORD_HASH_COST",
	"CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_METHODS", "CORS_ALLOWED_HEADERS", "CORS_ALLOW_CREDENTIALS", "CORS_MAX_AGE",
	"RATE_LIMIT_PER_MINUTE", "REDIS_URL",
	"API_LOG_ENABLED", "API_LOG_MAX_BODY", "PETRA_DOCS",
	"LOG_FORMAT", "LOG_LEVEL",
	"JOBS_ENABLED", "JOBS_DATABASE_URL",
	"MAIL_MAILER", "MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_ENCRYPTION",
	"MAIL_FROM_ADDRESS", "MAIL_FROM_NAME",
	"STORAGE_DISK", "STORAGE_LOCAL_ROOT", "STORAGE_LOCAL_URL", "STORAGE_TEMPORARY_URL", "STORAGE_SIGNING_KEY",
	"STORAGE_S3_ENDPOINT", "STORAGE_S3_REGION", "STORAGE_S3_BUCKET", "STORAGE_S3_ACCESS_KEY",
	"STORAGE_S3_SECRET_KEY", "STORAGE_S3_PATH_STYLE", "STORAGE_S3_URL",
}

// petraPrefixes mark the keys of a .env file that are meant for petra, so a
// misspelt one (DB_PASWORD) is reported instead of silently ignored.
var petraPrefixes = []string{"PETRA_", "DB_", "DATABASE_", "JWT_", "PASSWORD_", "CORS_", "RATE_LIMIT_", "API_LOG_", "LOG_", "JOBS_", "MAIL_", "STORAGE_"}

// Option changes where [Load] reads settings from.
type Option func(*options)

type options struct {
	lookup       func(key string) (string, bool)
	envFile      string
	envFileGiven bool
	keys         []func(*Keys)
	noAuth       bool
}

// WithLookup makes Load read variables through lookup instead of
// [os.LookupEnv]; lookup has the same contract (value, whether it is set).
// A nil lookup means os.LookupEnv. The .env file still fills in keys that
// lookup does not set.
func WithLookup(lookup func(key string) (string, bool)) Option {
	return func(o *options) { o.lookup = lookup }
}

// WithEnvFile makes Load read the .env file at path instead of
// [DefaultEnvFile]. Unlike the default file, which is skipped when absent,
// a file named here must exist. An empty path reads no file at all.
func WithEnvFile(path string) Option {
	return func(o *options) { o.envFile, o.envFileGiven = path, true }
}

// Load reads the settings from the process environment and the .env file
// ([DefaultEnvFile] unless [WithEnvFile] says otherwise), validates them and
// fills in defaults.
//
// The .env file (parsed by github.com/joho/godotenv) only supplies keys the
// environment does not set: a real environment variable always wins. Its
// values are not copied into the process environment. An empty value counts
// as unset, so the key takes its default.
//
// Load returns every problem at once, each a [*KeyError] naming the key,
// joined with [errors.Join]; secrets are never quoted in them. A malformed
// or unreadable .env file is an error naming the file. Problems that do not
// stop start-up are returned in [Settings.Warnings].
//
// Load changes no global state and is safe for concurrent use.
func Load(opts ...Option) (*Settings, error) {
	o := options{lookup: os.LookupEnv, envFile: DefaultEnvFile}
	for _, opt := range opts {
		opt(&o)
	}
	if o.lookup == nil {
		o.lookup = os.LookupEnv
	}

	lookup := o.lookup
	var file map[string]string
	if o.envFile != "" {
		var err error
		if file, err = readEnvFile(o.envFile, !o.envFileGiven); err != nil {
			return nil, err
		}
	}
	if len(file) > 0 {
		lookup = func(key string) (string, bool) {
			if v, ok := o.lookup(key); ok {
				return v, true
			}
			v, ok := file[key]
			return v, ok
		}
	}

	l := &loader{lookup: lookup}
	s := new(Settings)
	l.server(s)
	s.Database = l.database(s.Env)
	if !o.noAuth {
		s.JWT = l.jwt(s.Env)
	}
	s.PasswordHashCost = l.passwordHashCost()
	l.checkHashCost(s.Env, s.PasswordHashCost)
	s.CORS = l.cors()
	s.RateLimit = l.rateLimit()
	s.APILog = l.apiLog()
	s.Docs = l.boolean("PETRA_DOCS", s.Env == Development)
	s.Log = l.log(s.Env)
	s.Jobs = l.jobs(s.Database)
	s.batteries = l.batteries()
	for _, read := range o.keys {
		read(&Keys{l: l})
	}
	l.unknownFileKeys(o.envFile, file)

	if err := errors.Join(l.errs...); err != nil {
		return nil, err
	}
	s.Warnings = l.warnings
	return s, nil
}

// LoadFrom is [Load] reading only lookup: no process environment and no .env
// file. It suits tests and programs that keep settings elsewhere; with
// [MapLookup] it reads a map.
func LoadFrom(lookup func(key string) (string, bool)) (*Settings, error) {
	if lookup == nil {
		lookup = MapLookup(nil)
	}
	return Load(WithLookup(lookup), WithEnvFile(""))
}

// MapLookup returns a lookup function, for [LoadFrom] and [WithLookup], that
// reads m. A nil map sets nothing.
func MapLookup(m map[string]string) func(key string) (string, bool) {
	return func(key string) (string, bool) {
		v, ok := m[key]
		return v, ok
	}
}

// unknownFileKeys warns about keys of the .env file that look like petra's
// but are not, such as a misspelling.
func (l *loader) unknownFileKeys(path string, file map[string]string) {
	var unknown []string
	for key := range file {
		if slices.Contains(knownKeys, key) || slices.Contains(l.appKeys, key) {
			continue
		}
		for _, p := range petraPrefixes {
			if strings.HasPrefix(key, p) {
				unknown = append(unknown, key)
				break
			}
		}
	}
	slices.Sort(unknown)
	for _, key := range unknown {
		l.warn("%s: unknown key %s is ignored (see .env.example for petra's keys)", path, key)
	}
}
