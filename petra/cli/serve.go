package cli

import (
	"github.com/spf13/cobra"
)

func serveCmd(env *Env) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the app until SIGINT or SIGTERM",
		Long: "Serve opens the database (SQLite by default), applies pending migrations when\n" +
			"DB_MIGRATE_ON_START is true (the development default) and serves the app on\n" +
			"--addr (default PETRA_ADDR), finishing in-flight requests on SIGINT or SIGTERM.\n" +
			"With JOBS_ENABLED (the default), it also runs the app's job workers and\n" +
			"schedules, and drains them on shutdown.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := env.Settings()
			if err != nil {
				return err
			}
			if addr != "" {
				s.Addr = addr // the flag wins over PETRA_ADDR
			}
			logger := env.Logger()
			logger.Info("petra: settings", "settings", s)
			rt, err := env.Project.Open(cmd.Context(), s, logger)
			if err != nil {
				return err
			}
			defer rt.Close() // drains the jobs after the last request
			if err := rt.StartJobs(cmd.Context()); err != nil {
				return err
			}
			return rt.App.Run(cmd.Context(), s.Addr)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "host:port to listen on (default PETRA_ADDR, 127.0.0.1:8000)")
	return cmd
}
