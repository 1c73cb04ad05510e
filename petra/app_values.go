package petra

// WithValue keeps value in the app under key, as context.WithValue keeps one
// in a context, for packages that extend petra with setup of their own per app
// (dto.WithRules): they read it back with [App.Value] when a route is mounted
// and [Request.AppValue] while serving. key must be comparable; use a type of
// your own, unexported, as for context keys, so that packages cannot collide.
// A later value under the same key replaces an earlier one.
func WithValue(key, value any) Option {
	return func(s *settings) {
		if s.values == nil {
			s.values = map[any]any{}
		}
		s.values[key] = value
	}
}

// Value returns the value the app keeps under key (see [WithValue]), or nil.
func (a *App) Value(key any) any { return a.settings.values[key] }

// AppValue returns the value the request's app keeps under key (see
// [WithValue]), or nil, as for a Request built outside an app.
func (r *Request) AppValue(key any) any {
	if r.route == nil {
		return nil
	}
	return r.route.app.settings.values[key]
}

// AppCheck is told, when a route is mounted, the app it is mounted in. A
// wrapper whose setup depends on the app (dto.Form, with the validation rules
// the app registered) checks the route there, and panics with what to fix.
type AppCheck func(a *App)

// WithAppCheck returns a copy of h whose routes call check with the app they
// are mounted in, for packages that wrap views, such as dto.
func (h Handler) WithAppCheck(check AppCheck) Handler {
	h.appCheck = check
	return h
}
