package cli

import (
	"io"
	"log/slog"

	"github.com/go-petra/petra/petra/config"
)

// newLogger returns the logger of the commands, writing JSON lines to w.
// s, nil before the settings are loaded, is where a log format and level
// would come from.
func newLogger(w io.Writer, _ *config.Settings) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, nil))
}
