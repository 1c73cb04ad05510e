package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// errNotConfirmed stops a destructive command the user did not confirm.
var errNotConfirmed = errors.New("not confirmed: nothing was changed")

// confirm asks question on out and reads the answer from in: only "yes"
// goes on. When in is not a terminal nobody can answer, so it refuses and
// says to pass --yes.
func confirm(in io.Reader, out io.Writer, terminal bool, question string) error {
	if !terminal {
		return errors.New("refusing to roll back production without confirmation: pass --yes (standard input is not a terminal)")
	}
	fmt.Fprintf(out, "%s Type yes to go on: ", question)
	answer, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if strings.TrimSpace(answer) != "yes" {
		return errNotConfirmed
	}
	return nil
}

// isTerminal reports whether r is a terminal (a character device).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
