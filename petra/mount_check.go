package petra

// MountCheck is told, when a route is mounted, the route's method, its full
// path and the names of its path parameters in path order. A wrapper that reads
// path parameters by name (dto.Form's path tags) panics there when a name it
// needs is not among them, rather than reading "" on every request.
type MountCheck func(method, path string, params []string)

// WithMountCheck returns a copy of h whose routes call check when they are
// mounted, for packages that wrap views, such as dto.
func (h Handler) WithMountCheck(check MountCheck) Handler {
	h.check = check
	return h
}

// checkMount runs the route's MountCheck, if its view has one, on its full
// path, and its AppCheck on a, the app it is mounted in.
func (rt Route) checkMount(a *App, path string) {
	if rt.check != nil {
		rt.check(rt.method, path, parsePattern(path).keys)
	}
	if rt.appCheck != nil {
		rt.appCheck(a)
	}
}
