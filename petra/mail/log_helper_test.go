package mail_test

import (
	"bytes"
	"log/slog"

	"github.com/go-petra/petra/petra/mail"
)

// fmtLog logs cfg with a JSON slog handler and returns the line.
func fmtLog(cfg mail.Config) string {
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("settings", "mail", cfg)
	return buf.String()
}
