package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra/jobs/outbox"
	"github.com/go-petra/petra/petra/project"
)

func jobsCmd(env *Env) *cobra.Command {
	cmd := group(&cobra.Command{
		Use:   "jobs",
		Short: "List the jobs outbox's parked rows and queue them again",
		Long: "The jobs outbox (jobs in a database of their own, JOBS_DATABASE_URL) parks a row\n" +
			"whose job it failed to enqueue MaxAttempts times. Parked lists those rows; once\n" +
			"the cause is fixed, retry makes them due again, and the relay of a running\n" +
			"serve or worker queues them at its next poll.",
	})
	cmd.AddCommand(jobsParkedCmd(env), jobsRetryCmd(env))
	return cmd
}

func jobsParkedCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "parked",
		Short: "List the outbox rows parked after their last attempt, oldest first",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withJobs(cmd.Context(), env, func(rt *project.Runtime) error {
				rows, err := rt.Outbox.Parked(cmd.Context())
				if err != nil {
					return err
				}
				if len(rows) == 0 {
					fmt.Fprintln(cmd.OutOrStdout(), noneParked(rt))
					return nil
				}
				return printParked(cmd.OutOrStdout(), rows)
			})
		},
	}
}

// noneParked says why rt's outbox has no parked row.
func noneParked(rt *project.Runtime) string {
	if !rt.Settings.Jobs.Separate() {
		return "No parked jobs: jobs are in the app's database and are enqueued in its transactions, without the outbox."
	}
	return "No parked jobs."
}

func jobsRetryCmd(env *Env) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "retry ID | --all",
		Short: "Queue a parked outbox row, or every one, again",
		Long: "Retry makes the parked row ID (from `jobs parked`), or with --all every parked\n" +
			"row, due again with a fresh count of attempts. The relay of a running serve or\n" +
			"worker queues its job at its next poll.",
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case all && len(args) > 0:
				return usagef(cmd, "give an ID or --all, not both")
			case all:
				return nil
			case len(args) != 1:
				return usagef(cmd, "%q takes an ID or --all", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return withJobs(cmd.Context(), env, func(rt *project.Runtime) error {
				if all {
					n, err := rt.Outbox.RetryAll(cmd.Context())
					if err != nil {
						return err
					}
					fmt.Fprintf(cmd.OutOrStdout(), "queued %d parked job(s) again\n", n)
					return nil
				}
				err := rt.Outbox.Retry(cmd.Context(), args[0])
				if errors.Is(err, outbox.ErrNotParked) {
					return fmt.Errorf("no parked job has the id %q (see `%s jobs parked`)", args[0], cmd.Root().Name())
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "queued 1 parked job again (%s)\n", args[0])
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "queue every parked row again")
	return cmd
}

// withJobs opens the runtime as worker does, when jobs are on, calls fn
// with it and closes it.
func withJobs(ctx context.Context, env *Env, fn func(*project.Runtime) error) error {
	rt, err := openWithJobs(ctx, env)
	if err != nil {
		return err
	}
	return errors.Join(fn(rt), rt.Close())
}

// openWithJobs opens the runtime as serve does, and fails, saying why,
// when its jobs are off. The caller closes it.
func openWithJobs(ctx context.Context, env *Env) (*project.Runtime, error) {
	s, err := env.Settings()
	if err != nil {
		return nil, err
	}
	if !s.Jobs.Enabled {
		return nil, errors.New("jobs are off (JOBS_ENABLED=false, or MySQL without JOBS_DATABASE_URL)")
	}
	rt, err := env.Project.Open(ctx, s, env.Logger())
	if err != nil {
		return nil, err
	}
	if rt.Jobs == nil {
		_ = rt.Close()
		return nil, errors.New("jobs are off: River runs on PostgreSQL or SQLite; set JOBS_DATABASE_URL")
	}
	return rt, nil
}

// printParked prints rows as a table, each on one line: an error's line
// breaks become spaces.
func printParked(w io.Writer, rows []outbox.ParkedRow) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tATTEMPTS\tPARKED AT\tLAST ERROR")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", r.ID, r.Kind, r.Attempts, r.Parked.UTC().Format(time.RFC3339), strings.Join(strings.Fields(r.LastError), " "))
	}
	return tw.Flush()
}
