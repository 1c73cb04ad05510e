package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/cli"
)

// superuserPasswordEnv names the variable a non-interactive createsuperuser
// takes the password from, as Django's DJANGO_SUPERUSER_PASSWORD. It is read
// here, by the one command that needs it, rather than as a setting.
const superuserPasswordEnv = "PETRA_SUPERUSER_PASSWORD"

// createsuperuserCmd is the example app's own command: the runtime knows no
// user model, the app does.
func createsuperuserCmd(env *cli.Env) *cobra.Command {
	var email, name string
	cmd := &cobra.Command{
		Use:   "createsuperuser",
		Short: "Create a staff user",
		Long: "Createsuperuser creates a staff user, who may read the API log, the route table in\n" +
			"production and delete any user. The password comes from " + superuserPasswordEnv + ";\n" +
			"without it, on a terminal, it is prompted for twice without echo, and so are a\n" +
			"missing --email and --name.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := newPrompter(cmd)
			var err error
			if email, err = p.ask("Email: ", email); err != nil {
				return err
			}
			if name, err = p.ask("Name: ", name); err != nil {
				return err
			}
			password, err := p.password()
			if err != nil {
				return err
			}
			s, err := env.Settings()
			if err != nil {
				return err
			}
			d, err := env.OpenDB(cmd.Context())
			if err != nil {
				return err
			}
			defer d.Close()
			if s.Database.MigrateOnStart {
				if err := env.Project.Migrate(cmd.Context(), d, env.Logger()); err != nil {
					return err
				}
			}
			u, err := user.CreateSuperuser(cmd.Context(), user.NewStore(d), auth.Hasher{Cost: s.PasswordHashCost}, name, email, password)
			if errors.Is(err, user.ErrEmailTaken) {
				return fmt.Errorf("the email %s is already registered", user.NormalizeEmail(email))
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Superuser %s created (username %s, uuid %s)\n", u.Email, u.Username, u.UUID)
			return nil
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "the staff user's email")
	cmd.Flags().StringVar(&name, "name", "", "the staff user's name")
	return cmd
}

// prompter asks for what the flags and the environment did not give, on a
// terminal only.
type prompter struct {
	in       *bufio.Reader
	out      io.Writer
	terminal bool
	// readSecret reads a line without echo.
	readSecret func() (string, error)
}

// newPrompter prompts on cmd's standard error when its input is a terminal.
func newPrompter(cmd *cobra.Command) *prompter {
	in := cmd.InOrStdin()
	f, isFile := in.(*os.File)
	terminal := isFile && term.IsTerminal(int(f.Fd()))
	return &prompter{in: bufio.NewReader(in), out: cmd.ErrOrStderr(), terminal: terminal, readSecret: func() (string, error) {
		b, err := term.ReadPassword(int(f.Fd()))
		return string(b), err
	}}
}

// ask returns given when it is set, or a line read after prompt.
func (p *prompter) ask(prompt, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	if !p.terminal {
		return "", fmt.Errorf("%s is required: pass it as a flag", strings.ToLower(strings.TrimSuffix(prompt, ": ")))
	}
	fmt.Fprint(p.out, prompt)
	line, err := p.in.ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("reading %s: %w", strings.TrimSuffix(prompt, ": "), err)
	}
	return strings.TrimSpace(line), nil
}

// password returns PETRA_SUPERUSER_PASSWORD, or one typed twice on a terminal.
func (p *prompter) password() (string, error) {
	if pw, ok := os.LookupEnv(superuserPasswordEnv); ok && pw != "" {
		return pw, nil
	}
	if !p.terminal {
		return "", fmt.Errorf("no password: set %s, or run on a terminal to be asked for it", superuserPasswordEnv)
	}
	fmt.Fprint(p.out, "Password: ")
	first, err := p.readSecret()
	fmt.Fprintln(p.out)
	if err != nil {
		return "", err
	}
	fmt.Fprint(p.out, "Password (again): ")
	second, err := p.readSecret()
	fmt.Fprintln(p.out)
	if err != nil {
		return "", err
	}
	if first != second {
		return "", errors.New("the passwords do not match")
	}
	return first, nil
}
