package petra

import (
	"net/http"
	"reflect"
	"unsafe"
)

// The walk's requests share one map of path values per pooled exchange
// (exchange.values), so that setting a request's path values allocates
// nothing. Code may set path values of its own (r.SetPathValue("tenant", …)
// in a middleware or a view), under any name, and net/http has no way to
// unset one: the map must be emptied between requests, or such a value
// would be the next request's. So petra hands the walk's request the pooled
// map and empties it in place, which needs the unexported field of
// http.Request that SetPathValue writes when no http.ServeMux pattern names
// the value.
//
// valuesOffset is where that field is, found once by reflection and proved
// by a probe (a value set with SetPathValue is in the map, a map put there
// is the one PathValue reads, and emptying it unsets its values). On a Go
// whose http.Request differs, valuesFound is false and every walk's request
// gets a map of its own instead: as correct, one allocation dearer.
var valuesOffset, valuesFound = locateValues()

// locateValues returns the offset of http.Request's map of path values, and
// whether it was found and behaves as valuesField's callers expect.
func locateValues() (uintptr, bool) {
	f, ok := reflect.TypeFor[http.Request]().FieldByName("otherValues")
	if !ok || f.Type != reflect.TypeFor[map[string]string]() {
		return 0, false
	}
	field := func(r *http.Request) *map[string]string {
		return (*map[string]string)(unsafe.Add(unsafe.Pointer(r), f.Offset))
	}
	probe := new(http.Request)
	probe.SetPathValue("petra", "probe")
	if m := *field(probe); len(m) != 1 || m["petra"] != "probe" {
		return 0, false
	}
	shared := map[string]string{"petra": "shared"}
	*field(probe) = shared
	if probe.PathValue("petra") != "shared" {
		return 0, false
	}
	clear(shared)
	return f.Offset, probe.PathValue("petra") == ""
}

// valuesField returns the field of r that holds its map of path values. Only
// when valuesFound.
func valuesField(r *http.Request) *map[string]string {
	return (*map[string]string)(unsafe.Add(unsafe.Pointer(r), valuesOffset))
}
