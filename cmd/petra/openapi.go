package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/openapi"
)

func openapiCmd() *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "openapi",
		Short: "Write the app's OpenAPI 3.1 document, as JSON or YAML, to stdout or a file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger := newLogger()
			s, err := loadSettings(logger)
			if err != nil {
				return err
			}
			// The document does not depend on the data: build the app over an
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
			data, err := openapi.Encode(openapi.Build(app, modules.DocsConfig(s)), format)
			if err != nil {
				return err
			}
			if output == "" || output == "-" {
				_, err = cmd.OutOrStdout().Write(data)
				return err
			}
			return os.WriteFile(output, data, 0o644)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "json", "json or yaml")
	cmd.Flags().StringVarP(&output, "output", "o", "", "the file to write (default: stdout)")
	return cmd
}
