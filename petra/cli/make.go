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
		Use:   "module NAME [FIELD:TYPE[:optional]...]",
		Short: "Add a CRUD module: forms, viewset, urls, store, SQL, migrations and tests",
		Long: "Module writes modules/NAME with a CRUD resource mounted at /api/v1/NAME/, its\n" +
			"store with SQL files, migrations for SQLite, PostgreSQL and MySQL, and tests,\n" +
			"and registers it in modules/modules.go. NAME is a lower-case Go package name\n" +
			"such as product; the resource's path is its plural (products/).\n\n" +
			"The fields follow, each NAME:TYPE, snake_case, with TYPE one of string (at\n" +
			"most 255 characters), text (at most 10000), int, float, bool or time (RFC\n" +
			"3339); a field is required unless it ends in :optional. Without fields the\n" +
			"module has name:string description:text:optional.",
		Example: "  go run . make module product name:string price:int in_stock:bool notes:text:optional",
		Args:    minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := scaffold.AddModule(".", args[0], args[1:]...)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, f := range files {
				fmt.Fprintln(out, "wrote", f)
			}
			fmt.Fprintf(out, "\nThe module %s will be served at %s: restart serve, which\n"+
				"migrates in development (elsewhere, run migrate up first).\n", args[0], scaffold.ResourcePath(args[0]))
			return nil
		},
	})
	return cmd
}
