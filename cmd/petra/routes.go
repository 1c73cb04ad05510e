package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
)

func routesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "routes",
		Short: "Print every route: method, path, view, name and module",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger := newLogger()
			s, err := loadSettings(logger)
			if err != nil {
				return err
			}
			// The routes do not depend on the data: build the app over an
			// empty in-memory database rather than touch the configured one.
			d, err := db.Open(cmd.Context(), string(config.SQLite), ":memory:")
			if err != nil {
				return err
			}
			defer d.Close()
			app, err := modules.NewApp(s, d, nil, logger)
			if err != nil {
				return err
			}
			return printRoutes(cmd.OutOrStdout(), app.Routes())
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
