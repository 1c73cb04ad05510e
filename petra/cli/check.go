package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/project"
)

// checkError is check's error once it has printed the problems.
type checkError struct{ problems int }

func (e checkError) Error() string {
	return fmt.Sprintf("check found %d problem(s)", e.problems)
}

func checkCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the settings, the database connection and pending migrations, River's too",
		Long: "Check loads the settings, builds the app, connects to the database and lists\n" +
			"the migrations not yet applied. It exits 1 when any of it fails, so a deploy\n" +
			"script can run it before serve.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c := checker{out: cmd.OutOrStdout()}
			s, err := env.Settings()
			if !c.report("settings", err, "") {
				return c.result()
			}
			routes, err := env.Project.Routes(cmd.Context(), s, env.Logger())
			c.report("app", err, fmt.Sprintf("%d routes", len(routes)))
			d, err := project.OpenDB(cmd.Context(), s.Database)
			if !c.report("database", err, describe(s.Database)) {
				return c.result()
			}
			defer d.Close()
			c.pending(cmd.Context(), env, d)
			if on, err := project.CheckJobs(cmd.Context(), s, d, env.Logger()); on || err != nil {
				c.report("River", err, "tables up to date")
			}
			return c.result()
		},
	}
}

// checker prints one line per check and counts the problems.
type checker struct {
	out      io.Writer
	problems int
}

// report prints the outcome of one check and reports whether it passed.
func (c *checker) report(what string, err error, detail string) bool {
	if err != nil {
		c.problems++
		fmt.Fprintf(c.out, "FAIL  %s: %v\n", what, err)
		return false
	}
	if detail != "" {
		detail = ": " + detail
	}
	fmt.Fprintf(c.out, "ok    %s%s\n", what, detail)
	return true
}

// pending reports the migrations not yet applied to d, one line each.
func (c *checker) pending(ctx context.Context, env *Env, d *db.DB) {
	ms, err := env.Project.Migrators(d)
	if err != nil {
		c.report("migrations", err, "")
		return
	}
	var pending []db.MigrationStatus
	for _, m := range ms {
		status, err := m.Status(ctx)
		if err != nil {
			c.report("migrations", err, "")
			return
		}
		for _, st := range status {
			if !st.Applied {
				pending = append(pending, st)
			}
		}
	}
	if len(pending) == 0 {
		c.report("migrations", nil, "all applied")
		return
	}
	for _, st := range pending {
		c.report("migrations", fmt.Errorf("%s %s is not applied (run migrate up)", st.Module, st.Name), "")
	}
}

func (c *checker) result() error {
	if c.problems > 0 {
		return checkError{c.problems}
	}
	fmt.Fprintln(c.out, "System check identified no problems.")
	return nil
}

// describe names the database the settings point at, without secrets.
func describe(d config.Database) string {
	if d.Connection == config.SQLite {
		return fmt.Sprintf("sqlite %s", d.Name)
	}
	return fmt.Sprintf("%s %s on %s:%d", d.Connection, d.Name, d.Host, d.Port)
}
