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
			"and registers it in modules/modules.go. NAME is lower-case letters and digits,\n" +
			"singular or plural: product and products both make the module product, whose\n" +
			"table and path are products (/api/v1/product/products/). Irregular and\n" +
			"uncountable nouns are known: quizzes makes quiz, people person, news news.\n\n" +
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
			name := scaffold.ModuleName(args[0])
			if name != args[0] {
				name += fmt.Sprintf(" (%s read as its plural)", args[0])
			}
			fmt.Fprintf(out, "\nThe module %s will be served at %s.\nRestart serve, which "+
				"migrates in development (elsewhere, run migrate up first).\n", name, scaffold.ResourcePath(args[0]))
			return nil
		},
	})
	return cmd
}
