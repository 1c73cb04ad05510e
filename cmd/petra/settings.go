package main

import (
	"log/slog"

	"github.com/go-petra/petra/petra/config"
)

// loadSettings reads the settings and logs their warnings.
func loadSettings(logger *slog.Logger) (*config.Settings, error) {
	s, err := config.Load()
	if err != nil {
		return nil, err
	}
	for _, w := range s.Warnings {
		logger.Warn(w)
	}
	return s, nil
}
