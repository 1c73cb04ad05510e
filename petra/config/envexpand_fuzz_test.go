package config

import (
	"strings"
	"testing"
)

// FuzzCheckReferences checks that the reference scan never panics and that
// its error never quotes a value.
func FuzzCheckReferences(f *testing.F) {
	for _, seed := range []string{"A=b$C\n", "A='$B'", "export A=\"${B}\"", `A=\$B`, "A=$(B)", "A=b # $C", "B=1\nA=$B"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		err := checkReferences(".env", []byte(data))
		if err != nil && strings.Contains(data, "SECRETVALUE") && strings.Contains(err.Error(), "SECRETVALUE=") {
			t.Fatalf("error quotes the file: %v", err)
		}
	})
}
