package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// usageError is a mistake on the command line, which [Run] answers with
// [ExitUsage] and a pointer to the help of the command it concerns.
type usageError struct {
	cmd *cobra.Command
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usageError about cmd.
func usagef(cmd *cobra.Command, format string, args ...any) error {
	return &usageError{cmd: cmd, err: fmt.Errorf(format, args...)}
}

// group makes cmd a command that only holds subcommands: run without one,
// or with one it does not know, it fails with a usage error instead of
// printing its help and succeeding, as cobra does by default.
func group(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			fmt.Fprint(cmd.ErrOrStderr(), cmd.UsageString())
			return usagef(cmd, "%q needs a command", cmd.CommandPath())
		}
		return usagef(cmd, "unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return cmd
}

// exactArgs accepts exactly n arguments, named in the usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == n:
			return nil
		case n == 0:
			return usagef(cmd, "unknown command %q for %q", args[0], cmd.CommandPath())
		default:
			return usagef(cmd, "%q takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
	}
}

// minArgs accepts n arguments or more, naming the shortfall in the usage
// error.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= n {
			return nil
		}
		return usagef(cmd, "%q takes at least %d argument(s), got %d", cmd.CommandPath(), n, len(args))
	}
}
