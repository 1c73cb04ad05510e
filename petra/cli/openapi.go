package cli

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra/openapi"
)

func openapiCmd(env *Env) *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "openapi",
		Short: "Write the app's OpenAPI 3.1 document, as JSON or YAML, to stdout or a file",
		Long: "Openapi writes the document the app serves at /openapi.json, built from its routes and\n" +
			"forms over an empty in-memory database: it touches neither the configured database nor Redis.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "json" && format != "yaml" {
				return usagef(cmd, "--format %q: want json or yaml", format)
			}
			s, err := env.Settings()
			if err != nil {
				return err
			}
			doc, err := env.Project.Document(cmd.Context(), s, env.Logger())
			if err != nil {
				return err
			}
			data, err := openapi.Encode(doc, format)
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
