package storage_test

import (
	"fmt"
)

// fmtLog prints v with every fmt verb a log line might use.
func fmtLog(v any) string { return fmt.Sprintf("%v %+v %#v", v, v, v) }
