package petra

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// ErrNoReverseMatch is the error of a reverse that cannot be made, as Django's
// NoReverseMatch: the view or name is no route of the app, or the parameters do
// not fit the route's path. Errors of [App.URL] wrap it.
var ErrNoReverseMatch = errors.New("petra: no reverse match")

// URL returns the path of the route that serves view, with params in the place
// of the route's path parameters, in path order, as Django's reverse() does:
//
//	app.URL(v.GetSingleUser, u.UUID)          // "/api/v1/user/users/5f0c…"
//	app.URL("user:get_single_user", u.UUID)   // the same, by route name
//
// view is a view as routes take it (a method value such as v.GetSingleUser, a
// function, what dto.Form returns) or a route's name ([RouteInfo.Name]). A
// method value names its method whatever the instance, as permission rules do
// ([PermissionRule.Only]). A param is a string, an integer or a fmt.Stringer
// (uuid.UUID); each must pass its route's converter (a uuid for <uuid:…>, digits
// for <int:…>, no '/' but in a <path:…> or "*" parameter, which takes the rest
// of the path) and is escaped in the path. The path includes the module's mount
// prefix and answers the route's view when requested.
//
// The error wraps [ErrNoReverseMatch] when view names no route, names routes at
// several paths (reverse one of them by name), or params do not fit. Declare
// with [Route.Reverses] the views a view reverses, so that [App.Check] finds a
// missing one when the app starts rather than on a request.
func (a *App) URL(view any, params ...any) (string, error) {
	t, err := newTarget(view)
	if err != nil {
		return "", err
	}
	op, err := a.lookup(t)
	if err != nil {
		return "", err
	}
	return op.reverse.pattern.build(op, params)
}

// MustURL is [App.URL] for tests and for setting up: it panics when the reverse
// cannot be made.
func (a *App) MustURL(view any, params ...any) string {
	u, err := a.URL(view, params...)
	if err != nil {
		panic(err)
	}
	return u
}

// Reverse is [App.URL] of the app serving r, for a view that links to
// another, as in a Location header.
func (r *Request) Reverse(view any, params ...any) (string, error) {
	return r.app().URL(view, params...)
}

// Link is [Request.Reverse] made absolute as pagination links are: prefixed by
// the app's base URL when it has one ([WithBaseURL]), the path alone
// otherwise, since the Host a client sends is not to be trusted.
//
//	loc, err := r.Link(v.GetSingleUser, u.UUID)
//	…
//	return petra.Response(u, status.HTTP_201_CREATED).WithHeader("Location", loc)
func (r *Request) Link(view any, params ...any) (string, error) {
	path, err := r.Reverse(view, params...)
	if err != nil {
		return "", err
	}
	return r.app().settings.baseURL + path, nil
}

// Reverses returns a copy of rt that declares the views its view reverses
// (with [Request.Reverse] or [Request.Link]), by view or route name as
// [App.URL] takes them, so that [App.Check] proves they are routes of the app
// when it starts. It panics if a view is neither a func nor a non-empty string.
//
//	petra.Post("registration/", dto.Form(v.Register)).Reverses(v.GetSingleUser)
func (rt Route) Reverses(views ...any) Route {
	targets := make([]target, len(views))
	for i, view := range views {
		t, err := newTarget(view)
		if err != nil {
			panic(fmt.Sprintf("petra: Reverses of %s %s: %v", rt.method, rt.path, err))
		}
		targets[i] = t
	}
	rt.reverses = append(rt.reverses[:len(rt.reverses):len(rt.reverses)], targets...)
	return rt
}

// Check reports what would fail on requests but can be found before the app
// serves: each view a route declares it reverses ([Route.Reverses]) must name
// the routes of one path. Call it once every module is mounted; [App.Serve]
// (and so [App.Run]) and petra/project's runtime refuse to start an app it
// faults.
func (a *App) Check() error {
	var errs []error
	for _, op := range a.operations {
		for _, t := range op.reverse.targets {
			if _, err := a.lookup(t); err != nil {
				errs = append(errs, fmt.Errorf("%s %s reverses: %w", op.Method, op.Path, err))
			}
		}
	}
	return errors.Join(errs...)
}

// target is what a reverse names: a route by name, or a view.
type target struct {
	name string // a route's name, or "" for a view
	view viewID
}

// newTarget reads view as [App.URL] takes it.
func newTarget(view any) (target, error) {
	if name, ok := view.(string); ok {
		if name == "" {
			return target{}, fmt.Errorf("%w: an empty route name", ErrNoReverseMatch)
		}
		return target{name: name}, nil
	}
	id, ok := funcID(view)
	if !ok || id.full == "" {
		return target{}, fmt.Errorf("%w: a view (a method value, a function, a Handler) or a route name, got %T", ErrNoReverseMatch, view)
	}
	return target{view: id}, nil
}

// String names t in errors.
func (t target) String() string {
	if t.name != "" {
		return strconv.Quote(t.name)
	}
	return t.view.String()
}

// names reports whether t names the view or route of op.
func (t target) names(op *Operation) bool {
	if t.name != "" {
		return op.Name == t.name
	}
	if t.view.receiver != "" {
		return t.view.receiver == op.reverse.view.receiver && t.view.method == op.reverse.view.method
	}
	return op.reverse.view.receiver == "" && t.view.full == op.reverse.view.full
}

// lookup returns the route t names. Several routes may serve one view on one
// path (GET and HEAD); on several paths, which one is meant cannot be told.
func (a *App) lookup(t target) (*Operation, error) {
	var found *Operation
	for i := range a.operations {
		op := &a.operations[i]
		if !t.names(op) {
			continue
		}
		if found != nil && found.Path != op.Path {
			return nil, fmt.Errorf("%w: %s is served at %s and at %s; reverse one by its route name",
				ErrNoReverseMatch, t, found.Path, op.Path)
		}
		if found == nil {
			found = op
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%w: %s is no route of the app", ErrNoReverseMatch, t)
	}
	return found, nil
}

// reverseInfo is what a mounted route keeps for reversing.
type reverseInfo struct {
	view    viewID   // the view it serves
	pattern pattern  // its full path, translated
	targets []target // what its view reverses: see Route.Reverses
}

// build fills the parameters of p, the pattern of op, with params, in path
// order, and escapes the path.
func (p pattern) build(op *Operation, params []any) (string, error) {
	want := len(p.keys)
	if p.bareWildcard() {
		want++
	}
	if len(params) != want {
		return "", fmt.Errorf("%w: %s takes %d path parameters (%s), got %d",
			ErrNoReverseMatch, op.Path, want, strings.Join(p.paramNames(), ", "), len(params))
	}
	var path strings.Builder
	next := 0
	for s := p.chi; s != ""; {
		switch s[0] {
		case '{':
			end := closingBrace(s)
			name, rexp, _ := strings.Cut(s[1:end], ":")
			v, err := p.param(op, name, rexp, params[next])
			if err != nil {
				return "", err
			}
			path.WriteString(v)
			next++
			s = s[end+1:]
		case '*':
			name := p.wildcard
			if name == "" {
				name = "*"
			}
			v, err := p.param(op, name, "", params[next])
			if err != nil {
				return "", err
			}
			path.WriteString(v)
			next++
			s = s[1:]
		default:
			i := strings.IndexAny(s, "{*")
			if i < 0 {
				i = len(s)
			}
			path.WriteString(s[:i])
			s = s[i:]
		}
	}
	return (&url.URL{Path: path.String()}).EscapedPath(), nil
}

// param checks the value of the parameter name of op as its converter or
// regexp would on a request, and returns it.
func (p pattern) param(op *Operation, name, rexp string, value any) (string, error) {
	s, ok := paramString(value)
	if !ok {
		return "", fmt.Errorf("%w: %s: the parameter %s is a %T; pass a string, an integer or a fmt.Stringer",
			ErrNoReverseMatch, op.Path, name, value)
	}
	wildcard := name == "*" || name == p.wildcard
	fits := s != "" && (wildcard || !strings.Contains(s, "/"))
	for _, c := range p.params {
		if c.name == name {
			fits = fits && c.conv.match(s)
		}
	}
	if rexp != "" {
		re, err := regexp.Compile("^(?:" + rexp + ")$")
		fits = fits && err == nil && re.MatchString(s)
	}
	if !fits {
		return "", fmt.Errorf("%w: %s: %q does not fit the parameter %s", ErrNoReverseMatch, op.Path, s, name)
	}
	return s, nil
}

// bareWildcard reports whether p ends with chi's "*" rather than a <path:…>
// parameter, as [Mount] routes do: the rest of the path is then one more
// parameter.
func (p pattern) bareWildcard() bool { return strings.HasSuffix(p.chi, "*") && p.wildcard == "" }

// paramNames names p's parameters in path order, for errors.
func (p pattern) paramNames() []string {
	names := append([]string(nil), p.keys...)
	if p.bareWildcard() {
		names = append(names, "*")
	}
	return names
}

// paramString spells a path parameter: strings and integers as they are, any
// other type by its String method.
func paramString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case fmt.Stringer:
		return v.String(), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), true
	}
	return "", false
}
