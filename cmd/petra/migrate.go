package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra/db"
)

func migrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply, roll back or list the modules' migrations",
	}
	cmd.AddCommand(
		migrateStep("up", "Apply every pending migration of every module", func(ctx context.Context, m *db.Migrator) ([]db.MigrationResult, error) {
			return m.Up(ctx)
		}),
		migrateStep("down", "Roll back the latest migration of every module, last module first", func(ctx context.Context, m *db.Migrator) ([]db.MigrationResult, error) {
			return m.Down(ctx)
		}),
		&cobra.Command{
			Use:   "status",
			Short: "List every migration and whether it is applied",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return withMigrators(cmd.Context(), false, func(m *db.Migrator) error {
					status, err := m.Status(cmd.Context())
					if err != nil {
						return err
					}
					return printStatus(cmd.OutOrStdout(), status)
				})
			},
		},
	)
	return cmd
}

func migrateStep(use, short string, run func(context.Context, *db.Migrator) ([]db.MigrationResult, error)) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withMigrators(cmd.Context(), use == "down", func(m *db.Migrator) error {
				results, err := run(cmd.Context(), m)
				for _, r := range results {
					fmt.Fprintf(cmd.OutOrStdout(), "%s %s %s (%s)\n", r.Direction, r.Module, r.Name, r.Duration.Round(time.Millisecond))
				}
				return err
			})
		},
	}
}

// withMigrators opens the configured database and calls fn with the migrator
// of each module, in order, or in reverse order for a roll-back.
func withMigrators(ctx context.Context, reverse bool, fn func(*db.Migrator) error) error {
	s, err := loadSettings(newLogger())
	if err != nil {
		return err
	}
	d, err := modules.OpenDB(ctx, s.Database)
	if err != nil {
		return err
	}
	defer d.Close()
	all := modules.Migrations()
	for i := range all {
		m := all[i]
		if reverse {
			m = all[len(all)-1-i]
		}
		migrator, err := db.NewMigrator(d, m)
		if err != nil {
			return err
		}
		if err := fn(migrator); err != nil {
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
