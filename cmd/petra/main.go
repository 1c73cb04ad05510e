// Command petra runs and manages petra's example app.
//
//	petra serve              migrate (in development), then serve on PETRA_ADDR
//	petra routes             print the route table
//	petra openapi            write the OpenAPI document (-f yaml, -o file)
//	petra migrate up|down|status
//
// Settings come from the environment and an optional .env file; see
// .env.example for every key.
package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := rootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "petra:", err)
		os.Exit(1)
	}
}

func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "petra",
		Short:         "Run and manage the petra example app",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(serveCmd(), routesCmd(), migrateCmd(), openapiCmd())
	return root
}

// newLogger returns the JSON logger of the commands, on stderr.
func newLogger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stderr, nil))
}
