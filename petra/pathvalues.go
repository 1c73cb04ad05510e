package petra

import (
	"net/http"
	"reflect"
	"unsafe"
)

// The walk's requests share one map of path values per pooled exchange (see
// exchange.values), so that setting a request's path values allocates
// nothing. Code may set path values of its own (r.SetPathValue("tenant", …)
// in a middleware or a view), under any name, and net/http has no way to
// unset one: the map must be emptied between requests, or such a value
// would be the next request's. So petra empties it in place, which needs
// the map itself: the unexported field of http.Request that SetPathValue
// writes when no http.ServeMux pattern names the value.
//
// valuesOffset is where that field is, found once by reflection and proved
// by a probe (a value set with SetPathValue is in the map, and emptying the
// map unsets it). On a Go whose http.Request differs, valuesFound is false
// and every walk's request gets a map of its own instead: as correct, one
// allocation dearer.
var valuesOffset, valuesFound = locateValues()

// locateValues returns the offset of http.Request's map of path values, and
// whether it was found and behaves as pathValues expects.
func locateValues() (uintptr, bool) {
	f, ok := reflect.TypeFor[http.Request]().FieldByName("otherValues")
	if !ok || f.Type != reflect.TypeFor[map[string]string]() {
		return 0, false
	}
	probe := new(http.Request)
	probe.SetPathValue("petra", "probe")
	m := *(*map[string]string)(unsafe.Add(unsafe.Pointer(probe), f.Offset))
	if len(m) != 1 || m["petra"] != "probe" {
		return 0, false
	}
	clear(m)
	return f.Offset, probe.PathValue("petra") == ""
}

// pathValues returns r's map of path values (nil until one is set), or nil
// when valuesFound is false.
func pathValues(r *http.Request) map[string]string {
	if !valuesFound {
		return nil
	}
	return *(*map[string]string)(unsafe.Add(unsafe.Pointer(r), valuesOffset))
}
