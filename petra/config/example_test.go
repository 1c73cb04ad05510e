package config_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-petra/petra/petra/config"
)

func ExampleLoadFrom() {
	settings, err := config.LoadFrom(config.MapLookup(map[string]string{
		"PETRA_ENV":    "production",
		"PETRA_ADDR":   ":8080",
		"JWT_SECRET":   "an-example-secret-of-at-least-32-bytes",
		"DATABASE_URL": "postgres://app:s3cret@db.internal/shop?sslmode=require",
		"BODY_LIMIT":   "2MiB",
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(settings.IsProduction(), settings.Addr, settings.BodyLimit)
	fmt.Println(settings.Database)                // redacted
	fmt.Println(settings.JWT.Secret)              // redacted
	fmt.Println(settings.Database.MigrateOnStart) // false in production
	// Output:
	// true :8080 2097152
	// postgres://app:xxxxx@db.internal:5432/shop?sslmode=require
	// [redacted]
	// false
}

func ExampleLoadFrom_errors() {
	_, err := config.LoadFrom(config.MapLookup(map[string]string{
		"PETRA_ENV":     "production",
		"DB_CONNECTION": "postgres",
		"DB_PORT":       "abc",
	}))
	fmt.Println(err)

	var ke *config.KeyError
	if errors.As(err, &ke) {
		fmt.Println("first bad key:", ke.Key)
	}
	// Output:
	// config: DB_PORT: "abc" is not a port number (1-65535)
	// config: JWT_SECRET: must be set in production (at least 32 bytes, e.g. from: openssl rand -hex 32)
	// first bad key: DB_PORT
}

func ExampleDatabase_DSN() {
	for _, url := range []string{
		"sqlite:data/app.db",
		"postgres://app:p%40ss@db/shop",
		"mysql://app:p%40ss@db/shop",
	} {
		s, err := config.LoadFrom(config.MapLookup(map[string]string{"DATABASE_URL": url}))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(s.Database.Driver(), s.Database.DSN())
	}
	// Output:
	// sqlite data/app.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)
	// pgx postgres://app:p%40ss@db:5432/shop?sslmode=disable
	// mysql app:p@ss@tcp(db:3306)/shop?charset=utf8mb4&multiStatements=true&parseTime=true
}

func ExampleSecret() {
	password := config.Secret("hunter2")
	fmt.Println(password, fmt.Sprintf("%q %#v", password, password))
	fmt.Println(len(string(password))) // the value, by conversion
	// Output:
	// [redacted] "[redacted]" config.Secret("[redacted]")
	// 7
}

func ExampleLoad() {
	// In main: read the process environment and ./.env, log the warnings.
	settings, err := config.Load(
		config.WithLookup(config.MapLookup(map[string]string{"DB_SSLMODE": "require"})), // here: a map
		config.WithEnvFile(""), // here: no .env file
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range settings.Warnings {
		fmt.Println(w) // slog.Warn(w) in a real program
	}
	// Output:
	// config: DB_CONNECTION is sqlite, so DB_SSLMODE is ignored
}

// ExampleLogger builds the program's logger from LOG_FORMAT and LOG_LEVEL:
// text by default in development, JSON in production.
func ExampleLogger() {
	settings, err := config.LoadFrom(config.MapLookup(map[string]string{
		"LOG_FORMAT": "text", "LOG_LEVEL": "warn", "JWT_SECRET": "example-secret-0123456789abcdefghij",
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	logger := config.Logger(settings.Log, os.Stdout)
	logger.Info("not shown: below LOG_LEVEL")
	logger.Warn("slow request", "duration", 1234500*time.Microsecond)
	// Prints one line: time=… level=WARN msg="slow request" duration=1.2345s
}
