package cli

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra/scaffold"
)

// NewProject is the `new` command, which creates a project; petra's own
// command line has it, a project's does not need it.
func NewProject(*Env) *cobra.Command {
	var o scaffold.Options
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Create a project in the directory NAME",
		Long: "New creates a petra project in the directory NAME: go.mod, main.go, a first\n" +
			"module with its migrations and tests, .env.example, README, .gitignore and a\n" +
			"Dockerfile; then runs go mod tidy. petra is not published yet, so --petra\n" +
			"names a local checkout for go.mod's replace directive.",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = args[0]
			files, err := scaffold.NewProject(o)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, f := range files {
				fmt.Fprintln(out, "wrote", f)
			}
			tidy := exec.CommandContext(cmd.Context(), "go", "mod", "tidy")
			tidy.Dir, tidy.Stdout, tidy.Stderr = o.Dir, out, cmd.ErrOrStderr()
			tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
			if err := tidy.Run(); err != nil {
				return fmt.Errorf("go mod tidy in %s: %w", o.Dir, err)
			}
			fmt.Fprintf(out, "\nDone. Next:\n  cd %s\n  go run . serve      # http://127.0.0.1:8000\n  go test ./...\n", o.Dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Module, "module", "", "the Go module path (default NAME's base name)")
	cmd.Flags().StringVar(&o.Petra, "petra", "", "a local petra checkout to use through a replace directive")
	return cmd
}
