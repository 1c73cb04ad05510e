package config_test

import (
	"bytes"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
)

func TestLogSettings(t *testing.T) {
	prod := map[string]string{"PETRA_ENV": "production", "JWT_SECRET": strongSecret}
	tests := []struct {
		name   string
		env    map[string]string
		format config.LogFormat
		level  slog.Level
	}{
		{"development default", map[string]string{}, config.LogText, slog.LevelInfo},
		{"production default", prod, config.LogJSON, slog.LevelInfo},
		{"set", with(prod, "LOG_FORMAT", "TEXT", "LOG_LEVEL", "debug"), config.LogText, slog.LevelDebug},
		{"warning", map[string]string{"LOG_LEVEL": "warning", "LOG_FORMAT": "json"}, config.LogJSON, slog.LevelWarn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, with(tt.env, "JWT_SECRET", strongSecret))
			assert.Equal(t, tt.format, s.Log.Format)
			assert.Equal(t, tt.level, s.Log.Level)
		})
	}
	errs := keyErrors(t, loadErr(t, map[string]string{"LOG_FORMAT": "xml", "LOG_LEVEL": "loud"}))
	require.Len(t, errs, 2)
	assert.Equal(t, "LOG_FORMAT", errs[0].Key)
	assert.Equal(t, "LOG_LEVEL", errs[1].Key)
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	text := config.Logger(config.Log{Format: config.LogText, Level: slog.LevelInfo}, &buf)
	text.Debug("hidden")
	text.Info("served", "duration", 12300*time.Microsecond)
	assert.NotContains(t, buf.String(), "hidden")
	assert.Contains(t, buf.String(), "duration=12.3ms", "durations read as units in text")

	buf.Reset()
	js := config.Logger(config.Log{Format: config.LogJSON, Level: slog.LevelDebug}, &buf)
	js.Debug("shown", "duration", 12300*time.Microsecond)
	assert.Contains(t, buf.String(), `"msg":"shown"`)
	assert.Contains(t, buf.String(), `"duration":"12.3ms"`, "and in JSON")
}
