package config

import (
	"io"
	"log/slog"
	"strings"
	"time"
)

// LogFormat is LOG_FORMAT: how log lines are written.
type LogFormat string

// The formats LOG_FORMAT accepts.
const (
	LogText LogFormat = "text" // key=value lines for people: the development default
	LogJSON LogFormat = "json" // one JSON object a line for machines: the production default
)

// Log configures the program's logger; [Logger] builds it.
type Log struct {
	// Format is LOG_FORMAT: text (default in development) or json (default
	// in production).
	Format LogFormat
	// Level is LOG_LEVEL: debug, info (default), warn (or warning) or error.
	Level slog.Level
}

// LogValue implements [slog.LogValuer].
func (l Log) LogValue() slog.Value {
	return slog.GroupValue(slog.String("format", string(l.Format)), slog.String("level", l.Level.String()))
}

// log reads LOG_FORMAT and LOG_LEVEL.
func (l *loader) log(env Environment) Log {
	out := Log{Format: LogText, Level: slog.LevelInfo}
	if env == Production {
		out.Format = LogJSON
	}
	if v, ok := l.value("LOG_FORMAT"); ok {
		switch f := LogFormat(strings.ToLower(v)); f {
		case LogText, LogJSON:
			out.Format = f
		default:
			l.fail("LOG_FORMAT", "%q is not a log format (use text or json)", v)
		}
	}
	if v, ok := l.value("LOG_LEVEL"); ok {
		if strings.EqualFold(v, "warning") {
			v = "warn"
		}
		if err := out.Level.UnmarshalText([]byte(v)); err != nil {
			l.fail("LOG_LEVEL", "%q is not a log level (use debug, info, warn or error)", v)
		}
	}
	return out
}

// Logger returns a logger writing to w as s says: text or JSON lines, at
// s.Level and above. Durations are written in readable units ("12.3ms")
// in both formats, rather than JSON's nanoseconds.
func Logger(s Log, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: s.Level, ReplaceAttr: readableDuration}
	if s.Format == LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// readableDuration writes a duration as time.Duration.String does.
func readableDuration(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().Round(time.Microsecond).String())
	}
	return a
}
