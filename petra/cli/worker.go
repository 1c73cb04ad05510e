package cli

import (
	"github.com/spf13/cobra"
)

func workerCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "worker",
		Short: "Run the app's background jobs and schedules, without serving HTTP",
		Long: "Worker opens the runtime as serve does and runs the job workers, the schedules\n" +
			"and the relay of the jobs outbox (when jobs have a database of their own)\n" +
			"until SIGINT or SIGTERM, then drains them: running jobs get SHUTDOWN_TIMEOUT\n" +
			"to finish, after which they are cancelled and retried later. Run any number\n" +
			"of workers beside serve on one PostgreSQL database; each job runs once.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			rt, err := openWithJobs(cmd.Context(), env)
			if err != nil {
				return err
			}
			logger := env.Logger()
			// As serve does: the workers, the schedules and the jobs
			// outbox's relay, until the context ends; Close drains them.
			if err := rt.StartJobs(cmd.Context()); err != nil {
				_ = rt.Close()
				return err
			}
			logger.Info("petra: worker started")
			<-cmd.Context().Done()
			err = rt.Close()
			logger.Info("petra: worker stopped")
			return err
		},
	}
}
