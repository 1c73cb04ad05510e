package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra/project"
)

// Exit statuses of [Run].
const (
	ExitOK    = 0 // the command succeeded
	ExitError = 1 // the command failed
	ExitUsage = 2 // the command line was wrong: unknown command or flag, wrong arguments
)

// A Command builds one of an app's own commands, given the environment the
// CLI's commands share. It is called once per run.
type Command func(env *Env) *cobra.Command

// Main runs p's command line with the process's arguments and streams, and
// exits with [Run]'s status. SIGINT and SIGTERM cancel the commands' context.
func Main(p *project.Project, commands ...Command) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, p, os.Args[1:], Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, commands...)
	stop()
	os.Exit(code)
}

// Streams are where the commands read and write: the process's standard
// streams in [Main], buffers in tests.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
}

// Run runs p's command line with args (without the program name) and returns
// the exit status: [ExitOK], [ExitError] (the error printed on s.Err) or
// [ExitUsage] (the mistake and where to find help printed on s.Err).
func Run(ctx context.Context, p *project.Project, args []string, s Streams, commands ...Command) int {
	root := New(p, s, commands...)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintf(s.Err, "%s: %v\n", root.Name(), err)
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(s.Err, "Run '%s --help' for usage.\n", usage.cmd.CommandPath())
		return ExitUsage
	}
	return ExitError
}

// New returns p's root command over the streams s, with the standard
// commands and then commands, for callers that run it themselves.
func New(p *project.Project, s Streams, commands ...Command) *cobra.Command {
	env := &Env{Project: p, streams: s}
	root := group(&cobra.Command{
		Use:   p.DisplayName(),
		Short: "Run and manage " + p.DisplayName(),
		Long: "Run and manage " + p.DisplayName() + ". Settings come from the environment and an\n" +
			"optional .env file in the working directory; the environment wins.",
		SilenceUsage:  true,
		SilenceErrors: true,
	})
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return &usageError{cmd: cmd, err: err} })
	for _, c := range []Command{serveCmd, workerCmd, jobsCmd, routesCmd, openapiCmd, migrateCmd, checkCmd, makeCmd, versionCmd} {
		root.AddCommand(c(env))
	}
	for _, c := range commands {
		root.AddCommand(c(env))
	}
	return root
}
