package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/joho/godotenv"
)

// readEnvFile parses the .env file at path. A missing file gives no values
// and no error when optional is true.
//
// godotenv's parse errors quote the rest of the file, which may hold
// secrets, so only their first clause is kept, with the line number found by
// parsing ever longer prefixes of the file.
func readEnvFile(path string, optional bool) (map[string]string, error) {
	data, err := os.ReadFile(path)
	switch {
	case optional && errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("config: env file %q: %w", path, unwrapPath(err))
	}
	if err := checkReferences(path, data); err != nil {
		return nil, err
	}
	vals, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		return nil, fmt.Errorf("config: env file %q: line %d: %s", path, badLine(data), parseProblem(err))
	}
	return vals, nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path the caller already
// prints, keeping errors.Is working on the cause.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// parseProblem keeps the part of a godotenv error that quotes no value.
func parseProblem(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " near "); i >= 0 {
		msg = msg[:i]
	}
	if strings.HasPrefix(msg, "unterminated quoted value") {
		msg = "unterminated quoted value"
	}
	return msg
}

// badLine returns the 1-based number of the line after the longest run of
// whole lines that parses, which is where a parse error starts.
func badLine(data []byte) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	good, end := 0, 0
	for i, line := range lines {
		end += len(line)
		if _, err := godotenv.UnmarshalBytes(data[:end]); err == nil {
			good = i + 1
		}
	}
	return good + 1
}
