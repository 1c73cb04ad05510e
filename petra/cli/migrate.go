package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/project"
	"github.com/go-petra/petra/petra/scaffold"
)

func migrateCmd(env *Env) *cobra.Command {
	cmd := group(&cobra.Command{
		Use:   "migrate",
		Short: "Apply, roll back, list or create the modules' migrations",
	})
	cmd.AddCommand(migrateUpCmd(env), migrateDownCmd(env), migrateStatusCmd(env), migrateCreateCmd(env))
	return cmd
}

func migrateUpCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "up",
		Short: "Apply every pending migration of every module, then River's when jobs are on",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := env.Settings()
			if err != nil {
				return err
			}
			return withMigrators(cmd.Context(), env, func(d *db.DB, ms []*db.Migrator) error {
				if err := step(cmd, ms, (*db.Migrator).Up); err != nil {
					return err
				}
				migrated, err := project.MigrateJobs(cmd.Context(), s, d, env.Logger())
				if migrated && err == nil {
					fmt.Fprintln(cmd.OutOrStdout(), "up jobs River's tables are up to date")
				}
				return err
			})
		},
	}
}

func migrateDownCmd(env *Env) *cobra.Command {
	var yes bool
	var module string
	cmd := &cobra.Command{
		Use:   "down [--module MODULE]",
		Short: "Roll back the migration applied last, or a module's latest",
		Long: "Down rolls back one migration: the one applied last (of modules migrated in the\n" +
			"same run, the later module's), or with --module the latest of that module.\n" +
			"Run it again to roll back the one before. In production it asks for\n" +
			"confirmation on a terminal, or needs --yes.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := env.Settings()
			if err != nil {
				return err
			}
			return withMigrators(cmd.Context(), env, func(_ *db.DB, ms []*db.Migrator) error {
				m, last, err := latestApplied(cmd.Context(), ms, module)
				if err != nil {
					return err
				}
				if s.IsProduction() && !yes {
					question := fmt.Sprintf("Roll back %s %s in the production %s database %q?",
						last.Module, last.Name, s.Database.Connection, s.Database.Name)
					if err := confirm(env.streams.In, cmd.ErrOrStderr(), isTerminal(env.streams.In), question); err != nil {
						return err
					}
				}
				return step(cmd, []*db.Migrator{m}, (*db.Migrator).Down)
			})
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "roll back in production without asking")
	cmd.Flags().StringVar(&module, "module", "", "roll back this module's latest migration")
	return cmd
}

// latestApplied returns the migrator of ms whose latest applied migration
// was applied last, and that migration; with module, module's. Modules
// migrate in the order of ms, so of migrations applied at the same time the
// later module's is the later.
func latestApplied(ctx context.Context, ms []*db.Migrator, module string) (*db.Migrator, db.MigrationStatus, error) {
	var found *db.Migrator
	var last db.MigrationStatus
	known := false
	for _, m := range ms {
		status, err := m.Status(ctx)
		if err != nil {
			return nil, last, err
		}
		for _, st := range status {
			if module != "" && st.Module != module {
				continue
			}
			known = true
			if st.Applied && (found == nil || !st.AppliedAt.Before(last.AppliedAt)) {
				found, last = m, st
			}
		}
	}
	switch {
	case module != "" && !known:
		return nil, last, fmt.Errorf("no module %q has migrations", module)
	case found == nil && module != "":
		return nil, last, fmt.Errorf("%s has no migration applied", module)
	case found == nil:
		return nil, last, errors.New("no migration is applied: nothing to roll back")
	}
	return found, last, nil
}

func migrateStatusCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "List every migration and whether it is applied",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withMigrators(cmd.Context(), env, func(_ *db.DB, ms []*db.Migrator) error {
				var all []db.MigrationStatus
				for _, m := range ms {
					status, err := m.Status(cmd.Context())
					if err != nil {
						return err
					}
					all = append(all, status...)
				}
				return printStatus(cmd.OutOrStdout(), all)
			})
		},
	}
}

func migrateCreateCmd(env *Env) *cobra.Command {
	var module, dir string
	cmd := &cobra.Command{
		Use:   "create NAME --module MODULE",
		Short: "Create an empty migration of a module for each database",
		Long: "Create writes NNNNN_NAME.sql, with goose's Up and Down sections, under each of\n" +
			"the module's sqlite, postgres and mysql directories (by default\n" +
			"modules/MODULE/migrations), numbered after the module's latest migration.",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if module == "" {
				return usagef(cmd, "--module is required")
			}
			if !slices.ContainsFunc(env.Project.Migrations, func(m db.Migrations) bool { return m.Module == module }) {
				return fmt.Errorf("no module %q has migrations in %s (add its Migrations to the project first)", module, env.Project.DisplayName())
			}
			if dir == "" {
				dir = filepath.Join("modules", module, "migrations")
			}
			files, err := scaffold.CreateMigration(dir, args[0])
			for _, f := range files {
				fmt.Fprintln(cmd.OutOrStdout(), "created", f)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&module, "module", "", "the module the migration belongs to")
	cmd.Flags().StringVar(&dir, "dir", "", "the module's migrations directory (default modules/MODULE/migrations)")
	return cmd
}

// withMigrators opens the configured database and calls fn with it and the
// migrator of each module, in the order they migrate.
func withMigrators(ctx context.Context, env *Env, fn func(*db.DB, []*db.Migrator) error) error {
	d, err := env.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	ms, err := env.Project.Migrators(d)
	if err != nil {
		return err
	}
	return fn(d, ms)
}

// step runs one direction of migrations for each migrator in turn, printing
// each migration it ran, and stops at the first error.
func step(cmd *cobra.Command, ms []*db.Migrator, run func(*db.Migrator, context.Context) ([]db.MigrationResult, error)) error {
	for _, m := range ms {
		results, err := run(m, cmd.Context())
		for _, r := range results {
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s %s (%s)\n", r.Direction, r.Module, r.Name, r.Duration.Round(time.Millisecond))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func printStatus(w io.Writer, status []db.MigrationStatus) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MODULE\tVERSION\tNAME\tAPPLIED AT")
	for _, s := range status {
		applied := "pending"
		if s.Applied {
			applied = s.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", s.Module, s.Version, s.Name, applied)
	}
	return tw.Flush()
}
