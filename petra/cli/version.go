package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// petraModule is the module path of the framework, looked up in the build
// information to say which petra an app was built with.
const petraModule = "github.com/go-petra/petra"

func versionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the app's, petra's and Go's versions",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			app, petra := buildVersions()
			if env.Project.Version != "" {
				app = env.Project.Version
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "%s %s (petra %s, %s)\n", env.Project.DisplayName(), app, petra, runtime.Version())
			return err
		},
	}
}

// buildVersions reads the binary's build information: the main module's
// version (with its VCS revision when it has no tagged version) and the
// version of petra it was built with ("(devel)" for a local checkout).
func buildVersions() (app, petra string) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)", "(unknown)"
	}
	app = info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && (app == "" || app == "(devel)") {
			app = "(devel) " + s.Value
		}
	}
	if info.Main.Path == petraModule {
		return app, app
	}
	petra = "(not linked)"
	for _, dep := range info.Deps {
		if dep.Path != petraModule {
			continue
		}
		petra = dep.Version
		if dep.Replace != nil {
			petra = dep.Replace.Path
			if dep.Replace.Version != "" {
				petra += " " + dep.Replace.Version
			}
		}
	}
	return app, petra
}
