package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra/scaffold"
)

func makeCmd(*Env) *cobra.Command {
	cmd := group(&cobra.Command{
		Use:   "make",
		Short: "Generate code in the project in the working directory",
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "module NAME",
		Short: "Add a CRUD module: forms, viewset, urls, store, SQL, migrations and tests",
		Long: "Module writes modules/NAME with a CRUD resource mounted at /api/v1/NAME/, its\n" +
			"store with SQL files, migrations for SQLite, PostgreSQL and MySQL, and tests,\n" +
			"and registers it in modules/modules.go. NAME is a lower-case Go package name\n" +
			"such as product; the resource's path is its plural (products/).",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := scaffold.AddModule(".", args[0])
			if err != nil {
				return err
			}
			for _, f := range files {
				fmt.Fprintln(cmd.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	})
	return cmd
}
