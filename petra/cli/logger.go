package cli

import (
	"io"
	"log/slog"

	"github.com/go-petra/petra/petra/config"
)

// newLogger returns the logger of the commands, on w: as LOG_FORMAT and
// LOG_LEVEL say once the settings s are loaded (text in development, JSON
// in production), and text at info level before, while s is nil.
func newLogger(w io.Writer, s *config.Settings) *slog.Logger {
	if s == nil {
		return config.Logger(config.Log{Format: config.LogText, Level: slog.LevelInfo}, w)
	}
	return config.Logger(s.Log, w)
}
