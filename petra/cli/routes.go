package cli

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra"
)

func routesCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "routes",
		Short: "Print every route serve serves: method, path, view, name and module",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := env.Settings()
			if err != nil {
				return err
			}
			routes, err := env.Project.Routes(cmd.Context(), s, env.Logger())
			if err != nil {
				return err
			}
			return printRoutes(cmd.OutOrStdout(), routes)
		},
	}
}

func printRoutes(w io.Writer, routes []petra.RouteInfo) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tPATH\tVIEW\tNAME\tMODULE")
	for _, r := range routes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Method, r.Path, r.View, r.Name, r.Module)
	}
	return tw.Flush()
}
