package main

import (
	"github.com/spf13/cobra"

	"github.com/go-petra/petra/modules"
)

func serveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Serve the example app on PETRA_ADDR until SIGINT or SIGTERM",
		Long: "Serve opens the database (SQLite by default), applies pending migrations when\n" +
			"DB_MIGRATE_ON_START is true (the development default) and serves the app,\n" +
			"finishing in-flight requests on SIGINT or SIGTERM.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger := newLogger()
			s, err := loadSettings(logger)
			if err != nil {
				return err
			}
			rt, err := modules.Open(cmd.Context(), s, logger)
			if err != nil {
				return err
			}
			defer rt.Close()
			logger.Info("petra: settings", "settings", s)
			return rt.App.Run(cmd.Context(), s.Addr)
		},
	}
}
